package report

import "strings"

// The catalogue says how the reports present each indicator of ind_valeurs:
// family, French label, which dimensions are key figures. The indicator ids
// are the contract with queries/ (see CONTRACT.md); an id the catalogue does
// not know is still shown, under its family prefix, with its id as label.

// family is one section of the school report.
type family struct {
	key    string   // section id
	title  string   // French title
	table  string   // ind_ table that feeds it
	export string   // exports to load when it is empty (French)
	prefix []string // indicator id prefixes that belong to it
	intro  string
}

var families = []family{
	{key: "ent", title: "ENT — connexions", table: "ind_ent", export: "les statistiques de connexion de l'ENT (ent_stats)",
		prefix: []string{"ent_"},
		intro:  "Comptes qui se sont connectés au moins une fois dans le mois ÷ comptes du profil. Le taux annuel est la moyenne des taux mensuels de septembre à juin, sauf si l'export donne un nombre annuel de visiteurs uniques."},
	{key: "gar", title: "GAR — ressources numériques", table: "ind_gar", export: "les affectations et l'usage du GAR (gar_affectations, gar_usage)",
		prefix: []string{"gar_"},
		intro:  "Utilisateurs ayant ouvert au moins une ressource attribuée ÷ utilisateurs ayant au moins une attribution, pour les élèves et pour les enseignants."},
	{key: "formation", title: "Formations au numérique des personnels", table: "ind_formation", export: "les émargements des formations (formations)",
		prefix: []string{"formation_"},
		intro:  "Personnels ayant suivi au moins une formation au numérique ÷ personnels de l'établissement ; chaque personne compte une fois."},
	{key: "certification", title: "Certification Pix (cycle terminal)", table: "ind_certification", export: "les résultats de certification Pix (Pix Orga ou Pix Certif)",
		prefix: []string{"certif_"},
		intro:  "Élèves certifiés (certification Pix « Validée ») ÷ élèves du niveau (3e au collège ; Tle, Tle pro, CAP2 au lycée). Un élève certifié deux fois compte une fois."},
	{key: "attestation", title: "Attestation Pix 6e", table: "ind_attestation_6e", export: "le relevé des attestations 6e de Pix Orga ou les exports des campagnes 6e",
		prefix: []string{"pix6e_"},
		intro:  "Élèves de 6e ayant obtenu l'attestation ÷ élèves de 6e."},
	{key: "educonnect", title: "EduConnect — activation des comptes", table: "ind_educonnect", export: "les relevés d'activation EduConnect (educonnect)",
		prefix: []string{"educonnect_"},
		intro:  "Comptes activés ÷ comptes, pour les élèves et pour les responsables légaux, à chaque relevé."},
	{key: "campagnes", title: "Campagnes Pix de l'année", table: "ind_campagnes", export: "les exports des campagnes Pix Orga (parcours, collectes de profils)",
		prefix: []string{"campagne_"},
		intro:  "Participants, parcours terminés et partagés, maîtrise par compétence, élèves des niveaux certifiés dont le profil n'est pas encore certifiable."},
}

// indicator describes one indicator id.
type indicator struct {
	id      string
	label   string
	dimName string // French name of the dimension column (Profil, Ressource…)
	// keyDims are the dimensions shown as key figures ("" = whole school).
	keyDims []string
	// compare lists the dimensions compared between schools in the
	// département report (periode 'annee').
	compare []string
	// trend draws the monthly (or snapshot) series of these dimensions.
	trend []string
	// byDim draws one bar per dimension value (resource, theme, level...).
	byDim bool
	// cumulative: monthly values are running totals since September.
	cumulative bool
	// lowerBetter: a high value is the concern (pupils to support, unused
	// licences); neutral: no side is a concern (a count to act on).
	lowerBetter, neutral bool
}

var indicators = []indicator{
	{id: "ent_connexion", label: "Taux de connexion à l'ENT", dimName: "Profil", keyDims: []string{"eleve", "responsable", "enseignant"},
		compare: []string{"eleve", "responsable", "enseignant"}, trend: []string{"eleve", "responsable", "enseignant", "personnel"}},
	{id: "ent_activation", label: "Comptes ENT activés", dimName: "Profil", keyDims: []string{"eleve", "responsable"}},
	{id: "ent_connexions_par_visiteur", label: "Connexions par visiteur unique (moyenne mensuelle)", dimName: "Profil"},
	{id: "gar_utilisation", label: "Taux d'utilisation des ressources GAR", dimName: "Profil", keyDims: []string{"eleve", "enseignant"},
		compare: []string{"eleve", "enseignant"}, trend: []string{"eleve", "enseignant"}},
	{id: "gar_licences_attribuees", label: "Licences GAR attribuées ÷ achetées", keyDims: []string{""}},
	{id: "gar_licences_non_attribuees", label: "Licences GAR achetées non attribuées", keyDims: []string{""}, lowerBetter: true},
	{id: "gar_abonnements_fin", label: "Abonnements GAR à renouveler avant la rentrée", keyDims: []string{""}, neutral: true},
	{id: "gar_ressource", label: "Utilisation par ressource GAR", dimName: "Ressource", byDim: true},
	{id: "formation_enseignants", label: "Enseignants formés au numérique", keyDims: []string{""}, compare: []string{""}},
	{id: "formation_personnels", label: "Personnels formés au numérique", keyDims: []string{""}},
	{id: "formation_heures", label: "Heures de formation au numérique", keyDims: []string{""}},
	{id: "formation_theme", label: "Personnes formées par thème", dimName: "Thème", byDim: true},
	{id: "formation_modalite", label: "Personnes formées par modalité", dimName: "Modalité", byDim: true},
	{id: "formation_heures_theme", label: "Heures de formation par thème", dimName: "Thème", byDim: true},
	{id: "formation_heures_modalite", label: "Heures de formation par modalité", dimName: "Modalité", byDim: true},
	{id: "certif_taux", label: "Élèves certifiés Pix", dimName: "Niveau", keyDims: []string{""}, compare: []string{""}, trend: []string{""}, cumulative: true},
	{id: "certif_score_moyen", label: "Score Pix moyen des certifiés", keyDims: []string{""}},
	{id: "certif_score_median", label: "Score Pix médian des certifiés"},
	{id: "certif_non_certifies", label: "Inscrits non certifiés, par statut", dimName: "Statut", byDim: true, lowerBetter: true},
	{id: "certif_niveau", label: "Certifiés par niveau Pix", dimName: "Niveau Pix", byDim: true},
	{id: "pix6e_attestation", label: "Élèves de 6e ayant l'attestation Pix", keyDims: []string{""}, compare: []string{""}, trend: []string{""}, cumulative: true},
	{id: "educonnect_eleves", label: "Comptes EduConnect élèves activés", dimName: "Classe", keyDims: []string{""}, compare: []string{""}, trend: []string{""}},
	{id: "educonnect_responsables", label: "Comptes EduConnect responsables activés", dimName: "Classe", keyDims: []string{""}, compare: []string{""}, trend: []string{""}},
	{id: "campagne_participants", label: "Élèves ayant participé à une campagne Pix", dimName: "Niveau", keyDims: []string{""}},
	{id: "campagne_termine", label: "Parcours Pix terminés", dimName: "Niveau"},
	{id: "campagne_partage", label: "Parcours Pix partagés", dimName: "Niveau", keyDims: []string{""}, compare: []string{""}},
	{id: "campagne_maitrise", label: "Maîtrise moyenne par compétence Pix", dimName: "Compétence", byDim: true},
	{id: "campagne_a_accompagner", label: "Élèves à accompagner vers la certification", dimName: "Niveau", keyDims: []string{""}, lowerBetter: true},
}

func indicatorByID(id string) (indicator, bool) {
	for _, ind := range indicators {
		if ind.id == id {
			return ind, true
		}
	}
	return indicator{id: id, label: id}, false
}

func familyOf(id string) string {
	for _, f := range families {
		for _, p := range f.prefix {
			if strings.HasPrefix(id, p) {
				return f.key
			}
		}
	}
	return ""
}

// dimLabels are the French labels of the coded dimension values.
var dimLabels = map[string]string{
	"":               "Établissement",
	"eleve":          "Élèves",
	"responsable":    "Responsables légaux",
	"enseignant":     "Enseignants",
	"personnel":      "Personnels",
	"direction":      "Direction",
	"rejetee":        "Rejetée / non obtenue",
	"annulee":        "Annulée",
	"en_erreur":      "En erreur",
	"demarree":       "Démarrée",
	"presentiel":     "Présentiel",
	"distanciel":     "Distanciel",
	"hybride":        "Hybride",
	"non_renseignee": "Non renseignée",
}

func dimLabel(d string) string {
	if l, ok := dimLabels[d]; ok {
		return l
	}
	return d
}

// typeLabels name the comparison groups (type_comparaison).
var typeLabels = map[string]string{
	"college": "Collèges",
	"lycee":   "Lycées",
	"lp":      "Lycées professionnels",
}

func typeLabel(t string) string {
	if l, ok := typeLabels[t]; ok {
		return l
	}
	if t == "" {
		return "Type inconnu"
	}
	return t
}

// typeSingular names one school of a comparison group.
func typeSingular(t string) string {
	switch t {
	case "college":
		return "Collège"
	case "lycee":
		return "Lycée"
	case "lp":
		return "Lycée professionnel"
	}
	return typeLabel(t)
}

// typeShort is the short name of a comparison group, for table headers.
func typeShort(t string) string {
	if t == "lp" {
		return "LP"
	}
	return typeLabel(t)
}

// typeOrder sorts comparison groups collège → lycée → LP.
func typeOrder(t string) int {
	switch t {
	case "college":
		return 0
	case "lycee":
		return 1
	case "lp":
		return 2
	}
	return 3
}

// pixLevels are the Pix level bands, in order.
var pixLevels = []string{"Novice 1", "Novice 2", "Indépendant 1", "Indépendant 2", "Avancé 1", "Avancé 2", "Expert 1", "Expert 2"}
