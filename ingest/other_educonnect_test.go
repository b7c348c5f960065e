package ingest

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const ecDir = "testdata/educonnect/"

const ecSQL = `SELECT rang, uai, date_releve::VARCHAR, annee_scolaire, coalesce(classe, 'NULL'), eleves, eleves_actives,
	responsables, responsables_actives FROM raw_educonnect ORDER BY fichier_id, rang`

func TestEduConnect(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, ecDir+"educonnect-2025-10-15.csv"))
	if r.Kind != "educonnect" || r.Loaded != 3 || r.UAI != "0190550V" || r.Key != "relevé du 2025-10-15" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190550V", "2025-10-15", "2025-2026", "6A", "28", "25", "51", "40"},
		{"2", "0190550V", "2025-10-15", "2025-2026", "6B", "27", "27", "50", "31"},
		{"3", "0190550V", "2025-10-15", "2025-2026", "3E1", "30", "22", "55", "35"},
	}
	if got := queryAll(t, db, ecSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	// A later export of the same snapshot (16:30 in its name) replaces it
	// whole; loading the first one again is a no-op.
	r = one(t, ingestFiles(t, db, Options{}, ecDir+"educonnect-2025-10-15-1630.csv"))
	if !reflect.DeepEqual(r.Replaced, []string{"educonnect-2025-10-15.csv"}) {
		t.Fatalf("remplacement : %+v", r)
	}
	want = [][]string{
		{"1", "0190550V", "2025-10-15", "2025-2026", "6A", "28", "26", "51", "41"},
		{"2", "0190550V", "2025-10-15", "2025-2026", "6B", "27", "27", "50", "33"},
	}
	if got := queryAll(t, db, ecSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("après remplacement :\n%s", rowsText(got))
	}
	if r := one(t, ingestFiles(t, db, Options{}, ecDir+"educonnect-2025-10-15.csv")); r.Status != Unchanged {
		t.Errorf("réingestion : %+v", r)
	}
}

// Aliases in Windows-1252 with CRLF, no UAI column (--uai) and no date
// column: the snapshot date is the one in the file name (YYYYMMDD).
func TestEduConnectAliasesCP1252(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0190550V"}, ecDir+"suivi_activation_20260112.csv"))
	if r.Encoding != EncCP1252 || r.Loaded != 2 || r.Key != "relevé du 2026-01-12" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"1", "0190550V", "2026-01-12", "2025-2026", "6ème A", "28", "28", "51", "47"},
		{"2", "0190550V", "2026-01-12", "2025-2026", "5ème B – Léonard", "1024", "990", "1900", "1500"},
	}
	if got := queryAll(t, db, ecSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
}

// No date anywhere: --date gives it; without it each row is rejected,
// saying how to give one.
func TestEduConnectDateOption(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0190550V", Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}, ecDir+"suivi-sans-date.csv"))
	if r.Loaded != 1 {
		t.Fatalf("%+v", r)
	}
	if got := query(t, db, "SELECT date_releve::VARCHAR, annee_scolaire, eleves_actives FROM raw_educonnect"); !reflect.DeepEqual(got, []string{"2026-01-05", "2025-2026", "20"}) {
		t.Errorf("%v", got)
	}
	db = testDB(t)
	r = one(t, ingestFiles(t, db, Options{UAI: "0190550V"}, ecDir+"suivi-sans-date.csv"))
	if r.Read != 1 || r.Loaded != 0 || r.Rejected != 1 {
		t.Fatalf("%+v", r)
	}
	if got := rejectsOf(t, db); len(got) != 1 || got[0][0] != "2" || !strings.Contains(got[0][3], "--date") {
		t.Errorf("rejets : %v", got)
	}
}

func TestEduConnectMissingColumn(t *testing.T) {
	msg := refusal(t, Options{}, ecDir+"sans-responsables-actives.csv")
	wantContains(t, msg, "« suivi des activations EduConnect »", "« Responsables activés (ou Comptes responsables activés) »")
}

func TestEduConnectBadValues(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, ecDir+"educonnect-erreurs-2025-10-15.csv"))
	if r.Read != 4 || r.Loaded != 1 || r.Rejected != 3 {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"3", "UAI", "0190550W", "UAI « 0190550W » invalide : la lettre de contrôle devrait être V"},
		{"4", "Élèves activés", "30", "plus d'élèves activés que d'élèves"},
		{"5", "Date", "31/02/2026", "date inexistante « 31/02/2026 »"},
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT classe, eleves_actives FROM raw_educonnect"); !reflect.DeepEqual(got, []string{"6A", "25"}) {
		t.Errorf("%v", got)
	}
}
