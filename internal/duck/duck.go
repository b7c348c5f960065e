// Package duck holds the few DuckDB helpers every stage shares: opening the
// database file with the settings filmnum relies on, turning DuckDB's errors
// into French messages, running SQL scripts whose errors name their file, and
// quoting.
package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"filmnum/internal/fail"
)

// allocatorOnce tunes the C allocator before the first database opens.
var allocatorOnce sync.Once

// DefaultPath is the database every command uses when --db is not given.
const DefaultPath = "filmnum.duckdb"

// Options tune the engine. Zero values mean: all cores, DefaultMemoryLimit.
type Options struct {
	Threads     int
	MemoryLimit string // DuckDB syntax, e.g. "1GB"
	ReadOnly    bool
	// PreserveOrder keeps insertion order (ingest numbers rows in file order);
	// transform and reports turn it off, which lowers peak memory.
	PreserveOrder bool
	// KeepBlocks lets DuckDB keep the memory of its freed buffer blocks, up
	// to memory_limit, instead of handing it back to the system at once
	// (block_allocator_memory, 0 by default): every block reused then cost
	// page faults again. National transform, 400MB, two alternated pairs:
	// computed in 105–116 s against 116–139 s, 0.85–0.95 M minor faults
	// against 1.36–1.62 M, peak 796–845 MB against 742–866 MB. Ingest ran
	// faster with it too but peaked 200 MB higher (BENCHMARKS.md).
	KeepBlocks bool
}

// DefaultMemoryLimit leaves room under 1 GB for what DuckDB allocates
// outside its buffer manager, and for Go. Commands other than ingest,
// indicateurs and the reports use it.
const DefaultMemoryLimit = "700MB"

// IngestMemoryLimit is the default of `filmnum ingest`. Ingest of all
// 11 000 schools at once peaked at 1 282 MiB with 700MB and 1 022 MiB
// with 400MB, and at 885 MiB with 300MB once its pending files were
// lighter (e4fae0c). It costs time: at 1 000 schools, three alternated
// pairs at e3920ce, 94.0, 106.7 and 90.2 s against 86.6, 100.5 and 86.5 s
// with 700MB, peaks 576–588 MB against 599–700 MB (BENCHMARKS.md). Under
// 1 GB for every school at once is worth the 4 to 9 %.
const IngestMemoryLimit = "300MB"

// TransformMemoryLimit is the default of `filmnum indicateurs`. DuckDB's
// joins, windows and table writes allocate beyond its memory_limit: at
// 11 000 schools the transform peaked at 1 168 and 1 249 MB with 700MB,
// 972, 973 and 1 038 MB with 500MB, 821 and 804 MB with 400MB, all in the
// same time within this machine's spread (3 min 36 s to 4 min 06 s;
// BENCHMARKS.md).
const TransformMemoryLimit = "400MB"

// ReportMemoryLimit is the default of `filmnum rapport`: a report filters
// ind_valeurs, whose scan fills the buffer pool, and a smaller pool was
// faster. At 11 000 schools, alternated pairs: the Pix report 1 221 and
// 1 217 MB in 16.8 and 18.5 s with 700MB, 984 and 1 013 MB in 15.2 and
// 14.4 s with 400MB; then 993 and 1 007 MB in 14.4 and 13.0 s with 400MB,
// 883 and 914 MB in 12.4 and 11.7 s with 300MB, the same HTML
// (BENCHMARKS.md).
const ReportMemoryLimit = "300MB"

// DB is one DuckDB database opened through a single connection. Temporary
// tables, registered functions and transactions live on that connection, so
// every statement goes through Conn.
type DB struct {
	Path string
	opt  Options
	sql  *sql.DB
	Conn *sql.Conn
	// Trace, when set, receives every statement run by Exec and Script with
	// its duration (FILMNUM_TRACE=sql; a profiling aid).
	Trace io.Writer
	// second: opened by Another; closing it leaves the database open.
	second bool
}

var lockRe = regexp.MustCompile(`(?i)Could not set lock on file.*?(?:\(PID (\d+)\))?`)

// Open opens (creating it if needed) the database at path.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if path == "" {
		path = DefaultPath
	}
	if dir := filepath.Dir(path); dir != "." {
		if _, err := os.Stat(dir); err != nil {
			return nil, fail.New(fmt.Sprintf("le dossier de la base %s n'existe pas", path),
				fmt.Sprintf("créez-le (mkdir -p %s) ou passez un autre --db", dir))
		}
	}
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fail.New(fmt.Sprintf("la base %s n'existe pas", path),
				"chargez d'abord des exports : filmnum ingest --db "+path+" DOSSIER")
		}
	}
	allocatorOnce.Do(tuneAllocator)
	dsn := path + "?autoinstall_known_extensions=false&autoload_known_extensions=false"
	if opt.ReadOnly {
		dsn += "&access_mode=READ_ONLY"
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, translateOpen(path, err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, translateOpen(path, err)
	}
	d := &DB{Path: path, opt: opt, sql: db, Conn: conn}
	if os.Getenv("FILMNUM_TRACE") == "sql" {
		d.Trace = os.Stderr
	}
	if err := d.configure(ctx, opt); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// threads is the DuckDB threads opt asks for: all cores when not given.
func (opt Options) threads() int {
	if opt.Threads <= 0 {
		return runtime.NumCPU()
	}
	return opt.Threads
}

func (d *DB) configure(ctx context.Context, opt Options) error {
	threads := opt.threads()
	mem := opt.MemoryLimit
	if mem == "" {
		mem = DefaultMemoryLimit
	}
	stmts := []string{
		fmt.Sprintf("SET threads = %d", threads),
		"SET memory_limit = " + QuoteString(mem),
		fmt.Sprintf("SET preserve_insertion_order = %t", opt.PreserveOrder),
		// Dates in the exports are Paris wall-clock times; make every
		// TIMESTAMPTZ conversion and display use the same zone on any machine.
		"SET TimeZone = 'Europe/Paris'",
	}
	set := func(s string) error {
		if _, err := d.Conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("réglage DuckDB « %s » : %w", s, err)
		}
		return nil
	}
	for _, s := range stmts {
		if err := set(s); err != nil {
			return err
		}
	}
	if !opt.KeepBlocks {
		return nil
	}
	// The limit as DuckDB parsed it: block_allocator_memory takes sizes only.
	var limit string
	if err := d.Conn.QueryRowContext(ctx, "SELECT current_setting('memory_limit')").Scan(&limit); err != nil {
		return fmt.Errorf("lecture du réglage DuckDB memory_limit : %w", err)
	}
	return set("SET block_allocator_memory = " + QuoteString(limit))
}

func translateOpen(path string, err error) error {
	msg := err.Error()
	if m := lockRe.FindStringSubmatch(msg); m != nil {
		who := "un autre traitement"
		if m[1] != "" {
			who += " (processus " + m[1] + ")"
		}
		return fail.New(fmt.Sprintf("la base %s est déjà utilisée par %s", path, who),
			"attendez la fin de ce traitement, ou utilisez une autre base avec --db")
	}
	if strings.Contains(msg, "not a valid DuckDB database file") || strings.Contains(msg, "Invalid Input Error") && strings.Contains(msg, "database file") {
		return fail.New(fmt.Sprintf("%s n'est pas une base filmnum (DuckDB) valide", path),
			"passez le chemin d'une base créée par filmnum, ou un nouveau nom avec --db")
	}
	return fmt.Errorf("ouverture de la base %s : %w", path, err)
}

// Swap replaces the database file by replacement (a complete database
// written next to it) and reopens it with the same options.
func (d *DB) Swap(ctx context.Context, replacement string) error {
	trace := d.Trace
	if err := d.Close(); err != nil {
		return err
	}
	if err := os.Rename(replacement, d.Path); err != nil {
		return fmt.Errorf("remplacement de la base %s : %w", d.Path, err)
	}
	os.Remove(d.Path + ".wal")
	nd, err := Open(ctx, d.Path, d.opt)
	if err != nil {
		return err
	}
	*d = *nd
	d.Trace = trace
	return nil
}

// Another opens a second connection to the same database, with the same
// settings: its own temporary tables and macros, its own transactions.
// Closing it closes only that connection.
// With the default threads (Options.Threads 0), DuckDB runs one thread
// fewer while it is open: each connection runs its statements on its own
// thread, besides DuckDB's threads − 1 workers, so the two connections and
// the workers together keep to the cores. On 2 cores that is no worker at
// all: ingest at 1 000 schools, five alternated pairs, 43.0–56.6 s against
// 52.9–58.7 s, a fifth less user time (BENCHMARKS.md). Closing it gives
// DuckDB all the cores back.
func (d *DB) Another(ctx context.Context) (*DB, error) {
	d.sql.SetMaxOpenConns(2)
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("seconde connexion à la base %s : %w", d.Path, err)
	}
	nd := &DB{Path: d.Path, opt: d.opt, sql: d.sql, Conn: conn, Trace: d.Trace, second: true}
	if err := nd.configure(ctx, d.opt); err != nil {
		conn.Close()
		return nil, err
	}
	if d.opt.Threads <= 0 {
		if err := nd.setThreads(ctx, max(1, d.opt.threads()-1)); err != nil {
			conn.Close()
			return nil, err
		}
	}
	return nd, nil
}

// setThreads sets DuckDB's threads, a setting of the database that every
// connection shares.
func (d *DB) setThreads(ctx context.Context, n int) error {
	return d.Exec(ctx, fmt.Sprintf("SET threads = %d", n))
}

// Close releases the connection and, unless it was opened by Another, the
// database file lock.
func (d *DB) Close() error {
	if d == nil {
		return nil
	}
	if d.second {
		// Back to the database's own setting (Another lowered the default).
		err := d.setThreads(context.Background(), d.opt.threads())
		return errors.Join(err, d.Conn.Close())
	}
	var errs []error
	if d.Conn != nil {
		errs = append(errs, d.Conn.Close())
	}
	errs = append(errs, d.sql.Close())
	return errors.Join(errs...)
}

// Exec runs one or more statements on the database connection.
func (d *DB) Exec(ctx context.Context, query string, args ...any) error {
	if d.Trace != nil {
		defer d.trace(query, time.Now())
	}
	_, err := d.Conn.ExecContext(ctx, query, args...)
	return err
}

func (d *DB) trace(query string, start time.Time) {
	fmt.Fprintf(d.Trace, "-- %.3f s\n%s;\n", time.Since(start).Seconds(), strings.TrimSpace(query))
}

// Script runs a whole SQL file; any error names the file, as a user editing
// queries/ needs to know which one broke.
func (d *DB) Script(ctx context.Context, name, script string) error {
	if d.Trace != nil {
		defer d.trace("-- "+name+"\n"+script, time.Now())
	}
	if _, err := d.Conn.ExecContext(ctx, script); err != nil {
		return &ScriptError{File: name, Err: err}
	}
	return nil
}

// ScriptError is an SQL error attributed to the file that holds the statement.
type ScriptError struct {
	File string
	Err  error
}

func (e *ScriptError) Error() string { return e.File + " : " + e.Err.Error() }
func (e *ScriptError) Unwrap() error { return e.Err }

// QueryStrings runs a query whose rows are one string column (NULL → "").
func (d *DB) QueryStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := d.Conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s.String)
	}
	return out, rows.Err()
}

// TableExists reports whether a table or view of that name exists in main.
func (d *DB) TableExists(ctx context.Context, name string) (bool, error) {
	return d.TableExistsIn(ctx, "main", name)
}

// TableExistsIn reports whether a table or view of that name exists in schema
// (of this database or of temp).
func (d *DB) TableExistsIn(ctx context.Context, schema, name string) (bool, error) {
	k, err := d.relationKind(ctx, schema, name, "true")
	return k != "", err
}

// DropRelation drops schema.name of this database, a table or a view, if it
// exists: DROP TABLE refuses a view and DROP VIEW a table.
func (d *DB) DropRelation(ctx context.Context, schema, name string) error {
	k, err := d.RelationKind(ctx, schema, name)
	if err != nil || k == "" {
		return err
	}
	return d.Exec(ctx, "DROP "+k+" "+QuoteIdent(schema)+"."+QuoteIdent(name))
}

// InTransaction runs fn in one transaction: committed when fn succeeds,
// rolled back otherwise, even when ctx is cancelled. A failed BEGIN or
// COMMIT is reported as "what : error".
func (d *DB) InTransaction(ctx context.Context, what string, fn func() error) (err error) {
	if err := d.Exec(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("%s : %w", what, err)
	}
	defer func() {
		if err != nil {
			// The transaction may already be aborted: its own error is moot.
			_ = d.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	if err := d.Exec(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("%s : %w", what, err)
	}
	return nil
}

// RelationKind is "TABLE", "VIEW" or "" (absent) for schema.name of this
// database.
func (d *DB) RelationKind(ctx context.Context, schema, name string) (string, error) {
	return d.relationKind(ctx, schema, name, "database_name = current_database()")
}

// relationKind is "TABLE", "VIEW" or "" for schema.name, among the catalog
// rows matching where.
func (d *DB) relationKind(ctx context.Context, schema, name, where string) (string, error) {
	var k sql.NullString
	err := d.Conn.QueryRowContext(ctx, `SELECT max(k) FROM (
		SELECT 'TABLE' AS k FROM duckdb_tables() WHERE `+where+` AND schema_name = $1 AND table_name = $2
		UNION ALL
		SELECT 'VIEW' FROM duckdb_views() WHERE `+where+` AND schema_name = $1 AND view_name = $2)`, schema, name).Scan(&k)
	return k.String, err
}

// QuoteIdent quotes an identifier for DuckDB.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// QuoteString quotes a string literal for DuckDB.
func QuoteString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// appendTypes are the column types AppendQuery knows.
var appendTypes = map[string]duckdb.Type{
	"INTEGER": duckdb.TYPE_INTEGER, "BIGINT": duckdb.TYPE_BIGINT, "DOUBLE": duckdb.TYPE_DOUBLE,
	"VARCHAR": duckdb.TYPE_VARCHAR, "BOOLEAN": duckdb.TYPE_BOOLEAN, "DATE": duckdb.TYPE_DATE,
	"TIMESTAMP": duckdb.TYPE_TIMESTAMP, "TIMESTAMPTZ": duckdb.TYPE_TIMESTAMP_TZ,
}

// AppendQuery runs query over rows given through DuckDB's appender, as a
// temporary table named table whose columns are cols ("id INTEGER, nom
// VARCHAR"), on the database connection (inside its transaction, if one
// is open). For hundreds of rows built in Go it replaces a VALUES list,
// which DuckDB binds value by value: the 47 INSERTs of ≤ 1 000 files into
// raw_fichiers of an ingest of 1 000 schools took 7.3 s as VALUES. Values
// follow the driver's appender rules (int for integers, time.Time for
// timestamps, nil for NULL). A row the appender refuses drops the rows it
// holds; but it runs the query on its own every 204 800 rows (measured),
// whose effect stays unless a transaction is rolled back: ingest's batches
// have at most 1 000 files.
func (d *DB) AppendQuery(ctx context.Context, query, table, cols string, rows [][]driver.Value) error {
	if d.Trace != nil {
		defer d.trace(fmt.Sprintf("-- %d rows appended as %s(%s)\n%s", len(rows), table, strings.Join(strings.Fields(cols), " "), query), time.Now())
	}
	if len(rows) == 0 {
		return nil
	}
	var types []duckdb.TypeInfo
	var names []string
	for _, c := range strings.Split(cols, ",") {
		f := strings.Fields(c) // name and type, whatever blanks separate them
		t, ok := duckdb.Type(0), len(f) == 2
		if ok {
			t, ok = appendTypes[f[1]]
		}
		if !ok {
			return fmt.Errorf("AppendQuery: column %q: not a name and a supported type", strings.TrimSpace(c))
		}
		name := f[0]
		ti, err := duckdb.NewTypeInfo(t)
		if err != nil {
			return err
		}
		types, names = append(types, ti), append(names, name)
	}
	return d.Conn.Raw(func(dc any) error {
		a, err := duckdb.NewQueryAppender(dc.(driver.Conn), query, table, types, names)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := a.AppendRow(r...); err != nil {
				a.Clear()
				a.Close()
				return err
			}
		}
		return a.CloseWithCancel(ctx)
	})
}
