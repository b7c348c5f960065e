package ingest

import (
	"reflect"
	"testing"
	"time"
)

const garDir = "testdata/gar/"

const garAffSQL = `SELECT rang, uai, annee_scolaire, ressource_id, ressource, coalesce(editeur, 'NULL'),
	coalesce(exemplaires::VARCHAR, 'NULL'), illimite, affectes_eleves, affectes_enseignants,
	coalesce(debut::VARCHAR, 'NULL'), coalesce(fin::VARCHAR, 'NULL')
FROM raw_gar_affectations ORDER BY fichier_id, rang`

// Canonical assignments exported on 15 November 2025 (date in the name):
// "Illimité", "1 204", dates in both spellings, a resource without ARK,
// and the school year rule (in force on the export day → the export's
// year, multi-year licences included; already ended → its end's year).
func TestGARAffectations(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, garDir+"affectations-2025-11-15.csv"))
	if r.Kind != "gar_affectations" || r.Read != 4 || r.Loaded != 4 || r.UAI != "0190011J" ||
		r.Year != "2024-2025,2025-2026" || r.Key != "instantané 2025-2026" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190011J", "2025-2026", "ark:/86527/m2de", "Manuel numérique Mathématiques 2de", "Éditeur A", "NULL", "true", "352", "12", "2025-09-01", "2026-08-31"},
		{"2", "0190011J", "2025-2026", "ark:/86527/atlas", "Atlas interactif", "Éditeur B", "1204", "false", "1100", "45", "2024-09-01", "2027-08-31"},
		{"3", "0190011J", "2025-2026", "Dictionnaire en ligne", "Dictionnaire en ligne", "Éditeur C", "150", "false", "120", "10", "NULL", "NULL"},
		{"4", "0190011J", "2024-2025", "ark:/86527/old", "Ancienne ressource", "Éditeur D", "40", "false", "38", "2", "2024-09-01", "2025-08-31"},
	}
	if got := queryAll(t, db, garAffSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT date_export::VARCHAR FROM raw_fichiers"); got[0] != "2025-11-15 00:00:00" {
		t.Errorf("date d'export : %v", got)
	}
}

// Aliases, Windows-1252 with CRLF (’ œ – in names), "illimitée", no date in
// the file name: --date gives the export day.
func TestGARAffectationsAliasesCP1252(t *testing.T) {
	db := testDB(t)
	opt := Options{Date: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)}
	r := one(t, ingestFiles(t, db, opt, garDir+"affectations-alias-cp1252.csv"))
	if r.Encoding != EncCP1252 || r.Loaded != 2 || r.Year != "2025-2026" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190011J", "2025-2026", "ark:/86527/lumni", "Lumni – l’œil du prof", "Éditions Nathan’s", "NULL", "true", "1204", "58", "2025-09-01", "2026-08-31"},
		{"2", "0190011J", "2025-2026", "ark:/86527/m2de", "Maths 2de", "Éditeur A", "300", "false", "280", "12", "2025-09-01", "2026-08-31"},
	}
	if got := queryAll(t, db, garAffSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT date_export::VARCHAR FROM raw_fichiers"); got[0] != "2025-11-20 00:00:00" {
		t.Errorf("date d'export (--date) : %v", got)
	}
}

func TestGARAffectationsMissingColumn(t *testing.T) {
	msg := refusal(t, Options{}, garDir+"affectations-incompletes.csv")
	wantContains(t, msg, "« affectations de ressources GAR »",
		"« Affectés enseignants (ou Exemplaires attribués enseignants, Attributions enseignants) »")
}

func TestGARAffectationsBadValues(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, garDir+"affectations-erreurs-2025-11-15.csv"))
	if r.Read != 4 || r.Loaded != 1 || r.Rejected != 3 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"3", "UAI", "0190011K", "UAI « 0190011K » invalide : la lettre de contrôle devrait être J"},
		{"4", "Exemplaires", "beaucoup", "« beaucoup » n'est pas un nombre (attendu par exemple 1 204 ou 12,5) (ou « Illimité »)"},
		{"5", "Fin", "31/08/2025", "fin de validité antérieure au début"},
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT ressource, exemplaires FROM raw_gar_affectations"); !reflect.DeepEqual(got, []string{"Atlas interactif", "120"}) {
		t.Errorf("%v", got)
	}
}

// A newer snapshot of the same school year replaces the older one whole
// (a resource no longer assigned disappears); identical bytes change nothing.
func TestGARAffectationsReplacement(t *testing.T) {
	db := testDB(t)
	opt := Options{Date: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)}
	one(t, ingestFiles(t, db, opt, garDir+"affectations-alias-cp1252.csv"))
	newer := t.TempDir() + "/affectations-2025-12-01.csv"
	copyFile(t, garDir+"affectations-erreurs-2025-11-15.csv", newer)
	r := one(t, ingestFiles(t, db, Options{}, newer))
	if !reflect.DeepEqual(r.Replaced, []string{"affectations-alias-cp1252.csv"}) {
		t.Fatalf("%+v", r)
	}
	if got := queryAll(t, db, "SELECT ressource FROM raw_gar_affectations"); !reflect.DeepEqual(got, [][]string{{"Atlas interactif"}}) {
		t.Errorf("%v", got)
	}
	if r := one(t, ingestFiles(t, db, Options{}, newer)); r.Status != Unchanged {
		t.Errorf("réingestion identique : %+v", r)
	}
}

const garUsageSQL = `SELECT rang, uai, granularite, periode::VARCHAR, annee_scolaire, ressource_id, ressource, profil,
	profil_libelle, utilisateurs, coalesce(acces::VARCHAR, 'NULL')
FROM raw_gar_usage ORDER BY fichier_id, rang`

func TestGARUsage(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, garDir+"usage-2025-10.csv"))
	if r.Kind != "gar_usage" || r.Loaded != 5 || r.Key != "2025-09 → 2025-10" {
		t.Fatalf("compte rendu : %+v", r)
	}
	M, A := "Manuel numérique Mathématiques 2de", "Atlas interactif"
	want := [][]string{
		{"1", "0190011J", "mois", "2025-09-01", "2025-2026", "ark:/86527/m2de", M, "eleve", "Élève", "310", "2450"},
		{"2", "0190011J", "mois", "2025-09-01", "2025-2026", "ark:/86527/m2de", M, "enseignant", "Enseignant", "11", "190"},
		{"3", "0190011J", "mois", "2025-10-01", "2025-2026", "ark:/86527/atlas", A, "eleve", "Élèves", "95", "300"},
		// Other populations are kept apart, with their label.
		{"4", "0190011J", "mois", "2025-10-01", "2025-2026", "ark:/86527/atlas", A, "autre", "Documentaliste", "1", "12"},
		{"5", "0190011J", "annee", "2025-09-01", "2025-2026", "ark:/86527/m2de", M, "eleve", "Élève", "340", "NULL"},
	}
	if got := queryAll(t, db, garUsageSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
}

// Tab-separated, Windows-1252, CRLF, aliases, a TOTAL line.
func TestGARUsageAliasesCP1252(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, garDir+"usage-alias-cp1252.tsv"))
	if r.Encoding != EncCP1252 || r.Read != 3 || r.Loaded != 2 || r.Rejected != 1 ||
		!reflect.DeepEqual(r.Notes, []string{"ligne de total ignorée (ligne 4)"}) {
		t.Fatalf("compte rendu : %+v", r)
	}
	L := "Lumni – l’œil du prof"
	want := [][]string{
		{"1", "0190011J", "mois", "2025-09-01", "2025-2026", "ark:/86527/lumni", L, "eleve", "Élèves", "1204", "5000"},
		{"2", "0190011J", "mois", "2025-09-01", "2025-2026", "ark:/86527/lumni", L, "enseignant", "Enseignants", "40", "100"},
	}
	if got := queryAll(t, db, garUsageSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, [][]string{{"4", "RNE", "TOTAL", "ligne de total ignorée"}}) {
		t.Errorf("rejets : %v", got)
	}
}

func TestGARUsageMissingColumn(t *testing.T) {
	msg := refusal(t, Options{}, garDir+"usage-sans-profil.csv")
	wantContains(t, msg, "« usage des ressources GAR »", "« Profil (ou Population) »")
}

func TestGARUsageBadValues(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, garDir+"usage-uai-faux.csv"))
	if r.Read != 3 || r.Loaded != 1 || r.Rejected != 2 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"3", "UAI", "0190011A", "UAI « 0190011A » invalide : la lettre de contrôle devrait être J"},
		{"4", "Mois", "trimestre 1", "mois illisible « trimestre 1 » (attendu 09/2025, 2025-09, septembre 2025, 2025-09-01T00:00 ou 2025-2026)"},
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT ressource_id, utilisateurs FROM raw_gar_usage"); !reflect.DeepEqual(got, []string{"Atlas", "3"}) {
		t.Errorf("%v", got)
	}
}
