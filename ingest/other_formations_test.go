package ingest

import (
	"fmt"
	"reflect"
	"testing"

	"filmnum/internal/duck"
)

const foDir = "testdata/formations/"

const foSQL = `SELECT rang, uai, annee_scolaire, fonction, fonction_libelle, coalesce(formation, 'NULL'),
	coalesce(theme, 'NULL'), coalesce(modalite, 'NULL'), coalesce(modalite_libelle, 'NULL'), date_session::VARCHAR,
	coalesce(duree_h::VARCHAR, 'NULL')
FROM raw_formations ORDER BY fichier_id, rang`

// nowhere fails if any text column of any table of the database file
// holds one of the words (the load's temporary tables live only in memory).
func nowhere(t *testing.T, db *duck.DB, words ...string) {
	t.Helper()
	cols := queryAll(t, db, `SELECT table_name, column_name FROM information_schema.columns
		WHERE data_type = 'VARCHAR' AND table_catalog = current_database()`)
	if len(cols) < 50 {
		t.Fatalf("%d colonnes texte seulement : requête sur le catalogue à revoir", len(cols))
	}
	for _, c := range cols {
		for _, w := range words {
			if n := count(t, db, fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s ILIKE ?`, duck.QuoteIdent(c[0]), duck.QuoteIdent(c[1])), "%"+w+"%"); n > 0 {
				t.Errorf("« %s » stocké dans %s.%s", w, c[0], c[1])
			}
		}
	}
}

func TestFormations(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, foDir+"formations-2025-2026.csv"))
	if r.Kind != "formations" || r.Loaded != 6 || r.UAI != "0190011J" || r.Year != "2025-2026" {
		t.Fatalf("compte rendu : %+v", r)
	}
	C := "Cybersécurité"
	want := [][]string{
		{"1", "0190011J", "2025-2026", "enseignant", "Professeur certifié", "Pix pour les enseignants", "Pix", "presentiel", "Présentiel", "2025-10-15", "1.5"},
		{"2", "0190011J", "2025-2026", "enseignant", "Professeur certifié", "ENT : prise en main", "ENT", "distanciel", "Distanciel", "2025-11-05", "3.5"},
		{"3", "0190011J", "2025-2026", "direction", "Principale adjointe", "IA et pédagogie", "IA", "hybride", "Hybride", "2026-01-12", "1.5"},
		{"4", "0190011J", "2025-2026", "vie_scolaire", "CPE", "RGPD au quotidien", "RGPD", "presentiel", "En présence", "2026-02-03", "2.0"},
		{"5", "0190011J", "2025-2026", "administratif", "Gestionnaire", C, C, "distanciel", "Webinaire", "2026-03-10", "1.5"},
		// An unknown modality: NULL, its label kept.
		{"6", "0190011J", "2025-2026", "autre", "Infirmière", C, C, "NULL", "Sur le terrain", "2026-03-10", "1.0"},
	}
	if got := queryAll(t, db, foSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	// "Martin" and "MARTIN" Hugo are one person: 5 pseudonyms for 6 rows,
	// none equal to the pseudonym a pupil of the same name would get.
	if n := count(t, db, "SELECT count(DISTINCT personne) FROM raw_formations"); n != 5 {
		t.Errorf("%d personnes distinctes, 5 attendues", n)
	}
	if n := count(t, db, "SELECT count(*) FROM raw_formations WHERE personne = _pseudo('0190011J', 'Martin', 'Hugo')"); n != 0 {
		t.Errorf("pseudonyme d'un personnel égal à celui d'un élève homonyme")
	}
	if n := count(t, db, "SELECT count(*) FROM raw_formations WHERE personne = _pseudo('0190011J|personnels', 'Martin', 'Hugo')"); n != 2 {
		t.Errorf("%d lignes de Hugo Martin, 2 attendues", n)
	}
	nowhere(t, db, "Martin", "Hugo", "Durand", "Claire", "Bernard")
}

// Windows-1252 with CRLF and aliases: names with ’ and œ, a title with €;
// the names are stored nowhere, the title keeps its characters.
func TestFormationsCP1252Names(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, foDir+"stages-cp1252.csv"))
	if r.Encoding != EncCP1252 || r.Loaded != 2 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190011J", "2025-2026", "enseignant", "Agrégée", "Budget numérique : 2 000 € pour l’ENT", "ENT", "presentiel", "Présentiel", "2025-11-05", "6.0"},
		{"2", "0190011J", "2025-2026", "enseignant", "PLP", "Pix+ Édu – œuvres", "Pix", "distanciel", "À distance", "2025-11-06", "2.5"},
	}
	if got := queryAll(t, db, foSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	if n := count(t, db, "SELECT count(*) FROM raw_formations WHERE personne = _pseudo('0190011J|personnels', 'O''Neil', 'Zoé')"); n != 1 {
		t.Errorf("pseudonyme de Zoé O’Neil (apostrophe typographique = droite) : %d ligne(s)", n)
	}
	nowhere(t, db, "Neil", "Zoé", "uillet", "Benoît")
}

// A single identifier column and a discipline: any discipline is a
// teacher's; the NUMEN column is not read at all.
func TestFormationsIdentifier(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0190011J"}, foDir+"formations-identifiant.csv"))
	if r.Loaded != 2 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190011J", "2025-2026", "enseignant", "Mathématiques", "Geogebra", "NULL", "NULL", "NULL", "2025-12-03", "3.0"},
		{"2", "0190011J", "2025-2026", "vie_scolaire", "Vie scolaire", "Pronote", "NULL", "NULL", "NULL", "2025-12-04", "0.75"},
	}
	if got := queryAll(t, db, foSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	nowhere(t, db, "hmartin3", "cdurand", "12E3456789ABC")
}

func TestFormationsMissingColumn(t *testing.T) {
	msg := refusal(t, Options{}, foDir+"sans-noms.csv")
	wantContains(t, msg, "« formations des personnels au numérique »",
		"« Nom (ou Nom de famille, Nom d'usage) et Prénom, ou Identifiant (ou ID")
}

// Rejects name the line and column, never the person: a broken line keeps
// no raw text.
func TestFormationsBadValues(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, foDir+"formations-erreurs.csv"))
	if r.Read != 5 || r.Loaded != 1 || r.Rejected != 4 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"3", "UAI", "0190011X", "UAI « 0190011X » invalide : la lettre de contrôle devrait être J"},
		{"4", "Date", "31/02/2026", "date inexistante « 31/02/2026 »"},
		{"5", "Durée", "deux heures", "durée illisible « deux heures » (attendu en heures : 1,5 ; 3h30 ; 01:30 ; 2 h ; 90 min)"},
		{"6", "NULL", "NULL", "ligne incomplète : 9 colonnes attendues, 5 trouvées (ligne tronquée ?)"},
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	nowhere(t, db, "Roux", "Lina", "Durand", "Petit", "Bernard")
}
