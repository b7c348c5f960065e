package ingest

import (
	"reflect"
	"testing"
)

const atDir = "testdata/attestations/"

const atSQL = `SELECT rang, uai, annee_scolaire, coalesce(classe, 'NULL'), eleves, attestations, date_releve::VARCHAR
FROM raw_pix_attestations_6e ORDER BY fichier_id, rang`

// Typed counts of two schools (UAI column), two dates.
func TestAttestations(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, atDir+"attestations-6e.csv"))
	if r.Kind != "pix_attestations_6e" || r.Loaded != 3 || r.Key != "relevé du 2026-03-15, 2026-03-16" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190550V", "2025-2026", "6A", "28", "21", "2026-03-15"},
		{"2", "0190550V", "2025-2026", "6B", "27", "27", "2026-03-15"},
		{"3", "0190559E", "2025-2026", "6A", "25", "10", "2026-03-16"},
	}
	if got := queryAll(t, db, atSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
}

// Aliases, Windows-1252, CRLF, comma-separated, the date in the file name.
func TestAttestationsAliasesCP1252(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, atDir+"releve-2026-03-20.csv"))
	if r.Encoding != EncCP1252 || r.Loaded != 2 || r.UAI != "0190550V" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190550V", "2025-2026", "6ème A", "28", "23", "2026-03-20"},
		{"2", "0190550V", "2025-2026", "6ème B", "27", "27", "2026-03-20"},
	}
	if got := queryAll(t, db, atSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
}

func TestAttestationsMissingColumn(t *testing.T) {
	msg := refusal(t, Options{}, atDir+"sans-attestations.csv")
	wantContains(t, msg, "« attestations Pix 6e (relevé) »",
		"« Attestations obtenues (ou Attestations, Nombre d'attestations, Attestations Pix 6e) »")
}

func TestAttestationsBadValues(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, atDir+"attestations-erreurs.csv"))
	if r.Read != 3 || r.Loaded != 1 || r.Rejected != 2 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"3", "UAI", "0190550Z", "UAI « 0190550Z » invalide : la lettre de contrôle devrait être V"},
		{"4", "Attestations obtenues", "26", "plus d'attestations que d'élèves de 6e"},
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT classe, attestations FROM raw_pix_attestations_6e"); !reflect.DeepEqual(got, []string{"6A", "21"}) {
		t.Errorf("%v", got)
	}
}
