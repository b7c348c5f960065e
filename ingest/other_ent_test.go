package ingest

import (
	"reflect"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

const entDir = "testdata/ent/"

const entRowsSQL = `SELECT rang, uai, coalesce(etablissement, 'NULL'), granularite, periode::VARCHAR, annee_scolaire,
	profil, profil_libelle, coalesce(comptes::VARCHAR, 'NULL'), coalesce(comptes_actives::VARCHAR, 'NULL'),
	coalesce(utilisateurs::VARCHAR, 'NULL'), coalesce(connexions::VARCHAR, 'NULL')
FROM raw_ent_stats ORDER BY fichier_id, rang`

// rejectsOf returns the rejects: line, column, value, reason.
func rejectsOf(t *testing.T, db *duck.DB) [][]string {
	t.Helper()
	return queryAll(t, db, `SELECT coalesce(ligne::VARCHAR, 'NULL'), coalesce(colonne, 'NULL'), coalesce(valeur, 'NULL'), motif
		FROM raw_rejets ORDER BY fichier_id, ligne`)
}

// refusal ingests one file that must be refused and returns the message.
func refusal(t *testing.T, opt Options, path string) string {
	t.Helper()
	db := testDB(t)
	sum := ingestFiles(t, db, opt, path)
	if len(sum.Files) != 1 || sum.Files[0].Status != Refused {
		t.Fatalf("%s : refus attendu, %+v", path, sum.Files)
	}
	if n := count(t, db, "SELECT count(*) FROM raw_fichiers"); n != 0 {
		t.Errorf("%s : %d lignes de provenance pour un fichier refusé", path, n)
	}
	return sum.Files[0].Err.Error()
}

func wantContains(t *testing.T, msg string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("message sans %q : %s", p, msg)
		}
	}
}

// The Edifice export: BOM, every field quoted (numbers too, read typed),
// ISO date-times at the start of each month, two schools, one of them
// absent from seeds/ (loaded and flagged).
func TestENTEdifice(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, entDir+"export-stats-accounts.csv"))
	if r.Kind != "ent_stats" || r.Encoding != EncUTF8BOM || r.Read != 8 || r.Loaded != 8 || r.Rejected != 0 ||
		r.Year != "2025-2026" || r.UAI != "" || r.Key != "2025-09 → 2025-10" {
		t.Fatalf("compte rendu : %+v", r)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "absents des données de référence (seeds) : 0870999N") {
		t.Errorf("établissement hors référentiel non signalé : %v", r.Notes)
	}
	GL := "Lycée Gay-Lussac"
	want := [][]string{
		{"1", "0870015U", GL, "mois", "2025-09-01", "2025-2026", "eleve", "Élève", "1204", "903", "812", "5230"},
		{"2", "0870015U", GL, "mois", "2025-09-01", "2025-2026", "enseignant", "Enseignants", "110", "104", "95", "2100"},
		{"3", "0870015U", GL, "mois", "2025-09-01", "2025-2026", "responsable", "Parents", "1890", "622", "301", "640"},
		{"4", "0870015U", GL, "mois", "2025-09-01", "2025-2026", "personnel", "Personnel", "31", "30", "20", "88"},
		{"5", "0870015U", GL, "mois", "2025-09-01", "2025-2026", "invite", "Invité", "5", "5", "2", "3"},
		{"6", "0870015U", GL, "mois", "2025-10-01", "2025-2026", "eleve", "Élève", "1204", "960", "845", "6011"},
		{"7", "0870015U", GL, "mois", "2025-10-01", "2025-2026", "enseignant", "Enseignants", "110", "106", "99", "2380"},
		{"8", "0870999N", "Lycée hors référentiel", "mois", "2025-09-01", "2025-2026", "eleve", "Élève", "80", "60", "50", "100"},
	}
	if got := queryAll(t, db, entRowsSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	// Edifice's own columns are read typed by DuckDB; the date through _mois.
	if got := query(t, db, "SELECT coalesce(uai, 'NULL'), uai_source, date_export::VARCHAR FROM raw_fichiers"); !reflect.DeepEqual(got,
		[]string{"NULL", "colonne UAI (2 établissements)", "2025-10-01 00:00:00"}) {
		t.Errorf("provenance : %v", got)
	}
}

// Another vendor's wording, in Windows-1252 with CRLF: aliases, month
// spellings, plural and English profiles, a school-year row, thousands
// separated by a no-break space, a lower-case UAI and a Total line.
func TestENTAliasesCP1252(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, entDir+"stats-ent-alias-cp1252.csv"))
	if r.Encoding != EncCP1252 || r.Read != 7 || r.Loaded != 6 || r.Rejected != 1 || r.UAI != "0190550V" {
		t.Fatalf("compte rendu : %+v", r)
	}
	if !reflect.DeepEqual(r.Notes, []string{"ligne de total ignorée (ligne 8)"}) {
		t.Errorf("notes : %v", r.Notes)
	}
	C := "Collège Clemenceau – site d’Uzerche"
	want := [][]string{
		{"1", "0190550V", C, "mois", "2025-09-01", "2025-2026", "eleve", "Élèves", "1204", "903", "812", "5230"},
		{"2", "0190550V", C, "mois", "2025-09-01", "2025-2026", "responsable", "Responsables", "1890", "622", "301", "640"},
		{"3", "0190550V", C, "mois", "2025-09-01", "2025-2026", "enseignant", "Teacher", "110", "104", "95", "2100"},
		{"4", "0190550V", C, "mois", "2025-10-01", "2025-2026", "personnel", "Personnel administratif", "31", "30", "20", "88"},
		{"5", "0190550V", C, "mois", "2025-10-01", "2025-2026", "invite", "Guest", "5", "5", "2", "3"},
		// "2025-2026": a yearly row, dated 1 September.
		{"6", "0190550V", C, "annee", "2025-09-01", "2025-2026", "eleve", "Élèves", "1204", "960", "1010", "11241"},
	}
	if got := queryAll(t, db, entRowsSQL); !reflect.DeepEqual(got, want) {
		t.Fatalf("lignes :\n%s", rowsText(got))
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, [][]string{{"8", "Établissement", "Total", "ligne de total ignorée"}}) {
		t.Errorf("rejets : %v", got)
	}
	if got := query(t, db, "SELECT lignes_lues, lignes_chargees, lignes_rejetees, avertissements FROM raw_fichiers"); !reflect.DeepEqual(got,
		[]string{"7", "6", "1", "ligne de total ignorée (ligne 8)"}) {
		t.Errorf("provenance : %v", got)
	}
}

func TestENTMissingColumn(t *testing.T) {
	msg := refusal(t, Options{}, entDir+"sans-profil.csv")
	wantContains(t, msg, "ligne 1", "« statistiques de connexion ENT »", "« Profil (ou Type d'utilisateur, Population, Profile) »")
}

// A wrong check letter rejects the row, naming the right letter; a lower
// case UAI is normalised; an impossible month and a negative count too.
func TestENTBadValues(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, entDir+"uai-faux.csv"))
	if r.Read != 5 || r.Loaded != 2 || r.Rejected != 3 || r.UAI != "0870015U" {
		t.Fatalf("compte rendu : %+v", r)
	}
	want := [][]string{
		{"3", "UAI", "0870015A", "UAI « 0870015A » invalide : la lettre de contrôle devrait être U"},
		{"5", "Date", "2025-13-01T00:00", "date inexistante « 2025-13-01T00:00 »"},
		{"6", "Comptes activés", "-5", "nombre négatif"},
	}
	if got := rejectsOf(t, db); !reflect.DeepEqual(got, want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	if got := queryAll(t, db, "SELECT rang, uai, profil FROM raw_ent_stats ORDER BY rang"); !reflect.DeepEqual(got,
		[][]string{{"1", "0870015U", "eleve"}, {"3", "0870015U", "responsable"}}) {
		t.Errorf("lignes : %v", got)
	}
}

// Identical bytes: nothing changes. A newer export (its last month is
// later) overlapping October replaces October's pupils row only; an older
// export arriving after a newer one loses the rows the newer one has.
func TestENTReingest(t *testing.T) {
	older, newer := entDir+"export-stats-accounts.csv", entDir+"plus-recent/export-stats-accounts.csv"
	db := testDB(t)
	one(t, ingestFiles(t, db, Options{}, older))
	before := queryAll(t, db, entRowsSQL)
	if r := one(t, ingestFiles(t, db, Options{}, older)); r.Status != Unchanged {
		t.Fatalf("réingestion identique : %+v", r)
	}
	if got := queryAll(t, db, entRowsSQL); !reflect.DeepEqual(got, before) {
		t.Fatalf("la réingestion identique a changé les lignes")
	}
	r := one(t, ingestFiles(t, db, Options{}, newer))
	if r.Loaded != 2 || r.Rejected != 0 {
		t.Fatalf("export plus récent : %+v", r)
	}
	got := queryAll(t, db, `SELECT fichier_id, periode::VARCHAR, profil, utilisateurs FROM raw_ent_stats
		WHERE uai = '0870015U' AND periode >= DATE '2025-10-01' ORDER BY periode, profil`)
	want := [][]string{{"2", "2025-10-01", "eleve", "870"}, {"1", "2025-10-01", "enseignant", "99"}, {"2", "2025-11-01", "eleve", "860"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("octobre et novembre :\n%s", rowsText(got))
	}
	if n := count(t, db, "SELECT count(*) FROM raw_ent_stats WHERE fichier_id = 1"); n != 7 {
		t.Errorf("%d lignes de l'ancien export, 7 attendues (8 - octobre élèves)", n)
	}
	if got := query(t, db, "SELECT lignes_remplacees, coalesce(remplace_par::VARCHAR, 'NULL') FROM raw_fichiers WHERE fichier_id = 1"); !reflect.DeepEqual(got, []string{"1", "NULL"}) {
		t.Errorf("provenance de l'ancien export : %v", got)
	}

	// The other way round: the older export's October pupils row is not loaded.
	db = testDB(t)
	one(t, ingestFiles(t, db, Options{}, newer))
	r = one(t, ingestFiles(t, db, Options{}, older))
	if r.Read != 8 || r.Loaded != 7 || r.Rejected != 1 {
		t.Fatalf("ancien export après le récent : %+v", r)
	}
	if got := query(t, db, "SELECT utilisateurs FROM raw_ent_stats WHERE uai = '0870015U' AND periode = DATE '2025-10-01' AND profil = 'eleve'"); got[0] != "870" {
		t.Errorf("octobre : %v", got)
	}
	if got := rejectsOf(t, db); len(got) != 1 || !strings.Contains(got[0][3], "export plus récent") {
		t.Errorf("rejets : %v", got)
	}
}

// An export without UAI values takes the school from its folder; dates a
// week apart make weekly buckets.
func TestENTWeeklyFromPath(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, entDir+"0190559E/export-stats-accounts.csv"))
	if r.UAI != "0190559E" || r.Loaded != 2 {
		t.Fatalf("%+v", r)
	}
	if got := queryAll(t, db, "SELECT uai, granularite, periode::VARCHAR, utilisateurs FROM raw_ent_stats ORDER BY rang"); !reflect.DeepEqual(got,
		[][]string{{"0190559E", "semaine", "2025-09-08", "210"}, {"0190559E", "semaine", "2025-09-15", "230"}}) {
		t.Errorf("%v", got)
	}
}

// The per-class variant (classes in place of the school, empty UAI) would
// pass classes for schools: refused, saying so.
func TestENTPerClassRefused(t *testing.T) {
	msg := refusal(t, Options{UAI: "0870015U"}, entDir+"detail-classes.csv")
	wantContains(t, msg, "détail par classes", "Établissement")
}

// --exclure is recorded once, whatever the number of runs giving it.
func TestENTExclusions(t *testing.T) {
	e, err := ParseExclusion("2025-09-09:2025-09-24")
	if err != nil {
		t.Fatal(err)
	}
	db := testDB(t)
	ingestFiles(t, db, Options{Exclusions: []Exclusion{e}}, entDir+"export-stats-accounts.csv")
	ingestFiles(t, db, Options{Exclusions: []Exclusion{e}}, entDir+"export-stats-accounts.csv")
	got := queryAll(t, db, "SELECT source, debut::VARCHAR, fin::VARCHAR, motif FROM raw_exclusions")
	want := [][]string{{"ent_stats", "2025-09-09", "2025-09-24", "période exclue à l'ingestion (--exclure 2025-09-09:2025-09-24)"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v", got)
	}
}
