package samplegen

// Word lists. Everything here must be encodable in Windows-1252, since some
// files are written in it (Vietnamese or Polish diacritics would not be).

var surnames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
	"Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
	"Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
	"Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
	"Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand",
	"Dufour", "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin",
	"Fernandez", "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal",
	"Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Philippe", "Lacroix", "Fabre", "Dupuis", "Olivier",
	"Da Silva", "Hubert", "Rivière", "Le Gall", "Guillaume", "Moulin", "Berger", "Lecomte", "Ménard", "Fleury",
	"Deschamps", "Carpentier", "Benoît", "Maillard", "Aubry", "Prévost", "Poirier", "Charpentier", "Carré", "Rémy",
	"Chabrol", "Faucher", "Bardet", "Lachaud", "Peyrat", "Chaumeil", "Delpy", "Vergne", "Bouyssou", "Couderc",
	"Lavergne", "Mourier", "Pradeau", "Tarrade", "Boudy", "Queyroi", "Desproges", "Mazaud", "Nouhaud", "Bourdarias",
	"Dos Santos", "Ferreira", "Yilmaz", "Benali", "Traoré", "Diallo", "Haddad", "Kowalski", "Œuvrard", "Ménétrier",
}

// rareSurnames are written now and then to exercise apostrophes (both
// kinds), hyphens and a name starting with '=' (Pix's formula guard).
var rareSurnames = []string{
	"D’Almeida", "D'Almeida", "N'Diaye", "N’Guessan", "L’Hermite", "De La Fontaine", "Saint-Cyr", "Lefèvre-Dubois", "=Bono", "@Martin", "Martin;Durand",
}

var girls = []string{
	"Léa", "Chloé", "Emma", "Manon", "Inès", "Camille", "Zoé", "Jade", "Louise", "Lina",
	"Léna", "Ambre", "Juliette", "Lou", "Anaïs", "Noémie", "Maëlys", "Océane", "Clémence", "Élise",
	"Éloïse", "Héloïse", "Agathe", "Romane", "Margaux", "Mathilde", "Salomé", "Sarah", "Lucie", "Alice",
	"Rose", "Anna", "Mila", "Nina", "Maëlle", "Gaëlle", "Aïcha", "Yasmine", "Naïs", "Marie-Lou",
	"Anne-Sophie", "Capucine", "Charlotte", "Jeanne", "Lyna", "Maïwenn", "Nour", "Thaïs", "Éva", "Célia",
}

var boys = []string{
	"Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Raphaël", "Léo", "Nathan", "Théo",
	"Tom", "Noah", "Maël", "Ethan", "Enzo", "Mathis", "Timéo", "Baptiste", "Clément", "Maxime",
	"Antoine", "Paul", "Victor", "Valentin", "Évan", "Noé", "Axel", "Loïc", "Jérémy", "Adrien",
	"Quentin", "Rayan", "Mohamed", "Yanis", "Kylian", "Sacha", "Côme", "Aurélien", "François", "Jean-Baptiste",
	"Gaël", "Mattéo", "Titouan", "Éliott", "Malo", "Sofiane", "Bastien", "Killian", "Nolhan", "Joachim",
}

var adultFirst = []string{
	"Sébastien", "Nathalie", "Isabelle", "Olivier", "Franck", "Nicolas", "Christophe", "Sandrine", "Stéphanie", "Valérie",
	"Laurent", "Frédéric", "Céline", "Véronique", "Hélène", "Jérôme", "Cécile", "Émilie", "Aurélie", "Thierry",
	"Pascal", "Sylvie", "Catherine", "Philippe", "Régis", "Anne", "Delphine", "Karine", "Grégory", "Benoît",
	"Mélanie", "Julien", "Séverine", "Fabrice", "Agnès", "Bérénice", "Gaëtan", "Josiane", "Marie-Hélène", "Jean-François",
}

var birthplaces = []string{
	"Limoges", "Limoges", "Limoges", "Brive-la-Gaillarde", "Brive-la-Gaillarde", "Tulle", "Guéret", "Ussel",
	"Saint-Junien", "Aubusson", "Bellac", "Saint-Yrieix-la-Perche", "Panazol", "Couzeix", "Isle", "Ambazac",
	"Bourganeuf", "La Souterraine", "Égletons", "Uzerche", "Paris 14e Arrondissement", "Bordeaux", "Poitiers",
	"Clermont-Ferrand", "Périgueux", "Toulouse", "Lyon 3e Arrondissement", "Angoulême", "Châteauroux", "Montluçon",
	"Tours", "Nantes", "Saint-Léonard-de-Noblat", "Saint-Pantaléon-de-Larche", "Porto (Portugal)", "Casablanca (Maroc)",
}

var communes = []string{
	"Saint-Martin", "Beaumont", "Villeneuve", "Montreuil", "Saint-Denis", "Bourg-la-Reine", "Châteauneuf", "Sainte-Marie",
	"Fontaine", "Riom", "Millau", "Vierzon", "Dole", "Pontarlier", "Lannion", "Morlaix", "Auch", "Agen", "Figeac",
	"Cahors", "Rodez", "Albi", "Castres", "Mende", "Alès", "Nîmes", "Sète", "Béziers", "Narbonne", "Carcassonne",
	"Perpignan", "Pau", "Bayonne", "Dax", "Mont-de-Marsan", "Arcachon", "Libourne", "Cognac", "Saintes", "Rochefort",
	"Niort", "Châtellerault", "Blois", "Vendôme", "Chartres", "Dreux", "Évreux", "Lisieux", "Bayeux", "Cherbourg-en-Cotentin",
	"Saint-Lô", "Alençon", "Laval", "Mayenne", "Cholet", "Saumur", "Les Sables-d'Olonne", "La Roche-sur-Yon", "Vannes", "Lorient",
	"Quimper", "Brest", "Saint-Brieuc", "Dinan", "Vitré", "Fougères", "Arras", "Lens", "Béthune", "Calais",
	"Dunkerque", "Valenciennes", "Maubeuge", "Cambrai", "Douai", "Roubaix", "Tourcoing", "Saint-Quentin", "Laon", "Soissons",
	"Compiègne", "Beauvais", "Creil", "Abbeville", "Épernay", "Châlons-en-Champagne", "Troyes", "Chaumont", "Verdun", "Épinal",
	"Saint-Dié-des-Vosges", "Thionville", "Sarreguemines", "Haguenau", "Sélestat", "Colmar", "Mulhouse", "Belfort", "Montbéliard", "Lons-le-Saunier",
	"Mâcon", "Chalon-sur-Saône", "Le Creusot", "Nevers", "Auxerre", "Sens", "Vichy", "Moulins", "Aurillac", "Le Puy-en-Velay",
	"Roanne", "Saint-Étienne", "Villefranche-sur-Saône", "Bourg-en-Bresse", "Annecy", "Chambéry", "Albertville", "Valence", "Montélimar", "Privas",
	"Gap", "Digne-les-Bains", "Manosque", "Draguignan", "Fréjus", "Hyères", "Grasse", "Antibes", "Menton", "Avignon",
	"Carpentras", "Orange", "Arles", "Aubagne", "Salon-de-Provence", "Istres", "Martigues", "Ajaccio", "Bastia", "Corte",
	"Créteil", "Vitry-sur-Seine", "Argenteuil", "Cergy", "Évry-Courcouronnes", "Massy", "Meaux", "Melun", "Versailles", "Nanterre",
}

var patrons = []string{
	"Jean Moulin", "Victor Hugo", "Jules Ferry", "Louise Michel", "Jean Jaurès", "Marie Curie", "Pierre et Marie Curie",
	"Jacques Prévert", "Albert Camus", "Paul Éluard", "Simone Veil", "Jean de La Fontaine", "Antoine de Saint-Exupéry",
	"Marcel Pagnol", "George Sand", "Condorcet", "Voltaire", "Descartes", "Louis Pasteur", "Lavoisier", "Montaigne",
	"Rabelais", "Anatole France", "Émile Zola", "Charles de Gaulle", "Georges Brassens", "Jean Monnet", "Jules Verne",
	"Léonard de Vinci", "Gustave Eiffel", "Camille Claudel", "Olympe de Gouges", "Lucie Aubrac", "Germaine Tillion",
	"Rosa Parks", "Nelson Mandela", "Aimé Césaire", "Françoise Dolto", "Irène Joliot-Curie", "Henri Matisse",
	"Claude Monet", "Alexandre Dumas", "Molière", "Jean Rostand", "René Cassin", "Romain Rolland", "Guillaume Apollinaire",
	"Arthur Rimbaud", "Paul Langevin", "Joliot-Curie", "Les Tilleuls", "du Val d'Argent", "de l'Europe", "Saint-Exupéry",
	"Jean Zay", "Marguerite Yourcenar", "Colette", "Pablo Picasso", "Jean Macé", "Max Jacob",
}

// departement is one French département for the national scale.
type departement struct {
	code, name string
	zone       int
	weight     int // population in tens of thousands: schools are drawn in proportion
}

var departements = []departement{
	{"01", "Ain", zoneA, 66}, {"02", "Aisne", zoneB, 53}, {"03", "Allier", zoneA, 33}, {"04", "Alpes-de-Haute-Provence", zoneB, 17},
	{"05", "Hautes-Alpes", zoneB, 14}, {"06", "Alpes-Maritimes", zoneB, 110}, {"07", "Ardèche", zoneA, 33}, {"08", "Ardennes", zoneB, 27},
	{"09", "Ariège", zoneC, 15}, {"10", "Aube", zoneB, 31}, {"11", "Aude", zoneC, 38}, {"12", "Aveyron", zoneC, 28},
	{"13", "Bouches-du-Rhône", zoneB, 206}, {"14", "Calvados", zoneB, 70}, {"15", "Cantal", zoneA, 14}, {"16", "Charente", zoneA, 35},
	{"17", "Charente-Maritime", zoneA, 66}, {"18", "Cher", zoneB, 30}, {"19", "Corrèze", zoneA, 24}, {"2A", "Corse-du-Sud", zoneB, 16},
	{"2B", "Haute-Corse", zoneB, 18}, {"21", "Côte-d'Or", zoneA, 54}, {"22", "Côtes-d'Armor", zoneB, 60}, {"23", "Creuse", zoneA, 12},
	{"24", "Dordogne", zoneA, 41}, {"25", "Doubs", zoneA, 54}, {"26", "Drôme", zoneA, 52}, {"27", "Eure", zoneB, 60},
	{"28", "Eure-et-Loir", zoneB, 43}, {"29", "Finistère", zoneB, 92}, {"30", "Gard", zoneC, 75}, {"31", "Haute-Garonne", zoneC, 144},
	{"32", "Gers", zoneC, 19}, {"33", "Gironde", zoneA, 165}, {"34", "Hérault", zoneC, 120}, {"35", "Ille-et-Vilaine", zoneB, 110},
	{"36", "Indre", zoneB, 22}, {"37", "Indre-et-Loire", zoneB, 61}, {"38", "Isère", zoneA, 128}, {"39", "Jura", zoneA, 26},
	{"40", "Landes", zoneA, 42}, {"41", "Loir-et-Cher", zoneB, 33}, {"42", "Loire", zoneA, 77}, {"43", "Haute-Loire", zoneA, 23},
	{"44", "Loire-Atlantique", zoneB, 145}, {"45", "Loiret", zoneB, 68}, {"46", "Lot", zoneC, 17}, {"47", "Lot-et-Garonne", zoneA, 33},
	{"48", "Lozère", zoneC, 8}, {"49", "Maine-et-Loire", zoneB, 82}, {"50", "Manche", zoneB, 49}, {"51", "Marne", zoneB, 56},
	{"52", "Haute-Marne", zoneB, 17}, {"53", "Mayenne", zoneB, 31}, {"54", "Meurthe-et-Moselle", zoneB, 73}, {"55", "Meuse", zoneB, 18},
	{"56", "Morbihan", zoneB, 77}, {"57", "Moselle", zoneB, 104}, {"58", "Nièvre", zoneA, 20}, {"59", "Nord", zoneB, 261},
	{"60", "Oise", zoneB, 83}, {"61", "Orne", zoneB, 28}, {"62", "Pas-de-Calais", zoneB, 146}, {"63", "Puy-de-Dôme", zoneA, 66},
	{"64", "Pyrénées-Atlantiques", zoneA, 69}, {"65", "Hautes-Pyrénées", zoneC, 23}, {"66", "Pyrénées-Orientales", zoneC, 48}, {"67", "Bas-Rhin", zoneB, 114},
	{"68", "Haut-Rhin", zoneB, 77}, {"69", "Rhône", zoneA, 188}, {"70", "Haute-Saône", zoneA, 23}, {"71", "Saône-et-Loire", zoneA, 55},
	{"72", "Sarthe", zoneB, 56}, {"73", "Savoie", zoneA, 44}, {"74", "Haute-Savoie", zoneA, 83}, {"75", "Paris", zoneC, 213},
	{"76", "Seine-Maritime", zoneB, 125}, {"77", "Seine-et-Marne", zoneC, 143}, {"78", "Yvelines", zoneC, 145}, {"79", "Deux-Sèvres", zoneA, 37},
	{"80", "Somme", zoneB, 57}, {"81", "Tarn", zoneC, 39}, {"82", "Tarn-et-Garonne", zoneC, 26}, {"83", "Var", zoneB, 108},
	{"84", "Vaucluse", zoneB, 56}, {"85", "Vendée", zoneB, 69}, {"86", "Vienne", zoneA, 44}, {"87", "Haute-Vienne", zoneA, 37},
	{"88", "Vosges", zoneB, 36}, {"89", "Yonne", zoneA, 33}, {"90", "Territoire de Belfort", zoneA, 14}, {"91", "Essonne", zoneC, 130},
	{"92", "Hauts-de-Seine", zoneC, 163}, {"93", "Seine-Saint-Denis", zoneC, 166}, {"94", "Val-de-Marne", zoneC, 141}, {"95", "Val-d'Oise", zoneC, 125},
	{"971", "Guadeloupe", zoneC, 38}, {"972", "Martinique", zoneC, 35}, {"973", "Guyane", zoneC, 29}, {"974", "La Réunion", zoneC, 87},
	{"976", "Mayotte", zoneC, 31},
}

// uaiPrefix is the first three digits of a département's UAIs.
func uaiPrefix(code string) string {
	switch code {
	case "2A":
		return "620"
	case "2B":
		return "720"
	}
	if len(code) == 3 {
		return code
	}
	return "0" + code
}

// zoneOf returns the holiday zone of a département code (A when unknown).
func zoneOf(code string) int {
	for _, d := range departements {
		if d.code == code {
			return d.zone
		}
	}
	return zoneA
}

// garResource is one resource of the GAR catalogue.
type garResource struct {
	ark, name, editor string
	unlimited         bool    // sold as a school licence ("Illimité")
	levels            string  // "college", "lycee", "lp", "tous"
	appeal            float64 // share of assigned users who open it in a busy month
}

var garCatalogue = []garResource{
	{"ark:/86527/r1f6c2a90", "Encyclopædia Universalis", "Encyclopædia Universalis", true, "tous", 0.22},
	{"ark:/86527/r7b0d4e11", "Le Robert Dixel – dictionnaire", "Dictionnaires Le Robert", true, "tous", 0.18},
	{"ark:/86527/r3a9f7c52", "Europresse", "Cision", true, "lycee", 0.12},
	{"ark:/86527/r5c2e8a03", "Manuel numérique Mathématiques 3e", "Lelivrescolaire.fr", false, "college", 0.55},
	{"ark:/86527/r9d4b1f24", "Manuel numérique Français 5e", "Hachette Éducation", false, "college", 0.48},
	{"ark:/86527/r2e7c3d65", "Manuel numérique SVT cycle 4", "Nathan", false, "college", 0.42},
	{"ark:/86527/r8f1a6b36", "Manuel numérique Anglais Tle", "Bordas", false, "lycee", 0.50},
	{"ark:/86527/r4b8d2c97", "Manuel numérique Histoire-Géographie 1re", "Magnard", false, "lycee", 0.46},
	{"ark:/86527/r6a3e9d18", "Manuel numérique Physique-Chimie 2de", "Belin Éducation", false, "lycee", 0.44},
	{"ark:/86527/r0c5f4e79", "Tactileo", "Maskott", true, "tous", 0.30},
	{"ark:/86527/r1d9b7a20", "Lumni Enseignement", "France Télévisions", true, "tous", 0.25},
	{"ark:/86527/r7e2c5b41", "Manuel numérique Économie-Gestion Bac Pro", "Foucher", false, "lp", 0.52},
	{"ark:/86527/r3f6d8c62", "Manuel numérique Prévention Santé Environnement CAP", "Delagrave", false, "lp", 0.47},
	{"ark:/86527/r5a1e2d83", "Corrigés et annales du bac", "Hatier", false, "lycee", 0.35},
	{"ark:/86527/r9b4f6e04", "Edulib – Lecture numérique", "Edulib", true, "college", 0.20},
	{"ark:/86527/r2c8a1f25", "Onisep – Parcours Avenir", "Onisep", true, "tous", 0.15},
}

// training is one digital training module offered to staff.
type training struct {
	title, theme string
	hours        float64
}

var trainings = []training{
	{"Prise en main de Pix Orga", "Pix", 3},
	{"Accompagner les élèves vers la certification Pix", "Pix", 1.5},
	{"Pix 6e : parcours et attestation", "Pix", 2},
	{"Utiliser l'ENT en classe", "ENT", 3},
	{"Cahier de textes et espaces de classe dans l'ENT", "ENT", 1.5},
	{"Intelligence artificielle : enjeux et usages pédagogiques", "IA", 6},
	{"IA générative : premiers pas", "IA", 3},
	{"RGPD dans l'établissement", "RGPD", 3},
	{"Sensibilisation à la cybersécurité", "Cybersécurité", 1.5},
	{"Ressources du GAR et Médiacentre", "Ressources", 2},
	{"Classe mobile et tablettes", "Équipement", 6},
	{"Éducation aux médias et à l'information", "EMI", 3},
}
