package transform

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/queries"
)

// copyQueries writes the embedded SQL to a folder, as a user would before
// adjusting a definition (--queries).
func copyQueries(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(queries.Embedded(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(queries.Embedded(), p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s ne contient pas %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A failed run (SQL error, failed check) names the file and leaves the tables
// of the previous run untouched.
func TestFailedRunKeepsPreviousTables(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	id := f.file("ent_stats", col1, y)
	f.entRow(id, col1, "mois", "2025-09-01", y, "eleve", 100, 40, 50, 200)
	f.run()
	before := f.count(`SELECT count(*) FROM ind_valeurs`)
	if before == 0 {
		t.Fatal("aucune valeur au premier calcul")
	}
	// New data that a successful run would add.
	f.entRow(id, col1, "mois", "2025-10-01", y, "eleve", 100, 40, 60, 200)

	dir := copyQueries(t)
	edit(t, filepath.Join(dir, "indicateurs", "gar.sql"), "FROM stg_gar_usage\n    WHERE profil", "FROM stg_table_absente\n    WHERE profil")
	_, err := Run(f.ctx, f.db, Options{QueriesDir: dir})
	if err == nil || !strings.Contains(err.Error(), "indicateurs/gar.sql") || !strings.Contains(err.Error(), "stg_table_absente") {
		t.Fatalf("erreur SQL : %v", err)
	}
	if got := f.count(`SELECT count(*) FROM ind_valeurs`); got != before {
		t.Errorf("ind_valeurs : %d lignes après l'échec, %d avant", got, before)
	}

	// A check that returns a row fails the run with its file and first row.
	dir = copyQueries(t)
	if err := os.WriteFile(filepath.Join(dir, "checks", "zz_toujours.sql"),
		[]byte("-- always fails\nSELECT 'classe' AS objet, 42 AS lignes UNION ALL SELECT 'autre', 1 ORDER BY lignes DESC"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Run(f.ctx, f.db, Options{QueriesDir: dir})
	if err == nil || !strings.Contains(err.Error(), "checks/zz_toujours.sql") ||
		!strings.Contains(err.Error(), "objet = « classe », lignes = 42") || !strings.Contains(err.Error(), "2 lignes") {
		t.Fatalf("contrôle en échec : %v", err)
	}
	if got := f.count(`SELECT count(*) FROM ind_valeurs`); got != before {
		t.Errorf("ind_valeurs : %d lignes après le contrôle en échec, %d avant", got, before)
	}
	// Every table had been rebuilt (in the other calcul_ schema) when the
	// check failed: none of them reached main, and that schema is gone.
	f.absent("ent_connexion", col1, y, "2025-10", "eleve")
	if n := f.count(`SELECT count(*) FROM ind_ent WHERE periode = '2025-10'`); n != 0 {
		t.Errorf("ind_ent : %d lignes d'octobre après le contrôle en échec", n)
	}
	f.onlyPublishedSchema("après l'échec")
	// An error in the comparisons leaves main as it was too.
	broken := copyQueries(t)
	edit(t, filepath.Join(broken, "comparaisons", "valeurs.sql"), "POSITIONAL JOIN _rk r", "POSITIONAL JOIN _rk_absente r")
	_, err = Run(f.ctx, f.db, Options{QueriesDir: broken})
	if err == nil || !strings.Contains(err.Error(), "comparaisons/valeurs.sql") || !strings.Contains(err.Error(), "_rk_absente") {
		t.Fatalf("erreur SQL dans les comparaisons : %v", err)
	}
	if got := f.count(`SELECT count(*) FROM ind_valeurs`); got != before {
		t.Errorf("ind_valeurs : %d lignes après l'échec des comparaisons, %d avant", got, before)
	}
	if n := f.count(`SELECT count(*) FROM ind_ent WHERE periode = '2025-10'`); n != 0 {
		t.Errorf("ind_ent : %d lignes d'octobre après l'échec des comparaisons", n)
	}
	// The same folder without the failing check runs, and adds October.
	if err := os.Remove(filepath.Join(dir, "checks", "zz_toujours.sql")); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(f.ctx, f.db, Options{QueriesDir: dir}); err != nil {
		t.Fatal(err)
	}
	f.must("ent_connexion", col1, y, "2025-10", "eleve")
	f.onlyPublishedSchema("après un calcul réussi")
}

// onlyPublishedSchema fails unless the one calcul_ schema left is the one
// main.stg_calcul names.
func (f *fixture) onlyPublishedSchema(when string) {
	f.t.Helper()
	if n := f.count(`SELECT count(*) FROM duckdb_schemas() s, main.stg_calcul c
		WHERE s.schema_name LIKE 'calcul\_%' ESCAPE '\' AND s.schema_name <> c.schema`); n != 0 {
		f.t.Errorf("%s : %d schéma(s) calcul_ non publié(s)", when, n)
	}
}

func TestHeaderAndDeclarationsEnforced(t *testing.T) {
	f := newFixture(t)
	dir := copyQueries(t)
	edit(t, filepath.Join(dir, "indicateurs", "ent.sql"), "-- name: ent\n", "")
	_, err := Run(f.ctx, f.db, Options{QueriesDir: dir})
	if err == nil || !strings.Contains(err.Error(), "ent.sql") || fail.HintOf(err) == "" {
		t.Errorf("en-tête incomplet accepté : %v", err)
	}

	dir = copyQueries(t)
	edit(t, filepath.Join(dir, "indicateurs", "ent.sql"), "-- indicators: ent_connexion, ent_activation, ", "-- indicators: ent_connexion, ")
	id := f.file("ent_stats", col1, "2025-2026")
	f.entRow(id, col1, "mois", "2025-09-01", "2025-2026", "eleve", 100, 40, 50, 200)
	_, err = Run(f.ctx, f.db, Options{QueriesDir: dir})
	if err == nil || !strings.Contains(err.Error(), "« ent_activation » n'est pas déclaré") {
		t.Errorf("indicateur non déclaré accepté : %v", err)
	}

	if _, err := Run(f.ctx, f.db, Options{QueriesDir: filepath.Join(dir, "absent")}); fail.CodeOf(err) != fail.ExitUsage {
		t.Errorf("dossier absent : %v", err)
	}
}

func TestMissingSeeds(t *testing.T) {
	ctx := context.Background()
	db, err := duck.Open(ctx, filepath.Join(t.TempDir(), "x.duckdb"), duck.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema, err := os.ReadFile("../ingest/schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, string(schema)); err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, db, Options{})
	if err == nil || !strings.Contains(err.Error(), "seed_etablissements") || !strings.Contains(fail.HintOf(err), "filmnum ingest [--seeds DOSSIER]") {
		t.Errorf("base sans données de référence : %v (%s)", err, fail.HintOf(err))
	}
}

// ind_valeurs is a view over stg_valeurs. It was a table before: a database
// computed by an earlier version is converted by the next run. Its school
// columns are those of the seeds when the comparisons were computed, not
// those loaded since: the groups were made with them.
func TestValuesView(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	id := f.file("ent_stats", col1, y)
	f.entRow(id, col1, "mois", "2025-09-01", y, "eleve", 100, 40, 50, 200)
	f.exec(`CREATE TABLE ind_valeurs AS SELECT 'ent_connexion' AS indicateur, 'X' AS uai`)
	f.run()
	if n := f.count(`SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND view_name = 'ind_valeurs'`); n != 1 {
		t.Fatalf("ind_valeurs n'est pas une vue après le calcul (%d)", n)
	}
	if n := f.count(`SELECT count(*) FROM ind_valeurs WHERE uai = 'X'`); n != 0 {
		t.Errorf("%d lignes de l'ancienne table ind_valeurs", n)
	}
	// 50 connected pupils of 100 in September: the new value is there.
	f.rate(f.must("ent_connexion", col1, y, "2025-09", "eleve"), 50, 100, 0.5)

	school := func(when, wantNom, wantDep string) {
		t.Helper()
		var nom, dep string
		if err := f.db.Conn.QueryRowContext(f.ctx, `SELECT DISTINCT nom, departement_code FROM ind_valeurs WHERE uai = ?`, col1).Scan(&nom, &dep); err != nil {
			t.Fatal(err)
		}
		if nom != wantNom || dep != wantDep {
			t.Errorf("%s : %s (%s), attendu %s (%s)", when, nom, dep, wantNom, wantDep)
		}
	}
	published := func() string {
		t.Helper()
		var s string
		if err := f.db.Conn.QueryRowContext(f.ctx, `SELECT schema FROM main.stg_calcul`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := published()
	f.exec(`UPDATE seed_etablissements SET nom = 'Collège Renommé', departement_code = '23' WHERE uai = ?`, col1)
	school("avant un nouveau calcul", "Collège Un", "87")
	f.run()
	school("après le calcul", "Collège Renommé", "23")
	// Each run builds in the schema main does not point to, then main's views
	// point to it and the previous one is dropped.
	if second := published(); second == first {
		t.Errorf("deux calculs publiés dans le même schéma %s", first)
	}
	if n := f.count(`SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?`, first); n != 0 {
		t.Errorf("le schéma %s du calcul précédent reste", first)
	}
	if n := f.count(`SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND view_name IN ('stg_valeurs', 'ind_ent')`); n != 2 {
		t.Errorf("stg_valeurs et ind_ent : %d vue(s) dans main, 2 attendues", n)
	}
	// stg_valeurs keeps its text columns as ENUM types of the run's schema;
	// readers of ind_valeurs get text.
	if n := f.count(`SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'ind_valeurs'
		AND column_name IN ('indicateur', 'uai', 'annee_scolaire', 'periode', 'dimension', 'unite') AND data_type = 'VARCHAR'`); n != 6 {
		t.Errorf("ind_valeurs : %d colonnes de texte en VARCHAR sur 6", n)
	}
}

// The working tables live in WorkCatalog for the run only: a run without
// KeepWorkTables detaches it (nothing of it reaches the database file), and
// the personal-data check reads its tables too.
func TestWorkTablesDetachedAndChecked(t *testing.T) {
	f := newFixture(t)
	y := "2025-2026"
	id := f.file("ent_stats", col1, y)
	f.entRow(id, col1, "mois", "2025-09-01", y, "eleve", 100, 40, 50, 200)
	if _, err := Run(f.ctx, f.db, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := f.count(`SELECT count(*) FROM duckdb_databases() WHERE database_name = $1`, WorkCatalog); n != 0 {
		t.Errorf("%s encore attachée après le calcul", WorkCatalog)
	}
	if n := f.count(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stg_ent'`); n != 0 {
		t.Errorf("stg_ent (table de travail) présente dans la base : %d", n)
	}
	if n := f.count(`SELECT count(*) FROM ind_ent WHERE uai = $1`, col1); n == 0 {
		t.Error("ind_ent vide : la table de travail stg_ent n'a pas été lue")
	}

	dir := copyQueries(t)
	edit(t, filepath.Join(dir, "staging", "03_autres.sql"), "SELECT * EXCLUDE (type_export)\nFROM dedup d",
		"SELECT * EXCLUDE (type_export), 'Camille' AS prenom\nFROM dedup d")
	_, err := Run(f.ctx, f.db, Options{QueriesDir: dir})
	if err == nil || !strings.Contains(err.Error(), "checks/donnees_personnelles.sql") || !strings.Contains(err.Error(), "stg_ent") {
		t.Errorf("colonne prenom dans une table de travail acceptée : %v", err)
	}
	if n := f.count(`SELECT count(*) FROM duckdb_databases() WHERE database_name = $1`, WorkCatalog); n != 0 {
		t.Errorf("%s encore attachée après l'échec", WorkCatalog)
	}
}

// search_path names the database's catalog: a file name with a space, a comma,
// a quote and a dot still runs (its catalog is « base d'essai, v1 »: DuckDB
// cuts the name at its first dot; unquoted, the comma split search_path).
func TestRunOnDatabaseWithOddName(t *testing.T) {
	f := newFixtureAt(t, "base d'essai, v1.2.duckdb")
	y := "2025-2026"
	id := f.file("ent_stats", col1, y)
	f.entRow(id, col1, "mois", "2025-09-01", y, "eleve", 100, 40, 50, 200)
	f.run()
	if n := f.count(`SELECT count(*) FROM ind_ent WHERE uai = $1`, col1); n == 0 {
		t.Error("ind_ent vide")
	}
	if n := f.count(`SELECT count(*) FROM duckdb_databases() WHERE database_name = 'base d''essai, v1'`); n != 1 {
		t.Error("catalogue de la base : nom inattendu")
	}
}

// A database whose catalog is the working catalog's name is refused with a hint.
func TestRunRefusesReservedDatabaseName(t *testing.T) {
	f := newFixtureAt(t, WorkCatalog+".duckdb")
	_, err := Run(f.ctx, f.db, Options{})
	if err == nil || !strings.Contains(err.Error(), "nom réservé") || fail.HintOf(err) == "" {
		t.Fatalf("base %s.duckdb acceptée : %v", WorkCatalog, err)
	}
}

// raw_fichiers declares no key (ingest/schema.sql): a file counted twice,
// by number or by content, fails the run at checks/fichiers_uniques.sql,
// which names the key.
func TestFileCountedTwiceFails(t *testing.T) {
	for _, c := range []struct{ cle, set string }{
		{"sha256", "sha256 = 'sha1'"},
		{"fichier_id", "fichier_id = 1, sha256 = 'sha9'"},
	} {
		f := newFixture(t)
		y := "2025-2026"
		for range 2 {
			id := f.file("ent_stats", col1, y)
			f.entRow(id, col1, "mois", "2025-09-01", y, "eleve", 100, 40, 50, 200)
		}
		if _, err := Run(f.ctx, f.db, Options{}); err != nil {
			t.Fatalf("deux fichiers distincts : %v", err)
		}
		f.exec("UPDATE raw_fichiers SET " + c.set + " WHERE fichier_id = 2")
		_, err := Run(f.ctx, f.db, Options{})
		if err == nil || !strings.Contains(err.Error(), "checks/fichiers_uniques.sql") || !strings.Contains(err.Error(), "cle = « "+c.cle+" »") {
			t.Errorf("%s en double accepté : %v", c.cle, err)
		}
	}
}
