package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

const pixDir = "testdata/pix/"

const (
	campagne       = pixDir + "Resultats-Rentree 3e-5231-2025-10-06-1432.csv"
	campagneSansLF = pixDir + "Resultats-Rentree 3e-5231-sans-fin-de-ligne.csv"
	campagne1252   = pixDir + "campagne-cp1252.csv"
	campagneNewer  = pixDir + "Resultats-Rentree 3e-5231-2025-10-20-0900.csv"
	campagneOld    = pixDir + "Resultats-Test 2019-812-2019-03-10-0800.csv"
	profils        = pixDir + "Resultats-Collecte 3e-6100-2025-12-01-1000.csv"
	certifClasse   = pixDir + "20260312_resultats_3E1.csv"
	certifSession  = pixDir + "20260315_1015_resultats_session_98770.csv"
	certifResultat = pixDir + "20260320_resultats_TG2.csv"
)

// participations returns the loaded assessment rows as comparable text,
// without the file id.
const participationsSQL = `SELECT p.rang, p.uai, p.annee_scolaire, p.campagne_id, coalesce(p.campagne_code, 'NULL'),
	p.parcours, i.nom, i.prenom, coalesce(p.classe, 'NULL'), p.progression,
	strftime(p.debut AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), coalesce(p.partage::VARCHAR, 'NULL'),
	coalesce(strftime(p.partage_le AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), 'NULL'),
	p.palier, p.palier_max, p.maitrise, p.badges::VARCHAR
FROM raw_pix_participations p JOIN raw_identites i ON i.personne = p.eleve AND i.annee_scolaire = p.annee_scolaire
ORDER BY p.rang`

// The assessment export of formats-pix.md, with a BOM and a final newline:
// every value below is read off the fixture by hand.
func TestPixCampagne(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, campagne))
	if r.Kind != "pix_campagne" || r.Encoding != EncUTF8BOM || r.Read != 6 || r.Loaded != 6 || r.Rejected != 0 ||
		r.Year != "2025-2026" || r.Key != "5231" || r.UAI != "0870015U" {
		t.Fatalf("compte rendu : %+v", r)
	}
	got := queryAll(t, db, participationsSQL)
	want := [][]string{
		// 08/09/2025 10:15 Paris (UTC+2 in September) = 08:15 UTC.
		{"1", "0870015U", "2025-2026", "5231", "ABCD1234", "Parcours rentrée 3e", "Dupont", "Léa", "3E1", "1",
			"2025-09-08 08:15", "true", "2025-09-09 09:20", "3", "5", "0.67", "[Pix+ Collège]"},
		// A class written bare (402), not shared: "NA" everywhere after Partage.
		{"2", "0870015U", "2025-2026", "5231", "ABCD1234", "Parcours rentrée 3e", "O’Brien; de la Tour", "Zoé", "402", "1",
			"2025-09-10 12:00", "false", "NULL", "NULL", "5", "NULL", "[]"},
		// A pupil with two participations: both kept in the raw layer.
		{"3", "0870015U", "2025-2026", "5231", "ABCD1234", "Parcours rentrée 3e", "Martin", "Hugo", "3E1", "1",
			"2025-10-02 07:00", "true", "2025-10-02 07:45", "2", "5", "0.4", "[]"},
		{"4", "0870015U", "2025-2026", "5231", "ABCD1234", "Parcours rentrée 3e", "Martin", "Hugo", "3E1", "0.35",
			"2025-09-15 07:00", "false", "NULL", "NULL", "5", "NULL", "[]"},
		// The formula guard "'=Bono" is removed.
		{"5", "0870015U", "2025-2026", "5231", "ABCD1234", "Parcours rentrée 3e", "=Bono", "-Marie", "3E2", "0.5",
			"2025-09-11 06:05", "false", "NULL", "NULL", "5", "NULL", "[]"},
		// Doubled quotes inside a quoted name.
		{"6", "0870015U", "2025-2026", "5231", "ABCD1234", "Parcours rentrée 3e", `Le "Grand"`, "Élise", "3E2", "1",
			"2025-09-12 14:30", "true", "2025-09-12 15:00", "5", "5", "1", "[Pix+ Collège]"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("participations :\n%s\nattendu :\n%s", rowsText(got), rowsText(want))
	}
	// Long form: 3 shared rows × (2 competences + 1 area); the competence
	// written with a straight apostrophe resolves to 4.1 all the same.
	m := queryAll(t, db, `SELECT rang, portee, code, maitrise, acquis_profil, acquis_maitrises FROM raw_pix_maitrises ORDER BY rang, portee, code`)
	wantM := [][]string{
		{"1", "competence", "1.1", "0.5", "4", "2"}, {"1", "competence", "4.1", "0.75", "8", "6"}, {"1", "domaine", "1", "0.6", "10", "6"},
		{"3", "competence", "1.1", "0.25", "4", "1"}, {"3", "competence", "4.1", "0.5", "8", "4"}, {"3", "domaine", "1", "0.3", "10", "3"},
		{"6", "competence", "1.1", "1", "4", "4"}, {"6", "competence", "4.1", "1", "8", "8"}, {"6", "domaine", "1", "1", "10", "10"},
	}
	if !reflect.DeepEqual(m, wantM) {
		t.Fatalf("maîtrises :\n%s", rowsText(m))
	}
	// The retried pupil has one pseudonym; the external id sits with the identity only.
	if n := count(t, db, "SELECT count(DISTINCT eleve) FROM raw_pix_participations"); n != 5 {
		t.Errorf("%d élèves distincts, 5 attendus", n)
	}
	if got := query(t, db, "SELECT id_externe FROM raw_identites WHERE nom = 'Dupont'"); got[0] != "1234" {
		t.Errorf("identifiant externe : %v", got)
	}
	prov := query(t, db, `SELECT nom, encodage, type_export, uai, uai_source, annee_scolaire, cle_export,
		strftime(date_export, '%Y-%m-%d %H:%M'), lignes_lues, lignes_chargees, lignes_rejetees FROM raw_fichiers`)
	wantP := []string{"Resultats-Rentree 3e-5231-2025-10-06-1432.csv", "UTF-8 (BOM)", "pix_campagne", "0870015U",
		"option --uai", "2025-2026", "5231", "2025-10-06 14:32", "6", "6", "0"}
	if !reflect.DeepEqual(prov, wantP) {
		t.Errorf("provenance : %v", prov)
	}
}

// The same rows without a final newline, and in Windows-1252 with CRLF,
// load the same values.
func TestPixCampagneVariantsLoadSameValues(t *testing.T) {
	ref := testDB(t)
	ingestFiles(t, ref, Options{UAI: "0870015U"}, campagne)
	want := queryAll(t, ref, participationsSQL)
	for _, f := range []struct{ path, enc string }{{campagneSansLF, EncUTF8BOM}, {campagne1252, EncCP1252}} {
		db := testDB(t)
		r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, f.path))
		if r.Encoding != f.enc || r.Loaded != 6 || r.Rejected != 0 {
			t.Errorf("%s : %+v", f.path, r)
		}
		if got := queryAll(t, db, participationsSQL); !reflect.DeepEqual(got, want) {
			t.Errorf("%s :\n%s", f.path, rowsText(got))
		}
	}
}

// Old labels: "Nom du Profil Cible", no "Code", "Date de début", bare
// YYYY-MM-DD dates in UTC.
func TestPixCampagneOldLabels(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, campagneOld))
	if r.Year != "2018-2019" || r.Loaded != 2 {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, participationsSQL)
	want := [][]string{
		{"1", "0870015U", "2018-2019", "812", "NULL", "Profil 2nde", "Bernard", "Paul", "NULL", "1",
			"2019-03-01 00:00", "true", "2019-03-04 00:00", "NULL", "NULL", "0.8", "[]"},
		{"2", "0870015U", "2018-2019", "812", "NULL", "Profil 2nde", "Petit", "Jeanne", "NULL", "0.2",
			"2019-03-02 00:00", "false", "NULL", "NULL", "NULL", "NULL", "[]"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n%s", rowsText(got))
	}
	if got := query(t, db, "SELECT code, maitrise, acquis_profil, acquis_maitrises FROM raw_pix_maitrises"); !reflect.DeepEqual(got, []string{"1.2", "0.8", "5", "4"}) {
		t.Errorf("maîtrise : %v", got)
	}
}

func TestPixProfils(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, profils))
	if r.Kind != "pix_profils" || r.Loaded != 2 || r.Key != "6100" {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, `SELECT i.nom, p.classe, p.envoi, coalesce(strftime(p.envoi_le AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), 'NULL'),
		coalesce(p.pix_total::VARCHAR, 'NULL'), coalesce(p.certifiable::VARCHAR, 'NULL'), coalesce(p.competences_certifiables::VARCHAR, 'NULL')
		FROM raw_pix_profils p JOIN raw_identites i ON i.personne = p.eleve ORDER BY rang`)
	want := [][]string{
		{"Dupont", "3E1", "true", "2025-11-20 09:00", "117", "true", "6"},
		{"Martin", "3E1", "false", "NULL", "NULL", "NULL", "NULL"}, // not sent: "NA" everywhere
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n%s", rowsText(got))
	}
	// Léa's 16 competences (levels 2,1,1,3,0,0,1,2,0,0,0,1,0,0,0,0): 7 at level ≥ 1.
	c := query(t, db, `SELECT count(*), count(*) FILTER (WHERE niveau >= 1), sum(pix),
		max(niveau) FILTER (WHERE code = '2.1') FROM raw_pix_profil_competences`)
	if !reflect.DeepEqual(c, []string{"16", "7", "117", "3"}) {
		t.Errorf("compétences : %v", c)
	}
}

func TestPixCertifClasse(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, certifClasse))
	if r.Kind != "pix_certif_classe" || r.Loaded != 4 || r.Key != "classe:3E1" || r.Year != "2025-2026" {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, `SELECT c.numero, i.nom, c.classe, c.type_certification, c.statut, c.statut_libelle,
		coalesce(c.score::VARCHAR, 'NULL'), coalesce(c.niveau, 'NULL'), c.session_id, c.date_passage::VARCHAR,
		i.date_naissance::VARCHAR, i.lieu_naissance
		FROM raw_pix_certifications c JOIN raw_identites i ON i.personne = c.eleve ORDER BY c.rang`)
	want := [][]string{
		// 266 is in the 256–383 band: Indépendant 1.
		{"900001", "Dupont", "3E1", "Pix", "validee", "Validée", "266", "Indépendant 1", "98765", "2026-03-10", "2011-05-12", "Limoges"},
		{"900002", "Martin", "3E1", "Pix", "rejetee", "Rejetée", "0", "NULL", "98765", "2026-03-10", "2011-01-03", "Brive-la-Gaillarde"},
		{"900003", "O’Brien; de la Tour", "3E1", "Pix", "annulee", "Annulée", "NULL", "NULL", "98765", "2026-03-10", "2011-02-28", "Tulle"},
		{"900004", "Petit", "3E1", "Pix", "en_erreur", "En erreur", "NULL", "NULL", "98766", "2026-03-11", "2011-07-15", "Guéret"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n%s", rowsText(got))
	}
	// Léa: 12 competences tested ("-" = not tested), levels summing to 22.
	c := query(t, db, `SELECT count(*), sum(niveau) FROM raw_pix_certification_competences WHERE rang = 1`)
	if !reflect.DeepEqual(c, []string{"12", "22"}) {
		t.Errorf("compétences : %v", c)
	}
}

func TestPixCertifSession(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, certifSession))
	if r.Kind != "pix_certif_session" || r.Loaded != 4 || r.Key != "session:98770" {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, `SELECT i.prenom, coalesce(c.classe, 'NULL'), c.type_certification, c.statut,
		coalesce(c.score::VARCHAR, 'NULL'), coalesce(c.niveau, 'NULL'), c.centre, c.date_passage::VARCHAR
		FROM raw_pix_certifications c JOIN raw_identites i ON i.personne = c.eleve ORDER BY c.rang`)
	want := [][]string{
		{"Léa", "NULL", "Pix", "validee", "300", "Indépendant 1", "Collège Jean Moulin", "2026-03-14"},
		// "Non obtenue" is the newer wording of "Rejetée"; 40 < 64: no level.
		{"Emma", "NULL", "Pix", "rejetee", "40", "NULL", "Collège Jean Moulin", "2026-03-14"},
		// A complementary certification, kept with its type (transform counts only "Pix").
		{"Emma", "NULL", "CléA Numérique by Pix", "validee", "NULL", "NULL", "Collège Jean Moulin", "2026-03-14"},
		{"Nina", "NULL", "Pix", "validee", "530", "Avancé 1", "Collège Jean Moulin", "2026-03-14"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n%s", rowsText(got))
	}
}

// The intermediate layout with one "Résultat" column ("266 pix", "55",
// "Novice 1 (5 Pix)").
func TestPixCertifResultat(t *testing.T) {
	db := testDB(t)
	one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, certifResultat))
	got := queryAll(t, db, `SELECT classe, statut, coalesce(score::VARCHAR, 'NULL'), coalesce(niveau, 'NULL')
		FROM raw_pix_certifications ORDER BY rang`)
	want := [][]string{
		{"TG2", "validee", "266", "Indépendant 1"},
		{"TG2", "validee", "5", "Novice 1"},
		{"TG2", "rejetee", "55", "NULL"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n%s", rowsText(got))
	}
}

// Identical bytes twice: a no-op that says so.
func TestPixIdempotent(t *testing.T) {
	db := testDB(t)
	ingestFiles(t, db, Options{UAI: "0870015U"}, campagne, certifClasse)
	before := tableCounts(t, db)
	sum := ingestFiles(t, db, Options{UAI: "0870015U"}, campagne, certifClasse)
	for _, r := range sum.Files {
		if r.Status != Unchanged || !strings.Contains(strings.Join(r.Notes, " "), "déjà chargé") {
			t.Errorf("%s : %+v", r.Path, r)
		}
	}
	if after := tableCounts(t, db); !reflect.DeepEqual(before, after) {
		t.Errorf("les tables ont changé : %v → %v", before, after)
	}
	// The same bytes under another name, in one run: loaded once.
	dir := t.TempDir()
	copyFile(t, campagne, filepath.Join(dir, "copie.csv"))
	sum = ingestFiles(t, db, Options{UAI: "0870015U"}, filepath.Join(dir, "copie.csv"))
	if sum.Files[0].Status != Unchanged {
		t.Errorf("copie sous un autre nom : %+v", sum.Files[0])
	}
}

// A newer export of the same campaign replaces the older one's rows; an
// older export arriving afterwards is skipped.
func TestPixReplacement(t *testing.T) {
	db := testDB(t)
	one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, campagne))
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, campagneNewer))
	if r.Status != Loaded || !reflect.DeepEqual(r.Replaced, []string{"Resultats-Rentree 3e-5231-2025-10-06-1432.csv"}) {
		t.Fatalf("%+v", r)
	}
	// The newer export has 6 rows: Hugo's unfinished retry is gone, Nina is new.
	if got := query(t, db, `SELECT count(*), count(DISTINCT fichier_id), min(fichier_id) FROM raw_pix_participations`); !reflect.DeepEqual(got, []string{"6", "1", "2"}) {
		t.Errorf("participations : %v", got)
	}
	if got := query(t, db, `SELECT count(*) FROM raw_pix_maitrises WHERE fichier_id = 1`); got[0] != "0" {
		t.Errorf("maîtrises de l'ancien export : %v", got)
	}
	if got := query(t, db, `SELECT remplace_par, lignes_remplacees FROM raw_fichiers WHERE fichier_id = 1`); !reflect.DeepEqual(got, []string{"2", "6"}) {
		t.Errorf("provenance de l'ancien export : %v", got)
	}
	// The Windows-1252 copy of the old content has no date in its name: its
	// newest date (02/10/2025) makes it older than the loaded export.
	sum := ingestFiles(t, db, Options{UAI: "0870015U"}, campagne1252)
	if r := sum.Files[0]; r.Status != Skipped || !strings.Contains(strings.Join(r.Notes, " "), "plus récent") {
		t.Errorf("export plus ancien : %+v", r)
	}
	if n := count(t, db, "SELECT count(*) FROM raw_pix_participations"); n != 6 {
		t.Errorf("%d participations après l'export plus ancien, 6 attendues", n)
	}
}

// The school comes from --uai, else a UAI in the path, else the
// organisation name; unresolved files are refused with a hint.
func TestPixSchoolResolution(t *testing.T) {
	dir := t.TempDir()
	inDir := filepath.Join(dir, "0870015U", "pix", "export.csv")
	os.MkdirAll(filepath.Dir(inDir), 0o755)
	copyFile(t, campagne, inDir)

	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, inDir))
	if r.UAI != "0870015U" || query(t, db, "SELECT uai_source FROM raw_fichiers")[0] != "chemin du fichier" {
		t.Errorf("UAI du chemin : %+v", r)
	}

	// --uai contradicting the folder: refused, saying both.
	db = testDB(t)
	sum := ingestFiles(t, db, Options{UAI: "0190011J"}, inDir)
	if r := sum.Files[0]; r.Status != Refused || !strings.Contains(r.Err.Error(), "0870015U") || !strings.Contains(r.Err.Error(), "0190011J") {
		t.Errorf("contradiction : %+v", r)
	}

	// No UAI anywhere and an organisation unknown to seeds/: refused with a hint.
	db = testDB(t)
	sum = ingestFiles(t, db, Options{}, campagne)
	r = sum.Files[0]
	var fe *FileError
	if r.Status != Refused || !errors.As(r.Err, &fe) || !strings.Contains(fe.Msg, "Collège Jean Moulin") || !strings.Contains(fe.Hint, "--uai UAI ") {
		t.Errorf("établissement introuvable : %+v", r)
	}
	if n := count(t, db, "SELECT count(*) FROM raw_fichiers"); n != 0 {
		t.Errorf("un fichier refusé a laissé %d lignes de provenance", n)
	}
}

func TestUnknownHeaderNamesClosestKind(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tronque.csv")
	body := "\ufeff\"Nom de l'organisation\";\"ID Campagne\";\"Nom de la campagne\";\"Parcours\";\"Nom du Participant\";\"Prénom du Participant\";\"Partage (O/N)\"\n\"X\";1;\"C\";\"P\";\"N\";\"P\";\"Oui\"\n"
	os.WriteFile(path, []byte(body), 0o644)
	db := testDB(t)
	r := ingestFiles(t, db, Options{UAI: "0870015U"}, path).Files[0]
	if r.Status != Refused {
		t.Fatalf("%+v", r)
	}
	msg := r.Err.Error()
	for _, want := range []string{"campagne d'évaluation Pix Orga", "« % de progression »", "« Date et heure de début (Europe/Paris) »", "ligne 1"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message sans %q : %s", want, msg)
		}
	}
}

// Rows that cannot be read go to raw_rejets with line, column and a French
// reason; rows read = loaded + rejected.
func TestPixRejects(t *testing.T) {
	hdr, _ := os.ReadFile(campagne)
	lines := strings.Split(string(hdr), "\n")
	pre := `"Collège Jean Moulin";5231;"ABCD1234";"Rentrée 3e";"Parcours rentrée 3e";`
	na := strings.Repeat(`;"NA"`, 15)
	body := strings.Join([]string{
		lines[0],
		lines[1], // line 2: good
		pre + `"Date";"Fausse";"3E1";"";0,5;"31/02/2026 10:00";"Non"` + na,     // line 3: no 31 February
		pre + `"Trop";"Loin";"3E1";"";1,4;"10/09/2025 10:00";"Non"` + na,       // line 4: progression 140 %
		pre + `"Peut";"Être";"3E1";"";0,5;"10/09/2025 10:00";"Peut-être"` + na, // line 5: not Oui/Non
		pre + `"Coupé";"Court";"3E1"`,                                          // line 6: truncated
		lines[3],                                                               // line 7: good
	}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "Resultats-Rentree 3e-5231-2025-10-07-0800.csv")
	os.WriteFile(path, []byte(body), 0o644)
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, path))
	if r.Read != 6 || r.Loaded != 2 || r.Rejected != 4 {
		t.Fatalf("lues %d, chargées %d, rejetées %d ; attendu 6 = 2 + 4", r.Read, r.Loaded, r.Rejected)
	}
	got := queryAll(t, db, `SELECT ligne, coalesce(colonne, 'NULL'), coalesce(valeur, 'NULL'), motif FROM raw_rejets ORDER BY ligne`)
	want := [][]string{
		{"3", "Date et heure de début (Europe/Paris)", "31/02/2026 10:00", "valeur illisible : date et heure (JJ/MM/AAAA hh:mm) attendu(e)"},
		{"4", "% de progression", "1.4", "fraction hors de 0..1 (Pix écrit 0,67 pour 67 %)"},
		{"5", "Partage (O/N)", "Peut-être", "valeur attendue « Oui » ou « Non »"},
	}
	if len(got) != 4 || !reflect.DeepEqual(got[:3], want) {
		t.Fatalf("rejets :\n%s", rowsText(got))
	}
	if got[3][0] != "6" || !strings.Contains(got[3][3], "ligne incomplète : 27 colonnes attendues, 8 trouvées") {
		t.Errorf("ligne tronquée : %v", got[3])
	}
	// The two good rows are lines 2 and 7 of the file (rangs 1 and 4: the
	// staging order keeps gaps where checks rejected rows).
	if got := queryAll(t, db, `SELECT rang FROM raw_pix_participations ORDER BY rang`); !reflect.DeepEqual(got, [][]string{{"1"}, {"4"}}) {
		t.Errorf("rangs : %v", got)
	}
}

func tableCounts(t *testing.T, d *duck.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tb := range []string{"raw_fichiers", "raw_rejets", "raw_identites", "raw_pix_participations", "raw_pix_maitrises",
		"raw_pix_profils", "raw_pix_profil_competences", "raw_pix_certifications", "raw_pix_certification_competences"} {
		out[tb] = count(t, d, "SELECT count(*) FROM "+tb)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func rowsText(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | "))
		b.WriteByte('\n')
	}
	return b.String()
}

// The formula guard Pix writes (a quote before - @ = +) goes; any other
// quote stays, wherever it is.
func TestUnguard(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	if err := EnsureSchema(ctx, db); err != nil {
		t.Fatal(err)
	}
	ld, err := newLoader(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ld.cleanup()
	for in, want := range map[string]string{
		`'-5`: `-5`, `'=SUM(A1)`: `=SUM(A1)`, `'+33 6`: `+33 6`, `'@pix`: `@pix`,
		`'-'-`: `-'-`, `'`: `'`, `''-`: `''-`, `'a`: `'a`, `'é`: `'é`, ` '-`: ` '-`, `-'`: `-'`,
		`a'=b`: `a'=b`, ``: ``,
	} {
		var got string
		if err := db.Conn.QueryRowContext(ctx, "SELECT _unguard(?)", in).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("_unguard(%q) = %q, attendu %q", in, got, want)
		}
	}
	var null bool
	if err := db.Conn.QueryRowContext(ctx, "SELECT _unguard(NULL::VARCHAR) IS NULL").Scan(&null); err != nil || !null {
		t.Errorf("_unguard(NULL) : %v, %v", null, err)
	}
}

// A person is stored once per school and year in raw_identites, whichever
// batch meets them again; the same names in another school are other people.
// The fixtures: the first export of campaign 5231 names 5 people (Hugo
// Martin twice), the newer one the same 5 and Nina Nouveau, the certification
// list of 3E1 Léa Dupont, Hugo Martin and Zoé O'Brien again and Paul Petit.
func TestIdentitiesOncePerSchoolYear(t *testing.T) {
	db := testDB(t)
	// The same bytes again would be "unchanged": the second school's copies
	// end with one more (blank) line.
	again := func(src string) string {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(t.TempDir(), filepath.Base(src))
		if err := os.WriteFile(dst, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	const q = "SELECT count(*) FROM raw_identites"
	steps := []struct {
		uai, file string
		want      int64
	}{
		{"0870015U", campagne, 5},
		{"0870015U", campagneNewer, 6},        // + Nina Nouveau
		{"0870015U", certifClasse, 7},         // + Paul Petit
		{"0870011P", again(campagne), 12},     // the first 5 again, in another school
		{"0870011P", again(certifClasse), 13}, // + Paul Petit there
	}
	for _, s := range steps {
		if r := one(t, ingestFiles(t, db, Options{UAI: s.uai}, s.file)); r.Status != Loaded {
			t.Fatalf("%s (%s) : %v %v", s.file, s.uai, r.Status, r.Err)
		}
		if got := count(t, db, q); got != s.want {
			t.Errorf("after %s (%s): %d identities, want %d", filepath.Base(s.file), s.uai, got, s.want)
		}
	}
	if got := count(t, db, "SELECT count(*) FROM (SELECT DISTINCT personne, annee_scolaire FROM raw_identites)"); got != 13 {
		t.Errorf("%d distinct (personne, year), want 13", got)
	}
}
