package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Two campaigns of different target profiles (other competences, one with
// a palier column, the other with the old labels) have different
// signatures but one family: they share a batch, each read by its own
// read_csv, and load exactly what each loads alone.
func TestCampaignsOfDifferentProfilesShareABatch(t *testing.T) {
	a, b := layoutOf(t, campagne), layoutOf(t, campagneOld)
	if a.signature() == b.signature() {
		t.Fatal("les deux campagnes devraient avoir des signatures différentes")
	}
	if a.family() != b.family() {
		t.Fatalf("familles différentes :\n%s\n%s", a.family(), b.family())
	}
	if a.family() == layoutOf(t, profils).family() {
		t.Fatal("une collecte de profils ne partage pas le lot d'une campagne")
	}

	const rowsSQL = `SELECT f.nom, p.rang, p.campagne_id, p.palier, p.palier_max, p.maitrise, p.annee_scolaire
		FROM raw_pix_participations p JOIN raw_fichiers f USING (fichier_id) ORDER BY f.nom, p.rang`
	const masterySQL = `SELECT f.nom, m.rang, m.portee, m.code, m.maitrise, m.acquis_profil, m.acquis_maitrises
		FROM raw_pix_maitrises m JOIN raw_fichiers f USING (fichier_id) ORDER BY ALL`
	var wantRows, wantMastery [][]string
	for _, f := range []string{campagne, campagneOld} {
		db := testDB(t)
		one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, f))
		wantRows = append(wantRows, queryAll(t, db, rowsSQL)...)
		wantMastery = append(wantMastery, queryAll(t, db, masterySQL)...)
	}
	db := testDB(t)
	sum := ingestFiles(t, db, Options{UAI: "0870015U"}, campagne, campagneOld)
	if sum.Loaded != 2 || sum.Rows != 8 {
		t.Fatalf("%d fichiers, %d lignes chargés ; 2 et 8 attendus", sum.Loaded, sum.Rows)
	}
	if got := queryAll(t, db, rowsSQL); !reflect.DeepEqual(got, wantRows) {
		t.Errorf("participations :\n%s\nattendu :\n%s", rowsText(got), rowsText(wantRows))
	}
	if got := queryAll(t, db, masterySQL); !reflect.DeepEqual(got, wantMastery) {
		t.Errorf("maîtrises :\n%s\nattendu :\n%s", rowsText(got), rowsText(wantMastery))
	}
	// makeBatches: one batch per family, each signature's files together.
	ps := []*pending{{family: "c", sig: "1"}, {family: "p", sig: "9"}, {family: "c", sig: "2"}, {family: "c", sig: "1"}}
	for i, p := range ps {
		p.s = &sniffed{Size: 1}
		p.order = i
	}
	got := [][]int{}
	for _, batch := range makeBatches(ps, 400, 1<<20) {
		var orders []int
		for _, p := range batch {
			orders = append(orders, p.order)
		}
		got = append(got, orders)
	}
	if want := [][]int{{0, 3, 2}, {1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("lots : %v, attendu %v", got, want)
	}
}

// Many files of one layout, read as one concatenation (a batch takes up to
// 400): the rows of each file stay with that file.
func TestManyFilesReadAsOneConcatenation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "0870015U")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 205
	var paths []string
	for i := 0; i < n; i++ {
		// Campaign 1000+i; its one pupil masters i % 6 of the 5 skills…
		// except that 5 of 5 is the most: i % 6 = 5 is a full profile.
		body := "\ufeff\"Nom de l'organisation\";\"ID Campagne\";\"Nom de la campagne\";\"Nom du Profil Cible\";" +
			"\"Nom du Participant\";\"Prénom du Participant\";\"% de progression\";\"Date de début\";\"Partage (O/N)\";" +
			"\"Date du partage\";\"% maitrise de l'ensemble des acquis du profil\";" +
			"\"% de maitrise des acquis de la compétence Gérer des données\";" +
			"\"Nombre d'acquis du profil cible dans la compétence Gérer des données\";" +
			"\"Acquis maitrisés dans la compétence Gérer des données\"\n" +
			fmt.Sprintf("\"Lycée Gay-Lussac\";%d;\"Test %d\";\"Profil 2nde\";\"Eleve%d\";\"Paul\";1;2025-10-01;\"Oui\";2025-10-02;0,8;0,8;5;%d\n",
				1000+i, i, i, i%6)
		p := filepath.Join(dir, fmt.Sprintf("Resultats-Test %d-%d-2025-10-03-0800.csv", i, 1000+i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	db := testDB(t)
	sum := ingestFiles(t, db, Options{}, dir)
	if sum.Loaded != n || sum.Rows != n || sum.Refused != 0 {
		t.Fatalf("%d fichiers chargés, %d lignes, %d refusés ; %d attendus", sum.Loaded, sum.Rows, sum.Refused, n)
	}
	// Every row sits under its own file: the campaign id of the row is the
	// file's key, and the mastery the file wrote.
	if c := count(t, db, `SELECT count(*) FROM raw_pix_participations p JOIN raw_fichiers f USING (fichier_id)
		WHERE p.rang = 1 AND f.cle_export = p.campagne_id::VARCHAR
		  AND f.nom = 'Resultats-Test ' || (p.campagne_id - 1000) || '-' || p.campagne_id || '-2025-10-03-0800.csv'`); c != n {
		t.Errorf("%d lignes à leur place, %d attendues", c, n)
	}
	if c := count(t, db, `SELECT count(*) FROM raw_pix_maitrises m JOIN raw_pix_participations p USING (fichier_id, rang)
		WHERE m.acquis_maitrises = (p.campagne_id - 1000) % 6`); c != n {
		t.Errorf("%d maîtrises à leur place, %d attendues", c, n)
	}
}

// A batch that fails for no file's fault is retried in halves: here a file
// vanishes after sniffing, and the 63 others still load, in 13 attempts
// (1 + 2 per halving of 64) instead of 65 (1 + one per file).
func TestFailedBatchRetriedInHalves(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "0870015U")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 64
	var gone string
	for i := 0; i < n; i++ {
		body := "\ufeff\"Nom de l'organisation\";\"ID Campagne\";\"Nom de la campagne\";\"Nom du Profil Cible\";" +
			"\"Nom du Participant\";\"Prénom du Participant\";\"% de progression\";\"Date de début\";\"Partage (O/N)\";" +
			"\"Date du partage\";\"% maitrise de l'ensemble des acquis du profil\"\n" +
			fmt.Sprintf("\"Lycée Gay-Lussac\";%d;\"Test %d\";\"Profil 2nde\";\"Eleve%d\";\"Paul\";1;2025-10-01;\"Oui\";2025-10-02;0,8\n", 1000+i, i, i)
		p := filepath.Join(dir, fmt.Sprintf("Resultats-Test %d-%d-2025-10-03-0800.csv", i, 1000+i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if i == 37 {
			gone = p
		}
	}
	attempts := 0
	testHookLoadTx = func(batch []*pending) {
		attempts++
		if attempts == 1 {
			os.Remove(gone)
		}
	}
	defer func() { testHookLoadTx = nil }()
	db := testDB(t)
	sum := ingestFiles(t, db, Options{}, dir)
	if sum.Loaded != n-1 || sum.Refused != 1 || sum.Rows != n-1 {
		t.Fatalf("%d chargés, %d refusés, %d lignes ; %d, 1 et %d attendus", sum.Loaded, sum.Refused, sum.Rows, n-1, n-1)
	}
	for _, r := range sum.Files {
		if (r.Status == Refused) != (r.Path == gone) {
			t.Errorf("%s : %v", r.Path, r.Status)
		}
	}
	if attempts != 13 {
		t.Errorf("%d tentatives, 13 attendues", attempts)
	}
}

// Two layouts of one family that stage a column under one name with two
// types are not read into the same staging table: the insert would cast
// 0,67 into an INTEGER column as 1.
func TestBatchSplitByStagedTypes(t *testing.T) {
	dir := t.TempDir()
	mk := func(name, typ string) *pending {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("valeur\n1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		l := &Layout{Kind: &Kind{Name: "essai"}, Columns: []Column{{Name: "c0", Header: "valeur", Type: typ}},
			Stage: []string{"c0 AS valeur"}}
		return &pending{path: path, readPath: path, layout: l, sig: typ, s: &sniffed{Name: name, Delim: ';'}}
	}
	a, b, a2, c := mk("a.csv", "INTEGER"), mk("b.csv", "DOUBLE"), mk("a2.csv", "INTEGER"), mk("c.csv", "INTEGER")
	c.sig = "autre" // another signature...
	ld := &loader{db: testDB(t), run: &run{stageTypes: map[string]string{}, stageTypesBy: map[string]string{}}}
	var got [][]string
	for _, g := range ld.byStageTypes(context.Background(), []*pending{a, b, a2, c}) {
		var names []string
		for _, p := range g {
			names = append(names, p.s.Name)
		}
		got = append(got, names)
	}
	// ...whose staged types are a's: it stays with a.
	if want := [][]string{{"a.csv", "a2.csv", "c.csv"}, {"b.csv"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("groupes : %v, attendu %v", got, want)
	}
	// c stages what a stages over the same column types: DuckDB was asked
	// once for both, and once for b.
	if len(ld.stageTypesBy) != 2 {
		t.Errorf("%d questions à DuckDB, 2 attendues : %v", len(ld.stageTypesBy), ld.stageTypesBy)
	}
}
