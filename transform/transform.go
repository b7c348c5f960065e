// Package transform runs the SQL of queries/ over the raw_ and seed_ tables:
// staging (stg_ tables), one file per indicator family (ind_<name> tables),
// the comparisons (the view ind_valeurs over stg_valeurs), then the checks.
// Every table of a run is built in a schema of its own, checks included; one
// short transaction then points the views of main at it: when a file or a
// check fails, main is left as the previous run left it.
package transform

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/queries"
)

// DefaultThreshold is the small-number threshold: values computed on fewer
// people are masked in reports that compare schools.
const DefaultThreshold = 10

// Options tune a run.
type Options struct {
	// QueriesDir runs the SQL files of this folder (same layout as queries/)
	// instead of the embedded ones.
	QueriesDir string
	// Threshold is the small-number threshold (--seuil); 0 means DefaultThreshold.
	Threshold int
	// Progress, when set, is told each file before it runs.
	Progress func(file string)
	// KeepWorkTables leaves the working tables (WorkCatalog) attached after
	// the run, for tests that read them; a run detaches them otherwise.
	KeepWorkTables bool
}

// WorkCatalog is the in-memory database holding the run's working tables
// (stg_participations, stg_eleves, ...: millions of rows read by later files,
// not kept). The SQL files create them as WorkCatalog.name and read them
// unqualified (last in search_path). Unlike TEMP tables, whose rows DuckDB
// keeps uncompressed, it is attached with COMPRESS: at 11 000 schools and
// 400MB the whole command wrote 12.7 and 14.8 GB (spilled blocks) against
// 16.1 and 16.4 GB, in the same time; peak 655–873 MB over eight runs (mean
// 798) against 838 and 839 MB (BENCHMARKS.md). It compresses at its
// checkpoints: the SQL files checkpoint it after each large working table.
const WorkCatalog = "filmnum_travail"

// Result says what a run built.
type Result struct {
	Files      []FileTiming
	Families   []queries.Header
	Rows       map[string]int64 // ind_ table -> rows
	Values     int64            // rows of ind_valeurs
	Unmapped   int64            // distinct class labels mapped to no level
	Anomalies  int64            // rows of stg_anomalies
	Duration   time.Duration
	Threshold  int
	FromFolder string // QueriesDir, when used
}

// FileTiming is how long one SQL file took.
type FileTiming struct {
	File     string
	Duration time.Duration
}

// requiredTables must exist before a run: the raw schema (created by every
// ingest) and the reference data.
var requiredTables = []struct{ name, hint string }{
	{"raw_fichiers", "chargez d'abord des exports : filmnum ingest DOSSIER"},
	{"seed_etablissements", "les référentiels se chargent à chaque ingest : filmnum ingest [--seeds DOSSIER] EXPORTS"},
	{"seed_effectifs", "les référentiels se chargent à chaque ingest : filmnum ingest [--seeds DOSSIER] EXPORTS"},
	{"seed_personnels", "les référentiels se chargent à chaque ingest : filmnum ingest [--seeds DOSSIER] EXPORTS"},
	{"seed_niveaux_classes", "les référentiels se chargent à chaque ingest : filmnum ingest [--seeds DOSSIER] EXPORTS"},
	{"seed_niveaux_pix", "les référentiels se chargent à chaque ingest : filmnum ingest [--seeds DOSSIER] EXPORTS"},
}

// Run executes the whole transform on db.
func Run(ctx context.Context, db *duck.DB, opt Options) (*Result, error) {
	start := time.Now()
	seuil := opt.Threshold
	if seuil == 0 {
		seuil = DefaultThreshold
	}
	if seuil < 0 {
		return nil, fail.Usage(fmt.Sprintf("seuil %d invalide", seuil), "passez un entier positif, par exemple --seuil 10")
	}
	files, err := loadFiles(opt.QueriesDir)
	if err != nil {
		return nil, err
	}
	var families []queries.Header
	for _, f := range files {
		if f.Stage != queries.Indicators {
			continue
		}
		h, err := queries.ParseHeader(f.Name, f.SQL)
		if err != nil {
			return nil, fail.New(err.Error(), "chaque fichier d'indicateurs commence par son en-tête « -- name: … » (voir queries/indicateurs)")
		}
		families = append(families, h)
	}
	for _, t := range requiredTables {
		ok, err := db.TableExists(ctx, t.name)
		if err != nil {
			return nil, fmt.Errorf("lecture du catalogue de la base : %w", err)
		}
		if !ok {
			return nil, fail.New(fmt.Sprintf("la table %s est absente de la base %s", t.name, db.Path), t.hint)
		}
	}

	// Databases ingested before raw_exclusions existed: no period excluded.
	if ok, err := db.TableExists(ctx, "raw_exclusions"); err == nil && !ok {
		if err := db.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS raw_exclusions (source VARCHAR, debut DATE, fin DATE,
			motif VARCHAR, ajoute_le TIMESTAMPTZ)`); err != nil {
			return nil, err
		}
	}

	res := &Result{Families: families, Rows: map[string]int64{}, Threshold: seuil, FromFolder: opt.QueriesDir}
	if err := db.Exec(ctx, fmt.Sprintf("SET VARIABLE seuil = %d", seuil)); err != nil {
		return nil, err
	}
	// Build then publish: every table and view of the run lands in a schema
	// of its own (calcul_a or calcul_b, whichever main does not point to;
	// unqualified names resolve there first, then in main), outside any
	// transaction, comparisons and checks included. One short transaction
	// then points main's views at it (publish); the previous run's schema is
	// dropped after the commit. A failure, a failed check or an interruption
	// leaves main as the previous run left it.
	// Nothing is written inside a transaction: DuckDB writes there through
	// transaction-local storage, and at 11 000 schools the comparisons took
	// 42.7 s into main in the final transaction against 27.7 s outside one
	// (stg_valeurs, 9 M rows), besides 8.4 s of copies from the former build
	// schema into main. At 4 000 schools the staging inside one transaction
	// took 124 s against 77 s.
	prev, err := publishedSchema(ctx, db)
	if err != nil {
		return nil, err
	}
	work := otherSchema(prev)
	var catalog string
	if err := db.Conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&catalog); err != nil {
		return nil, err
	}
	if catalog == WorkCatalog {
		return nil, fail.New(fmt.Sprintf("la base %s porte le nom réservé aux tables de travail du calcul (%s)", db.Path, WorkCatalog),
			"renommez le fichier de la base (par exemple filmnum.duckdb) et passez-le à --db")
	}
	// Unqualified names: the run's schema first (where unqualified tables are
	// created), then main, then the working tables.
	searchPath := duck.QuoteIdent(catalog) + "." + duck.QuoteIdent(work) + "," +
		duck.QuoteIdent(catalog) + ".main," + WorkCatalog + ".main"
	// build: where versions before calcul_a and calcul_b built their tables.
	if err := db.Exec(ctx, "DROP SCHEMA IF EXISTS build CASCADE; DROP SCHEMA IF EXISTS "+work+" CASCADE; CREATE SCHEMA "+work+
		"; ATTACH OR REPLACE ':memory:' AS "+WorkCatalog+" (COMPRESS)"+
		"; SET schema = '"+work+"'; SET search_path = "+duck.QuoteString(searchPath)); err != nil {
		return nil, fmt.Errorf("préparation du schéma de calcul : %w", err)
	}
	committed := false
	defer func() {
		// The context may be cancelled: clean up regardless.
		bg := context.WithoutCancel(ctx)
		_ = db.Exec(bg, "RESET search_path; SET schema = 'main'")
		if !opt.KeepWorkTables {
			_ = db.Exec(bg, "DETACH DATABASE IF EXISTS "+WorkCatalog)
		}
		if !committed {
			_ = db.Exec(bg, "DROP SCHEMA IF EXISTS "+work+" CASCADE")
		}
	}()
	for _, f := range files {
		if f.Stage != queries.Staging && f.Stage != queries.Indicators {
			continue
		}
		if err := runFile(ctx, db, f, opt, res); err != nil {
			return nil, err
		}
		if f.Stage == queries.Indicators {
			if err := checkFamily(ctx, db, work, f, families); err != nil {
				return nil, err
			}
		}
	}
	if err := buildUnion(ctx, db, families); err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.Stage != queries.Comparisons {
			continue
		}
		if err := runFile(ctx, db, f, opt, res); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if f.Stage != queries.Checks {
			continue
		}
		if opt.Progress != nil {
			opt.Progress(f.Path())
		}
		t0 := time.Now()
		if err := runCheck(ctx, db, f); err != nil {
			return nil, err
		}
		res.Files = append(res.Files, FileTiming{File: f.Path(), Duration: time.Since(t0)})
	}
	if err := res.count(ctx, db, work); err != nil {
		return nil, err
	}
	if err := publish(ctx, db, work, seuil); err != nil {
		return nil, err
	}
	committed = true
	// Unreferenced now; if this drop does not happen, the next run's does.
	if err := db.Exec(ctx, "RESET search_path; SET schema = 'main'; DROP SCHEMA IF EXISTS "+otherSchema(work)+" CASCADE"); err != nil {
		return nil, fmt.Errorf("suppression des tables du calcul précédent : %w", err)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// The tables of a run live in one of two schemas, in turn; main holds views
// over the published one, and the view main.stg_calcul names it.
const (
	schemaA = "calcul_a"
	schemaB = "calcul_b"
)

// otherSchema is the schema of the two that is not s (calcul_a when s is
// neither).
func otherSchema(s string) string {
	if s == schemaA {
		return schemaB
	}
	return schemaA
}

// publishedSchema is the schema main's views point to ("" before the first
// run of this version).
func publishedSchema(ctx context.Context, db *duck.DB) (string, error) {
	k, err := db.RelationKind(ctx, "main", "stg_calcul")
	if err != nil || k != "VIEW" {
		return "", err
	}
	var s string
	if err := db.Conn.QueryRowContext(ctx, "SELECT schema FROM main.stg_calcul").Scan(&s); err != nil {
		return "", fmt.Errorf("lecture de main.stg_calcul : %w", err)
	}
	return s, nil
}

// publish points main at the tables and views of schema work, in one
// transaction: for each of them a view main.<name> (replacing a table or
// view of that name), and main.stg_calcul.
func publish(ctx context.Context, db *duck.DB, work string, seuil int) error {
	names, err := db.QueryStrings(ctx, `SELECT table_name FROM duckdb_tables()
		WHERE database_name = current_database() AND schema_name = $1
		UNION ALL
		SELECT view_name FROM duckdb_views()
		WHERE database_name = current_database() AND schema_name = $1 AND NOT internal
		ORDER BY 1`, work)
	if err != nil {
		return err
	}
	return db.InTransaction(ctx, "publication du calcul", func() error {
		for _, n := range names {
			if err := db.DropRelation(ctx, "main", n); err != nil {
				return fmt.Errorf("remplacement de main.%s : %w", n, err)
			}
			q := duck.QuoteIdent(n)
			if err := db.Exec(ctx, "CREATE VIEW main."+q+" AS FROM "+work+"."+q); err != nil {
				return fmt.Errorf("vue main.%s : %w", n, err)
			}
		}
		return db.Exec(ctx, fmt.Sprintf(`CREATE OR REPLACE VIEW main.stg_calcul AS
			SELECT '%s' AS schema, TIMESTAMPTZ '%s' AS calcule_le, %d AS seuil`,
			work, time.Now().UTC().Format("2006-01-02 15:04:05.000000Z"), seuil))
	})
}

func loadFiles(dir string) ([]queries.File, error) {
	var fsys fs.FS = queries.Embedded()
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			return nil, fail.Usage(fmt.Sprintf("dossier de requêtes %s introuvable", dir),
				"passez un dossier organisé comme queries/ (staging, indicateurs, comparaisons, checks)")
		}
		fsys = os.DirFS(dir)
	}
	files, err := queries.Load(fsys)
	if err != nil {
		return nil, fail.New(err.Error(), "le dossier --queries doit contenir staging/, indicateurs/, comparaisons/ et checks/ avec leurs fichiers .sql")
	}
	return files, nil
}

func runFile(ctx context.Context, db *duck.DB, f queries.File, opt Options, res *Result) error {
	if opt.Progress != nil {
		opt.Progress(f.Path())
	}
	t0 := time.Now()
	if err := db.Script(ctx, f.Path(), f.SQL); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fail.New("erreur SQL dans "+err.Error(), sqlHint(opt))
	}
	res.Files = append(res.Files, FileTiming{File: f.Path(), Duration: time.Since(t0)})
	return nil
}

func sqlHint(opt Options) string {
	if opt.QueriesDir != "" {
		return "corrigez ce fichier dans " + opt.QueriesDir + " ; les tables du calcul précédent sont conservées"
	}
	return "signalez l'erreur avec ce message ; les tables du calcul précédent sont conservées"
}

// checkFamily verifies that an indicator file built its table in the tidy
// shape with only the indicator ids its header declares.
func checkFamily(ctx context.Context, db *duck.DB, work string, f queries.File, families []queries.Header) error {
	var h queries.Header
	for _, fh := range families {
		if fh.Name+".sql" == f.Name {
			h = fh
		}
	}
	ok, err := db.TableExistsIn(ctx, work, h.Table())
	if err != nil {
		return err
	}
	if !ok {
		return fail.New(fmt.Sprintf("%s n'a pas créé la table %s", f.Path(), h.Table()), "le fichier doit contenir CREATE OR REPLACE TABLE "+h.Table())
	}
	cols, err := db.QueryStrings(ctx, `SELECT column_name FROM duckdb_columns()
		WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2 ORDER BY column_index`, work, h.Table())
	if err != nil {
		return err
	}
	if strings.Join(cols, ",") != strings.Join(TidyColumns, ",") {
		return fail.New(fmt.Sprintf("%s : la table %s a les colonnes (%s) au lieu de (%s)", f.Path(), h.Table(),
			strings.Join(cols, ", "), strings.Join(TidyColumns, ", ")), "voir la forme des tables ind_ dans ARCHITECTURE.md")
	}
	ids, err := db.QueryStrings(ctx, "SELECT DISTINCT indicateur FROM "+duck.QuoteIdent(h.Table())+" ORDER BY 1")
	if err != nil {
		return &duck.ScriptError{File: f.Path(), Err: err}
	}
	for _, id := range ids {
		if !h.Has(id) {
			return fail.New(fmt.Sprintf("%s : l'indicateur « %s » n'est pas déclaré dans l'en-tête (indicators: %s)", f.Path(), id, strings.Join(h.Indicators, ", ")),
				"ajoutez-le à la ligne « -- indicators: » du fichier")
		}
	}
	return nil
}

// TidyColumns is the shape of every ind_<name> table (ARCHITECTURE.md).
var TidyColumns = []string{"indicateur", "uai", "annee_scolaire", "periode", "dimension",
	"numerateur", "denominateur", "valeur", "unite", "effectif", "estimation"}

// buildUnion creates the view stg_indicateurs over the ind_ tables of this
// run, which the comparisons read. Built from the headers so that a family
// added in --queries needs no other change, and a table left over from an
// older version is not read.
func buildUnion(ctx context.Context, db *duck.DB, families []queries.Header) error {
	if len(families) == 0 {
		return fail.New("aucun fichier d'indicateurs", "le dossier indicateurs/ doit contenir au moins un fichier .sql")
	}
	cols := strings.Join(TidyColumns, ", ")
	parts := make([]string, len(families))
	for i, h := range families {
		parts[i] = "SELECT " + cols + " FROM " + duck.QuoteIdent(h.Table())
	}
	q := "CREATE OR REPLACE VIEW stg_indicateurs AS\n" + strings.Join(parts, "\nUNION ALL\n")
	return db.Script(ctx, "(vue stg_indicateurs)", q)
}

// maxCounted bounds how many violating rows a failed check counts.
const maxCounted = 1000

// runCheck runs one check query; any row it returns fails the run.
func runCheck(ctx context.Context, db *duck.DB, f queries.File) error {
	rows, err := db.Conn.QueryContext(ctx, f.SQL)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fail.New("erreur SQL dans "+(&duck.ScriptError{File: f.Path(), Err: err}).Error(), "")
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return &duck.ScriptError{File: f.Path(), Err: err}
		}
		return nil
	}
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return &duck.ScriptError{File: f.Path(), Err: err}
	}
	first := make([]string, len(names))
	for i, n := range names {
		first[i] = n + " = " + formatCell(vals[i])
	}
	n := 1
	for n < maxCounted && rows.Next() {
		n++
	}
	count := fmt.Sprintf("%d ligne", n)
	if n > 1 {
		count += "s"
	}
	if n >= maxCounted {
		count = fmt.Sprintf("au moins %d lignes", maxCounted)
	}
	return fail.New(fmt.Sprintf("contrôle %s en échec (%s en infraction) ; première : %s", f.Path(), count, strings.Join(first, ", ")),
		"les tables du calcul précédent sont conservées ; vérifiez les exports ou les requêtes en cause")
}

func formatCell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05")
	case string:
		return "« " + x + " »"
	}
	return fmt.Sprint(v)
}

func (r *Result) count(ctx context.Context, db *duck.DB, work string) error {
	for _, h := range r.Families {
		n, err := countRows(ctx, db, "SELECT count(*) FROM "+duck.QuoteIdent(h.Table()))
		if err != nil {
			return err
		}
		r.Rows[h.Table()] = n
	}
	var err error
	if r.Values, err = countRows(ctx, db, "SELECT count(*) FROM ind_valeurs"); err != nil {
		return err
	}
	if ok, _ := db.TableExistsIn(ctx, work, "stg_classes_non_reconnues"); ok {
		if r.Unmapped, err = countRows(ctx, db, "SELECT count(DISTINCT classe) FROM stg_classes_non_reconnues"); err != nil {
			return err
		}
	}
	if ok, _ := db.TableExistsIn(ctx, work, "stg_anomalies"); ok {
		if r.Anomalies, err = countRows(ctx, db, "SELECT count(*) FROM stg_anomalies"); err != nil {
			return err
		}
	}
	return nil
}

func countRows(ctx context.Context, db *duck.DB, q string) (int64, error) {
	var n sql.NullInt64
	if err := db.Conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, err
	}
	return n.Int64, nil
}

// Tables lists the ind_ tables of a result, sorted.
func (r *Result) Tables() []string {
	out := make([]string, 0, len(r.Rows))
	for t := range r.Rows {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
