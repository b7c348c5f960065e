package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"filmnum/internal/duck"
	"filmnum/seeds"
)

// loader is one connection's share of a run: the batches it reads and
// loads go through db, whose temporary tables (_s, _f, _bad...) and macros
// are its own. Two loaders of one run share everything else (run).
type loader struct {
	db *duck.DB
	*run
}

// run holds what one run shares between batches and connections.
type run struct {
	opt     Options
	key     string              // the pseudonyms' key
	today   time.Time           // the run's day, for _aujourdhui()
	known   map[[32]byte]string // SHA-256 → file name already loaded
	schools map[string]bool
	tempDir string
	mu      sync.Mutex
	temps   []string
	// shapes holds, per signature, the first file's layout, family and
	// signature text, shared by every file of it: a batch is read with its
	// first file's layout, and tens of thousands of identical copies (SQL
	// text of every column and check) would otherwise stay in memory.
	shapes map[string]*shape
	// stageTypes: signature → names and types of its staged columns;
	// stageTypesBy: the same by the statement that asks them, shared by
	// the signatures whose staged expressions and column types are equal.
	// Both connections read them: typesMu.
	typesMu      sync.Mutex
	stageTypes   map[string]string
	stageTypesBy map[string]string
	// progressMu: one progress line at a time.
	progressMu sync.Mutex
}

func newLoader(ctx context.Context, db *duck.DB, opt Options) (*loader, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	ld := &loader{db: db, run: &run{opt: opt, today: opt.Now(), known: map[[32]byte]string{}, schools: map[string]bool{}, shapes: map[string]*shape{}, stageTypes: map[string]string{}, stageTypesBy: map[string]string{}}}
	for _, s := range opt.Schools {
		ld.schools[s.UAI] = true
	}
	rows, err := db.Conn.QueryContext(ctx, "SELECT sha256, nom FROM raw_fichiers")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sha, name string
		if err := rows.Scan(&sha, &name); err != nil {
			rows.Close()
			return nil, err
		}
		var sum [32]byte
		if b, err := hex.DecodeString(sha); err == nil && len(b) == len(sum) {
			copy(sum[:], b)
			ld.known[sum] = name
		}
	}
	rows.Close()
	if err := db.Conn.QueryRowContext(ctx, "SELECT cle FROM raw_cle LIMIT 1").Scan(&ld.key); err != nil {
		return nil, err
	}
	if err := ld.setUp(ctx); err != nil {
		return nil, err
	}
	ld.tempDir = opt.TempDir
	if ld.tempDir == "" {
		ld.tempDir = os.TempDir()
	}
	return ld, nil
}

// setUp gives ld's connection the load statements' macros and functions.
func (ld *loader) setUp(ctx context.Context) error {
	// Helpers for the load statements. _pseudo carries the key, so it is a
	// temporary macro: never stored in the database catalogue. _unguard
	// drops the quote Pix writes before a value starting with - @ = or + (a
	// formula guard). As one regexp_replace rather than a CASE over x[1],
	// x[2] and x[2:], the 234 campaign reads of 1 000 schools, replayed in
	// pairs, took 16.8 and 17.2 s against 18.8 and 18.5 s, the same rows
	// (the CASE, bound for each of a campaign read's seven text columns, was
	// about 8 ms of a small read's 36-40 ms).
	macros := `
CREATE OR REPLACE TEMP MACRO _unguard(x) AS regexp_replace(x, '^''([-@=+])', '\1');
CREATE OR REPLACE TEMP MACRO _norm(x) AS
    upper(strip_accents(replace(replace(
        CASE WHEN contains(trim(x), '  ') THEN regexp_replace(trim(x), '\s+', ' ', 'g') ELSE trim(x) END,
        '’', ''''), '‘', '''')));
CREATE OR REPLACE TEMP MACRO _namekey(n, p) AS coalesce(_norm(n), '') || '|' || coalesce(_norm(p), '');
CREATE OR REPLACE TEMP MACRO _pseudok(u, nk) AS
    left(sha256(` + duck.QuoteString(ld.key) + ` || '|' || coalesce(u, '') || '|' || nk), 20);
CREATE OR REPLACE TEMP MACRO _pseudo(u, n, p) AS _pseudok(u, _namekey(n, p));
CREATE OR REPLACE TEMP MACRO _annee(d) AS
    CASE WHEN d IS NULL THEN NULL
         WHEN month(d) >= 9 THEN year(d)::VARCHAR || '-' || (year(d) + 1)::VARCHAR
         ELSE (year(d) - 1)::VARCHAR || '-' || year(d)::VARCHAR END;
`
	if err := ld.db.Exec(ctx, macros); err != nil {
		return fmt.Errorf("préparation du chargement : %w", err)
	}
	if err := registerParsers(ctx, ld.db); err != nil {
		return fmt.Errorf("préparation du chargement : %w", err)
	}
	if err := defineRunMacros(ctx, ld.db, ld.opt, ld.today); err != nil {
		return fmt.Errorf("préparation du chargement : %w", err)
	}
	return nil
}

// another is a second loader of the same run, on a connection of its own.
func (ld *loader) another(ctx context.Context) (*loader, error) {
	db, err := ld.db.Another(ctx)
	if err != nil {
		return nil, err
	}
	l2 := &loader{db: db, run: ld.run}
	if err := l2.setUp(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return l2, nil
}

func (ld *loader) addTemp(path string) {
	ld.mu.Lock()
	ld.temps = append(ld.temps, path)
	ld.mu.Unlock()
}

func (ld *loader) cleanup() {
	for _, t := range ld.temps {
		os.Remove(t)
	}
}

// loadBatch loads files of one family in one transaction; pre, when not
// nil, is the batch read ahead by readAhead. If that fails, the batch is
// retried in halves until the bad file is alone, so that it does not block
// the others.
func (ld *loader) loadBatch(ctx context.Context, batch []*pending, pre *batchRead) error {
	if pre == nil {
		step := stepTimer()
		groups := ld.byStageTypes(ctx, batch)
		step("stagetypes")
		if len(groups) > 1 {
			if os.Getenv("FILMNUM_TRACE") != "" {
				fmt.Fprintf(os.Stderr, "batch split: %d groups of staged types\n", len(groups))
			}
			for _, g := range groups {
				if err := ld.loadBatch(ctx, g, nil); err != nil {
					return err
				}
			}
			return nil
		}
	}
	err := ld.loadTx(ctx, batch, pre)
	if err == nil {
		return nil
	}
	if os.Getenv("FILMNUM_TRACE") != "" {
		fmt.Fprintf(os.Stderr, "batch failed: %v\n", err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var fe *FileError
	if len(batch) > 1 && !errors.As(err, &fe) {
		// In halves, not file by file: a bad file is found in log2(n)
		// steps, and a batch that failed for want of memory (no file's
		// fault) is loaded in two, not in 400 one-file batches.
		mid := len(batch) / 2
		for _, half := range [][]*pending{batch[:mid], batch[mid:]} {
			if err := ld.loadBatch(ctx, half, nil); err != nil {
				return err
			}
		}
		return nil
	}
	if len(batch) == 1 {
		p := batch[0]
		p.rep = nil // a fresh report: nothing of the failed attempt
		if errors.As(err, &fe) {
			p.refuse(err)
		} else {
			p.refuse(&FileError{Path: p.path, Msg: "chargement impossible : " + err.Error()})
		}
		return nil
	}
	return err
}

// readAhead reads a batch on ld's connection while the other connection
// loads the batch before it (one statement at a time leaves a core idle:
// a batch's temporary tables hold less than one DuckDB row group, read on
// one thread). It returns nil when loadBatch is to read the batch itself:
// a batch split by staged types, or a read that failed (loadBatch reads it
// again, in halves if need be, and says why).
func (ld *loader) readAhead(ctx context.Context, batch []*pending) *batchRead {
	if len(ld.byStageTypes(ctx, batch)) > 1 {
		return nil
	}
	br, err := ld.readTx(ctx, batch)
	if err != nil {
		if os.Getenv("FILMNUM_TRACE") != "" {
			fmt.Fprintf(os.Stderr, "read ahead failed: %v\n", err)
		}
		return nil
	}
	return br
}

// byStageTypes splits a batch whose signatures stage a column under the
// same name with different types: the reads after the first insert into
// _s, and an insert casts silently (0,67 into an INTEGER column is 1).
// Families are made from names, not types, which only DuckDB knows; this
// asks it (DESCRIBE binds the staging select, reads no row), once per
// signature. A signature whose DESCRIBE fails stays with the first group:
// its read will fail and say why.
func (ld *loader) byStageTypes(ctx context.Context, batch []*pending) [][]*pending {
	if !mixedSignatures(batch) {
		return [][]*pending{batch} // one signature: nothing to ask
	}
	ld.typesMu.Lock()
	defer ld.typesMu.Unlock()
	var order []string
	groups := map[string][]*pending{}
	for _, p := range batch {
		t, ok := ld.stageTypes[p.sig]
		if !ok {
			t = ld.describeStage(ctx, p)
			ld.stageTypes[p.sig] = t
		}
		if t == "" && len(order) > 0 {
			t = order[0]
		}
		if _, ok := groups[t]; !ok {
			order = append(order, t)
		}
		groups[t] = append(groups[t], p)
	}
	out := make([][]*pending, len(order))
	for i, t := range order {
		out[i] = groups[t]
	}
	return out
}

func mixedSignatures(batch []*pending) bool {
	for _, p := range batch[1:] {
		if p.sig != batch[0].sig {
			return true
		}
	}
	return false
}

// describeStage returns the staged columns' names and types for p's
// signature, "" when DuckDB cannot bind the read.
func (ld *loader) describeStage(ctx context.Context, p *pending) string {
	// Only the layout's staged expressions: the columns stageList adds have
	// the same types in every layout, and the checks (most of the select
	// list) stage nothing. Signatures differ by header text, and many stage
	// the same expressions over the same column types (campaigns of one
	// target profile), so the answer is kept by statement. At 1 000 schools
	// (226 campaign header texts), three alternated pairs: 0.5-0.6 s of
	// asking per ingest against 3.1-3.7 s, the same raw tables.
	list := "NULL::INTEGER AS _fichier, NULL::DATE AS _fdate, " + strings.Join(p.layout.Stage, ", ")
	query := func(path string) string {
		return `SELECT string_agg(column_name || ' ' || column_type, '; ' ORDER BY column_name)
		FROM (DESCRIBE SELECT ` + list + " FROM " + readCSV(p.layout, []string{path}, p.s.Delim, false) + ")"
	}
	key := query("?")
	if t, ok := ld.stageTypesBy[key]; ok {
		return t
	}
	path, err := ld.duckPath(p)
	if err != nil {
		return "" // this file's failure, not the statement's: not kept
	}
	var types sql.NullString
	// By name: the reads after the first insert BY NAME.
	if err := ld.db.Conn.QueryRowContext(ctx, query(duck.QuoteString(path))).Scan(&types); err != nil {
		types.String = ""
	}
	ld.stageTypesBy[key] = types.String
	return types.String
}

// fileState gathers what the load learns of each file in the batch.
type fileState struct {
	p        *pending
	index    int   // 1-based position in the batch (_fichier in _s and _f)
	rows     int64 // rows staged after checks
	premier  sql.NullInt64
	csvLines map[int64]bool // physical lines DuckDB rejected
	bad      int64          // rows rejected by checks
	org      string
	colUAIs  []string
	badUAIs  []string // schools of the rows rejected by checks
	key      string
	years    []string
	maxDate  sql.NullTime
	notes    []string
	skip     string // why this file is not loaded (older export)
	refused  error
	replaced []replacedFile
	lost     int64 // rows of this file replaced right away by a newer export (row level)
}

type replacedFile struct {
	id   int
	name string
}

// testHookLoadTx, when set (tests only), is called at the start of every
// attempt to read a batch (readTx: read ahead, or by loadTx).
var testHookLoadTx func(batch []*pending)

// loadTx loads a batch in one transaction: read (unless pre holds it
// read already), then written to the database.
func (ld *loader) loadTx(ctx context.Context, batch []*pending, pre *batchRead) error {
	if pre == nil {
		var err error
		if pre, err = ld.readTx(ctx, batch); err != nil {
			return err
		}
	}
	return ld.commitTx(ctx, pre)
}

// batchRead is a batch read into its connection's temporary tables, each
// file's school, year and export date decided, nothing yet written to the
// database.
type batchRead struct {
	batch  []*pending
	states []*fileState
	start  time.Time
}

// readTx reads a batch into the temporary tables of ld's connection. It
// writes nothing to the database, so it can run while the other
// connection loads the batch before.
func (ld *loader) readTx(ctx context.Context, batch []*pending) (*batchRead, error) {
	if testHookLoadTx != nil {
		testHookLoadTx(batch)
	}
	start := time.Now()
	step := stepTimer()
	if os.Getenv("FILMNUM_TRACE") != "" {
		fmt.Fprintf(os.Stderr, "batch %s %d\n", batch[0].layout.Kind.Name, len(batch))
	}
	for _, p := range batch {
		p.loading = &loading{}
	}
	l := batch[0].layout
	db := ld.db
	// The temporary tables (_s, _f, _bad...) are built and trimmed before the
	// transaction: they are this connection's scratch space, dropped at the
	// next batch. Built inside it, they lived in the transaction's local
	// storage and every later statement read them twice as slowly (1 M-row
	// export: 24 s → 15 s). The transaction covers every write to a
	// persistent table, so a failure still leaves the database as before.
	for _, t := range []string{"_s", "_f", "_bad", "_rej", "_rank"} {
		if err := db.Exec(ctx, "DROP TABLE IF EXISTS temp."+t); err != nil {
			return nil, err
		}
	}
	// One read per run of one signature (makeBatches lays them out so),
	// all into _s; _rej gathers what the reader rejected, with the header
	// and type of each column of its own layout.
	if err := db.Exec(ctx, `CREATE TEMP TABLE _rej (_fichier INTEGER, line BIGINT, column_idx BIGINT,
		header VARCHAR, type_fr VARCHAR, error_type VARCHAR, error_message VARCHAR, csv_line VARCHAR,
		repeated_header BOOLEAN)`); err != nil {
		return nil, err
	}
	stopProgress := ld.progress(batch)
	var runs []readRun
	for off := 0; off < len(batch); {
		n := 1
		for off+n < len(batch) && batch[off+n].sig == batch[off].sig {
			n++
		}
		runs = append(runs, readRun{batch[off : off+n], off})
		off += n
	}
	concats, stopConcats := ld.concatAhead(runs)
	for _, r := range runs {
		if err := ld.readFiles(ctx, r.files, r.off, <-concats); err != nil {
			stopConcats()
			stopProgress()
			// Said of a file only when the batch is that file alone:
			// loadBatch retries a failed batch in halves.
			return nil, translateReadError(batch, err)
		}
	}
	stopConcats()
	stopProgress()
	step("read_csv")

	states := make([]*fileState, len(batch))
	byIndex := map[int]*fileState{}
	var fvals [][]driver.Value
	for i, p := range batch {
		states[i] = &fileState{p: p, index: i + 1, csvLines: map[int64]bool{}}
		byIndex[i+1] = states[i]
		fvals = append(fvals, []driver.Value{i + 1, p.path, p.s.Name})
	}
	// _f: one row per file of the batch, _fichier being its 1-based index.
	if err := db.Exec(ctx, `CREATE TEMP TABLE _f (_fichier INTEGER, f_chemin VARCHAR, f_nom VARCHAR,
		fichier_id INTEGER, f_uai VARCHAR, f_annee VARCHAR, premier BIGINT)`); err != nil {
		return nil, err
	}
	if err := db.AppendQuery(ctx, `INSERT INTO _f (_fichier, f_chemin, f_nom) SELECT * FROM _v`,
		"_v", "_fichier INTEGER, f_chemin VARCHAR, f_nom VARCHAR", fvals); err != nil {
		return nil, err
	}
	if err := db.Exec(ctx, `UPDATE _f SET premier = m.premier FROM (SELECT _fichier, min(rowid) AS premier FROM _s GROUP BY _fichier) m
		WHERE _f._fichier = m._fichier`); err != nil {
		return nil, err
	}

	// Lines DuckDB's reader rejected (structure, types).
	if err := ld.collectCSVRejects(ctx, byIndex); err != nil {
		return nil, err
	}
	step("csvrejects")
	// Rows that failed a check (computed during the read, in _err).
	if err := ld.collectBadRows(ctx, l, byIndex); err != nil {
		return nil, err
	}
	step("checks")
	// Per-file facts.
	if err := ld.readMeta(ctx, l, byIndex); err != nil {
		return nil, err
	}
	step("meta")
	// School, year, export date, replacement: decided in Go, per file.
	ld.resolve(ctx, l, states)
	if err := ld.dropUnloaded(ctx, states); err != nil {
		return nil, err
	}
	return &batchRead{batch: batch, states: states, start: start}, nil
}

// commitTx writes a batch read by readTx to the database, in one
// transaction.
func (ld *loader) commitTx(ctx context.Context, br *batchRead) (err error) {
	batch, states, start := br.batch, br.states, br.start
	l := batch[0].layout
	db := ld.db
	step := stepTimer()
	inTx := false
	defer func() {
		if err != nil && inTx {
			// The rollback runs even if ctx was cancelled (Ctrl-C).
			db.Conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if err := ld.replaceOlder(ctx, l, states); err != nil {
		return err
	}
	live := liveStates(states)
	step("replaceOlder")
	if len(live) > 0 {
		if err := db.Exec(ctx, "BEGIN TRANSACTION"); err != nil {
			return err
		}
		inTx = true
		if err := ld.assignIDs(ctx, l, live); err != nil {
			return err
		}
		step("meta+resolve")
		for _, stmt := range l.Load() {
			if err := db.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("chargement (%s) : %w", l.Kind.Name, err)
			}
			step("load")
		}
		if err := ld.replaceRows(ctx, l, live); err != nil {
			return err
		}
		if err := ld.storeRejects(ctx, l, batch, live); err != nil {
			return err
		}
		if err := ld.finishProvenance(ctx, live, start); err != nil {
			return err
		}
	}
	step("provenance")
	if inTx {
		if err := db.Exec(ctx, "COMMIT"); err != nil {
			return err
		}
	}
	step("commit")
	dur := time.Since(start)
	for _, st := range states {
		ld.report(st, dur/time.Duration(len(states)))
	}
	return nil
}

// bySignature orders a batch so that the files of one signature follow
// each other (first-seen order), each run being one read.
func bySignature(batch []*pending) []*pending {
	first := map[string]int{}
	for i, p := range batch {
		if _, ok := first[p.sig]; !ok {
			first[p.sig] = i
		}
	}
	out := append([]*pending(nil), batch...)
	sort.SliceStable(out, func(i, j int) bool { return first[out[i].sig] < first[out[j].sig] })
	return out
}

// readFiles reads files of one signature, whose batch indexes start at
// off+1, into _s (created by the batch's first read), and keeps in _rej the
// lines DuckDB's reader rejected. Several files are read as one
// concatenation (cr, written by concatAhead; see concat.go), except those
// it leaves to be read alone; without one, each file is read alone.
// Not as a list of files: besides its cost per file, DuckDB's multi-file
// reader lost the reject of a quote left open at the end of one of six
// files (TestConcatenatedReadSameAsFileByFile, with DuckDB 1.5.6).
func (ld *loader) readFiles(ctx context.Context, files []*pending, off int, cr concatResult) error {
	if cr.c == nil && cr.err == nil {
		for i, p := range files {
			if err := ld.readList(ctx, []*pending{p}, off+i, nil); err != nil {
				return err
			}
		}
		return nil
	}
	c, err := cr.c, cr.err
	if err != nil {
		return fmt.Errorf("concaténation des fichiers à lire : %w", err)
	}
	defer os.Remove(c.path)
	if os.Getenv("FILMNUM_TRACE") == "sql" && len(c.files) > 0 {
		// The files behind the concatenation, for bench/rawload's plan.
		var paths []string
		for _, p := range c.files {
			paths = append(paths, duck.QuoteString(p.path))
		}
		fmt.Fprintf(os.Stderr, "-- filmnum-concat %s = [%s]\n", duck.QuoteString(c.path), strings.Join(paths, ", "))
	}
	if len(c.files) > 0 {
		if err := ld.readList(ctx, files, off, c); err != nil {
			return err
		}
	}
	for _, fi := range c.solo {
		if err := ld.readList(ctx, []*pending{files[fi-off-1]}, fi-1, nil); err != nil {
			return err
		}
	}
	return nil
}

// concatReads: off only in tests, which compare reading each file alone.
var concatReads = true

// readRun is the files of one signature in a batch, from index off+1.
type readRun struct {
	files []*pending
	off   int
}

// concatResult is the concatenation of a run (nil: read the file alone).
type concatResult struct {
	c   *concatenation
	err error
}

// concatAhead writes the runs' concatenations in the background, in
// order, one ahead: Go copies the next read's files while DuckDB reads
// the current one. stop ends it and removes what was written but not
// read; a concatenation received is removed by its reader.
func (ld *loader) concatAhead(runs []readRun) (<-chan concatResult, func()) {
	ch := make(chan concatResult)
	done := make(chan struct{})
	go func() {
		defer close(ch)
		for _, r := range runs {
			var res concatResult
			if len(r.files) > 1 && concatReads {
				res.c, res.err = writeConcat(ld.tempDir, r.files, r.off, r.files[0].s.Delim)
			}
			select {
			case ch <- res:
			case <-done:
				if res.c != nil {
					os.Remove(res.c.path)
				}
				return
			}
		}
	}()
	return ch, func() {
		close(done)
		for res := range ch {
			if res.c != nil {
				os.Remove(res.c.path)
			}
		}
	}
}

// readList reads files (batch indexes from off+1) with one read_csv: of
// the file itself when there is one, of their concatenation c when c is
// not nil.
func (ld *loader) readList(ctx context.Context, files []*pending, off int, c *concatenation) error {
	l := files[0].layout
	for _, t := range []string{"_rej_err", "_rej_scan"} {
		if err := ld.db.Exec(ctx, "DROP TABLE IF EXISTS temp."+t); err != nil {
			return err
		}
	}
	staged, err := ld.db.TableExists(ctx, "_s")
	if err != nil {
		return err
	}
	verb := "CREATE TEMP TABLE _s AS"
	if staged {
		verb = "INSERT INTO _s BY NAME"
	}
	var paths []string
	from := ""
	if c == nil {
		for _, p := range files {
			path, err := ld.duckPath(p)
			if err != nil {
				return err
			}
			paths = append(paths, duck.QuoteString(path))
		}
		from = readCSV(l, paths, files[0].s.Delim, false)
	} else {
		from = readCSV(l, []string{duck.QuoteString(c.path)}, files[0].s.Delim, true)
	}
	if err := ld.db.Exec(ctx, verb+" SELECT "+stageList(l, files, off, c != nil)+" FROM "+from); err != nil {
		return err
	}
	ok, err := ld.db.TableExists(ctx, "_rej_err")
	if err != nil || !ok {
		return err
	}
	// Most reads reject nothing: 274 INSERTs of nothing took 1.7 s at 1 000
	// schools, binding their VALUES lists.
	var rejected bool
	if err := ld.db.Conn.QueryRowContext(ctx, "SELECT EXISTS (FROM temp._rej_err)").Scan(&rejected); err != nil || !rejected {
		return err
	}
	var cvals []string
	for _, col := range l.Columns {
		cvals = append(cvals, fmt.Sprintf("(%s, %s, %s)", duck.QuoteString(col.Name), duck.QuoteString(col.Header), duck.QuoteString(typeFR(col.Type, l))))
	}
	var h0, h1, hl string
	if n := len(l.Columns); n >= 2 {
		h0, h1, hl = l.Columns[0].Header, l.Columns[1].Header, l.Columns[n-1].Header
	}
	// A header pasted in the middle of the file: its first, second and last
	// labels on one line.
	header := `contains(e.csv_line, ` + duck.QuoteString(h0) + `) AND contains(e.csv_line, ` + duck.QuoteString(h1) + `)
              AND contains(e.csv_line, ` + duck.QuoteString(hl) + `)`
	if c == nil {
		return ld.db.Exec(ctx, fmt.Sprintf(`INSERT INTO _rej
		SELECT list_position([%s], s.file_path) + %d, e.line, e.column_idx, c.header, c.type_fr,
		       e.error_type::VARCHAR, e.error_message, e.csv_line, coalesce(%s, false)
		FROM temp._rej_err e JOIN temp._rej_scan s ON e.scan_id = s.scan_id AND e.file_id = s.file_id
		LEFT JOIN (VALUES %s) c(name, header, type_fr) ON c.name = e.column_name`,
			strings.Join(paths, ", "), off, header, strings.Join(cvals, ", ")))
	}
	// In a concatenation: the file is the part whose first line is the last
	// one at or before the rejected line; the prefix _fi is taken out of the
	// line, its column out of the index and the counts of columns.
	var pvals []string
	for _, p := range c.parts {
		pvals = append(pvals, fmt.Sprintf("(%d, %d)", p.fi, p.start))
	}
	if len(pvals) == 0 {
		pvals = append(pvals, "(NULL::INTEGER, NULL::BIGINT)")
	}
	delim := duck.QuoteString(regexp.QuoteMeta(string(files[0].s.Delim)))
	return ld.db.Exec(ctx, fmt.Sprintf(`INSERT INTO _rej
		WITH e AS (
		    SELECT * REPLACE (
		        regexp_replace(csv_line, '^(\s*)[0-9]+' || %s, '\1') AS csv_line,
		        CASE WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')
		             THEN 'Expected Number of Columns: ' || (TRY_CAST(regexp_extract(error_message, 'Expected Number of Columns: (\d+)', 1) AS INTEGER) - 1) ||
		                  ' Found: ' || (TRY_CAST(regexp_extract(error_message, 'Found: (\d+)', 1) AS INTEGER) - 1)
		             ELSE error_message END AS error_message)
		    FROM temp._rej_err)
		SELECT p.fi, e.line - p.start + 2, e.column_idx - 1, c.header, c.type_fr,
		       e.error_type::VARCHAR, e.error_message, e.csv_line, coalesce(%s, false)
		FROM e ASOF JOIN (VALUES %s) p(fi, start) ON e.line >= p.start
		LEFT JOIN (VALUES %s) c(name, header, type_fr) ON c.name = e.column_name`,
		delim, header, strings.Join(pvals, ", "), strings.Join(cvals, ", ")))
}

// readCSV builds the read_csv call of paths (quoted): explicit columns and
// types from the header Go read, so DuckDB never guesses. prefixed: the
// files are a concatenation whose first column is _fi, the file's index.
func readCSV(l *Layout, paths []string, delim byte, prefixed bool) string {
	var cols []string
	if prefixed {
		cols = append(cols, "'_fi': 'INTEGER'")
	}
	for _, c := range l.Columns {
		cols = append(cols, fmt.Sprintf("%s: %s", duck.QuoteString(c.Name), duck.QuoteString(c.Type)))
	}
	opts := []string{
		"delim = " + duck.QuoteString(string(delim)),
		`quote = '"'`, `escape = '"'`,
		"header = true", "auto_detect = false",
		"columns = {" + strings.Join(cols, ", ") + "}",
		"nullstr = ['NA', '-', '']",
		"store_rejects = true", "rejects_table = '_rej_err'", "rejects_scan = '_rej_scan'",
		// DuckDB's default (2 MB); its read buffers are 16 times as big,
		// and 8 MB lines meant 122 MiB per buffer.
		"max_line_size = 2000000",
	}
	if !prefixed {
		opts = append(opts, "filename = true")
	}
	if l.DecimalComma {
		opts = append(opts, "decimal_separator = ','")
	}
	if l.TimestampFormat != "" {
		opts = append(opts, "timestampformat = "+duck.QuoteString(l.TimestampFormat))
	}
	if l.DateFormat != "" {
		opts = append(opts, "dateformat = "+duck.QuoteString(l.DateFormat))
	}
	return "read_csv([" + strings.Join(paths, ", ") + "], " + strings.Join(opts, ", ") + ")"
}

func typeFR(t string, l *Layout) string {
	switch t {
	case "DOUBLE":
		if l.DecimalComma {
			return "nombre (virgule décimale, ex. 0,67)"
		}
		return "nombre"
	case "INTEGER", "BIGINT", "UINTEGER", "UBIGINT":
		return "nombre entier"
	case "TIMESTAMP":
		return "date et heure (" + humanFormat(l.TimestampFormat) + ")"
	case "DATE":
		return "date (" + humanFormat(l.DateFormat) + ")"
	}
	return "texte"
}

func humanFormat(f string) string {
	return strings.NewReplacer("%d", "JJ", "%m", "MM", "%Y", "AAAA", "%H", "hh", "%M", "mm", "%S", "ss").Replace(f)
}

func (ld *loader) collectCSVRejects(ctx context.Context, byIndex map[int]*fileState) error {
	rows, err := ld.db.Conn.QueryContext(ctx, `SELECT _fichier, line FROM _rej`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fi int
		var line int64
		if err := rows.Scan(&fi, &line); err != nil {
			return err
		}
		if st := byIndex[fi]; st != nil {
			st.csvLines[line] = true
		}
	}
	return rows.Err()
}

// stageList is the select list of the staging read: the file index, the
// layout's expressions, the row's school year, the name key of pseudonyms,
// and _err, the list of failed checks (NULL for a good row). Checks are
// evaluated in the same pass as the read; the list is only built for rows
// that fail one. A check is not wrapped in coalesce(…, false): CASE WHEN
// takes NULL as false, with or without it, and the 54 wrappers of the
// largest campaign read at 1 000 schools made its planning 32–42 ms against
// 25–32 ms without (EXPLAIN, four times each); whole ingests, alternated
// twice: reads 32.5–34.6 s against 33.3–37.2 s, the same raw tables.
func stageList(l *Layout, batch []*pending, off int, prefixed bool) string {
	fichier := "_fi"
	if !prefixed {
		var paths []string
		for _, p := range batch {
			paths = append(paths, duck.QuoteString(p.readPath))
		}
		fichier = fmt.Sprintf("list_position([%s], filename) + %d", strings.Join(paths, ", "), off)
	}
	// _fdate: the date in the original file's name (a snapshot's date when
	// the rows do not carry it), per file of the batch.
	var dates []string
	for _, p := range batch {
		d := "NULL::DATE"
		if t, ok := exportDateFromName(p.s.Name); ok {
			d = "DATE '" + t.Format("2006-01-02") + "'"
		}
		dates = append(dates, d)
	}
	items := []string{"(" + fichier + ")::INTEGER AS _fichier",
		fmt.Sprintf("list_extract([%s], _fichier - %d) AS _fdate", strings.Join(dates, ", "), off)}
	items = append(items, l.Stage...)
	if l.Meta.Year != "" {
		items = append(items, "("+l.Meta.Year+")::VARCHAR AS _annee")
	} else {
		items = append(items, "NULL::VARCHAR AS _annee")
	}
	if l.Names[0] != "" {
		items = append(items, fmt.Sprintf("_namekey(%s, %s) AS _nk", l.Names[0], l.Names[1]))
	}
	if len(l.Checks) == 0 {
		return strings.Join(append(items, "NULL::STRUCT(colonne VARCHAR, valeur VARCHAR, motif VARCHAR)[] AS _err"), ", ")
	}
	var anyBad, each []string
	for _, c := range l.Checks {
		anyBad = append(anyBad, "("+c.Bad+")")
		motif := duck.QuoteString(c.Motif)
		if c.MotifSQL != "" {
			motif = fmt.Sprintf("coalesce((%s)::VARCHAR, %s)", c.MotifSQL, motif)
		}
		each = append(each, fmt.Sprintf("CASE WHEN (%s) THEN {'colonne': %s, 'valeur': (%s)::VARCHAR, 'motif': %s} END",
			c.Bad, sqlOrNull(c.Column), c.Value, motif))
	}
	items = append(items, fmt.Sprintf("CASE WHEN %s THEN list_filter([%s], x -> x IS NOT NULL) END AS _err",
		strings.Join(anyBad, " OR "), strings.Join(each, ", ")))
	return strings.Join(items, ", ")
}

// collectBadRows moves rows that failed a check from _s to _bad. The
// schools named by the rejected rows are kept: when every row of a file is
// rejected, they still say whose rejects these are.
func (ld *loader) collectBadRows(ctx context.Context, l *Layout, byIndex map[int]*fileState) error {
	if l.Meta.UAI != "" {
		rows, err := ld.db.Conn.QueryContext(ctx, "SELECT _fichier, "+l.Meta.UAI+" FROM _s WHERE _err IS NOT NULL GROUP BY _fichier")
		if err != nil {
			return fmt.Errorf("contrôle des lignes : %w", err)
		}
		for rows.Next() {
			var fi int
			var uais any
			if err := rows.Scan(&fi, &uais); err != nil {
				rows.Close()
				return err
			}
			if st := byIndex[fi]; st != nil {
				for _, u := range asList(uais) {
					if s, ok := u.(string); ok && s != "" {
						st.badUAIs = append(st.badUAIs, s)
					}
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if err := ld.db.Exec(ctx, `CREATE TEMP TABLE _bad AS
		SELECT _fichier, rid, e.colonne, e.valeur, e.motif
		FROM (SELECT _fichier, rowid AS rid, unnest(_err) AS e FROM _s WHERE _err IS NOT NULL);
		DELETE FROM _s WHERE _err IS NOT NULL`); err != nil {
		return fmt.Errorf("contrôle des lignes : %w", err)
	}
	rows, err := ld.db.Conn.QueryContext(ctx, "SELECT _fichier, count(DISTINCT rid) FROM _bad GROUP BY _fichier")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fi int
		var n int64
		if err := rows.Scan(&fi, &n); err != nil {
			return err
		}
		if st := byIndex[fi]; st != nil {
			st.bad = n
		}
	}
	return rows.Err()
}

func (ld *loader) readMeta(ctx context.Context, l *Layout, byIndex map[int]*fileState) error {
	m := l.Meta
	or := func(expr, typ string) string {
		if expr == "" {
			return "NULL::" + typ
		}
		return expr
	}
	yearList := "list(DISTINCT _annee ORDER BY _annee) FILTER (WHERE _annee IS NOT NULL)"
	q := fmt.Sprintf(`SELECT _f._fichier, count(_s._fichier), %s, %s, %s, %s, %s
		FROM _f LEFT JOIN _s ON _s._fichier = _f._fichier GROUP BY _f._fichier`,
		or(m.UAI, "VARCHAR[]"), or(m.Org, "VARCHAR"), or(m.Key, "VARCHAR"), yearList, or(m.MaxDate, "TIMESTAMP"))
	rows, err := ld.db.Conn.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("lecture des métadonnées (%s) : %w", l.Kind.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var fi int
		var n int64
		var uais, years any
		var org, key sql.NullString
		var maxDate sql.NullTime
		if err := rows.Scan(&fi, &n, &uais, &org, &key, &years, &maxDate); err != nil {
			return err
		}
		st := byIndex[fi]
		if st == nil {
			continue
		}
		st.rows, st.org, st.key, st.maxDate = n, org.String, key.String, maxDate
		for _, u := range asList(uais) {
			if s, ok := u.(string); ok && s != "" {
				st.colUAIs = append(st.colUAIs, s)
			}
		}
		for _, y := range asList(years) {
			if s, ok := y.(string); ok {
				st.years = append(st.years, s)
			}
		}
	}
	return rows.Err()
}

// resolve decides each file's school, school year and export date.
func (ld *loader) resolve(ctx context.Context, l *Layout, states []*fileState) {
	now := ld.opt.Now()
	for _, st := range states {
		p := st.p
		if st.rows+st.bad+int64(len(st.csvLines)) == 0 {
			st.skip = "ignoré : aucune ligne de données, le fichier ne contient que l'en-tête"
			continue
		}
		if st.rows == 0 && len(st.colUAIs) == 0 {
			// Every row rejected: the school is the one they name.
			st.colUAIs = st.badUAIs
		}
		// School: a UAI column, else --uai, else the path, else the organisation name.
		switch {
		case len(st.colUAIs) > 0:
			if ld.opt.UAI != "" {
				for _, u := range st.colUAIs {
					if u != ld.opt.UAI {
						st.refused = &FileError{Path: p.path,
							Msg:  fmt.Sprintf("l'UAI du fichier (%s) contredit l'option --uai (%s)", u, ld.opt.UAI),
							Hint: "retirez --uai, ou vérifiez que c'est bien le fichier de cet établissement"}
						break
					}
				}
			}
			if len(st.colUAIs) == 1 {
				p.uai, p.uaiSource = st.colUAIs[0], "colonne UAI"
			} else {
				p.uaiSource = fmt.Sprintf("colonne UAI (%d établissements)", len(st.colUAIs))
			}
			if p.pathUAI != "" && len(st.colUAIs) == 1 && p.pathUAI != st.colUAIs[0] {
				st.notes = append(st.notes, fmt.Sprintf("l'UAI du chemin (%s) diffère de celui du fichier (%s) : celui du fichier est retenu", p.pathUAI, st.colUAIs[0]))
			}
		case ld.opt.UAI != "":
			p.uai, p.uaiSource = ld.opt.UAI, "option --uai"
			if p.pathUAI != "" && p.pathUAI != ld.opt.UAI {
				st.refused = &FileError{Path: p.path,
					Msg:  fmt.Sprintf("le chemin du fichier désigne l'établissement %s, l'option --uai %s", p.pathUAI, ld.opt.UAI),
					Hint: "retirez --uai (le dossier suffit), ou rangez le fichier dans le dossier du bon établissement"}
			}
		case p.pathUAI != "":
			p.uai, p.uaiSource = p.pathUAI, "chemin du fichier"
		case st.org != "":
			if s, ok := seeds.MatchSchool(ld.opt.Schools, st.org); ok {
				p.uai, p.uaiSource = s.UAI, "nom de l'organisation"
			}
		}
		if st.refused == nil && p.uai == "" && len(st.colUAIs) == 0 {
			what := "le fichier ne dit pas de quel établissement il vient"
			if st.org != "" {
				what = fmt.Sprintf("l'organisation « %s » ne correspond à aucun établissement connu (seeds/)", st.org)
			}
			st.refused = &FileError{Path: p.path, Msg: "établissement (UAI) introuvable : " + what,
				Hint: "filmnum ingest --uai UAI " + p.path + " (UAI : celui de l'établissement de ce fichier), ou rangez le fichier dans un dossier nommé par son UAI"}
		}
		if p.uai != "" && len(ld.schools) > 0 && !ld.schools[p.uai] {
			st.notes = append(st.notes, "établissement "+p.uai+" absent des données de référence (seeds) : chargé et signalé")
		}
		if p.uai == "" && len(st.colUAIs) > 1 && len(ld.schools) > 0 {
			var unknown []string
			for _, u := range st.colUAIs {
				if !ld.schools[u] {
					unknown = append(unknown, u)
				}
			}
			if len(unknown) > 0 {
				st.notes = append(st.notes, "établissements absents des données de référence (seeds) : "+strings.Join(unknown, ", ")+" : chargés et signalés")
			}
		}
		// Export date: the file name, else the newest date inside, else now.
		if t, ok := exportDateFromName(p.s.Name); ok {
			p.exportDate = t
		} else if st.maxDate.Valid {
			p.exportDate = st.maxDate.Time
		} else {
			p.exportDate = now
		}
		// School year of rows without a date of their own.
		p.years = st.years
		switch len(st.years) {
		case 0:
			p.year = schoolYear(p.exportDate)
		case 1:
			p.year = st.years[0]
		default:
			p.year = st.years[len(st.years)-1]
			st.notes = append(st.notes, "le fichier couvre plusieurs années scolaires ("+strings.Join(st.years, ", ")+") : chaque ligne est rangée dans la sienne")
		}
		p.key = st.key
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func liveStates(states []*fileState) []*fileState {
	var out []*fileState
	for _, st := range states {
		if st.refused == nil && st.skip == "" {
			out = append(out, st)
		}
	}
	return out
}

// dropUnloaded removes from _s the rows of files that will not be loaded.
func (ld *loader) dropUnloaded(ctx context.Context, states []*fileState) error {
	var drop []string
	for _, st := range states {
		if st.refused != nil || st.skip != "" {
			drop = append(drop, fmt.Sprint(st.index))
		}
	}
	if len(drop) == 0 {
		return nil
	}
	return ld.db.Exec(ctx, "DELETE FROM _s WHERE _fichier IN ("+strings.Join(drop, ", ")+")")
}

// replaceOlder applies file-level replacement: a newer export of the same
// campaign / session / class replaces the older one's rows; an older one
// arriving after a newer one is skipped.
func (ld *loader) replaceOlder(ctx context.Context, l *Layout, states []*fileState) error {
	if !l.Replace.FileLevel {
		return nil
	}
	// Within the batch: keep the newest of files sharing school, key and year.
	// A file without key (no row left to say its campaign, session...)
	// replaces nothing and is replaced by nothing.
	type ident struct{ uai, key, year string }
	newest := map[ident]*fileState{}
	for _, st := range liveStates(states) {
		if st.key == "" {
			continue
		}
		id := ident{st.p.uai, st.key, strings.Join(st.p.years, ",")}
		if cur, ok := newest[id]; !ok || !st.p.exportDate.Before(cur.p.exportDate) {
			if ok {
				cur.skip = fmt.Sprintf("ignoré : la même %s (%s) est dans un export plus récent, %s", keyWord(l), st.key, st.p.s.Name)
			}
			newest[id] = st
		} else {
			st.skip = fmt.Sprintf("ignoré : la même %s (%s) est dans un export plus récent, %s", keyWord(l), st.key, cur.p.s.Name)
		}
	}
	// Against the database: one query for the whole batch.
	live := liveStates(states)
	byIndex := map[int]*fileState{}
	var vals [][]driver.Value
	for _, st := range live {
		if st.key == "" {
			continue
		}
		byIndex[st.index] = st
		vals = append(vals, []driver.Value{st.index, nilIfEmpty(st.p.uai), st.key, nilIfEmpty(strings.Join(st.p.years, ","))})
	}
	if len(vals) > 0 {
		if err := ld.db.Exec(ctx, `CREATE OR REPLACE TEMP TABLE _cles (idx INTEGER, uai VARCHAR, cle VARCHAR, annee VARCHAR)`); err != nil {
			return err
		}
		if err := ld.db.AppendQuery(ctx, `INSERT INTO _cles SELECT * FROM _v`,
			"_v", "idx INTEGER, uai VARCHAR, cle VARCHAR, annee VARCHAR", vals); err != nil {
			return err
		}
		rows, err := ld.db.Conn.QueryContext(ctx, `SELECT v.idx, f.fichier_id, f.nom, f.date_export
			FROM raw_fichiers f JOIN _cles v
			ON f.type_export = ? AND f.uai IS NOT DISTINCT FROM v.uai AND f.cle_export IS NOT DISTINCT FROM v.cle
			   AND f.annee_scolaire IS NOT DISTINCT FROM v.annee AND f.remplace_par IS NULL
			ORDER BY v.idx, f.fichier_id`, l.Kind.Name)
		if err != nil {
			return err
		}
		for rows.Next() {
			var idx, id int
			var name string
			var d sql.NullTime
			if err := rows.Scan(&idx, &id, &name, &d); err != nil {
				rows.Close()
				return err
			}
			st := byIndex[idx]
			if d.Valid && d.Time.After(st.p.exportDate) {
				st.skip = fmt.Sprintf("ignoré : un export plus récent de la même %s est déjà chargé (%s, du %s)",
					keyWord(l), name, d.Time.Format("02/01/2006 15:04"))
			} else {
				st.replaced = append(st.replaced, replacedFile{id, name})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, st := range live {
			if st.skip != "" {
				st.replaced = nil
			}
		}
	}
	if err := ld.dropUnloaded(ctx, states); err != nil {
		return err
	}
	return nil
}

func keyWord(l *Layout) string {
	switch {
	case strings.HasPrefix(l.Kind.Name, "pix_certif_session"):
		return "session"
	case strings.HasPrefix(l.Kind.Name, "pix_certif"):
		return "classe"
	case strings.HasPrefix(l.Kind.Name, "pix_"):
		return "campagne"
	}
	return "source"
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// assignIDs numbers the files, writes their provenance rows (counts are
// completed at the end of the transaction), fills _f and deletes the rows of
// the older exports they replace. A few statements per batch, whatever its
// number of files.
func (ld *loader) assignIDs(ctx context.Context, l *Layout, live []*fileState) error {
	// Ids follow the largest one: the database has a single writer (its file
	// lock), and a rolled-back batch leaves no gap. No sequence, whose state
	// a rewrite of the file (purge) would not keep.
	var last int
	if err := ld.db.Conn.QueryRowContext(ctx, "SELECT coalesce(max(fichier_id), 0) FROM raw_fichiers").Scan(&last); err != nil {
		return err
	}
	ids := make([]int, len(live))
	for i := range ids {
		ids[i] = last + 1 + i
	}
	now := ld.opt.Now()
	var fvals, pvals [][]driver.Value
	var replacedIDs, replaceVals []string
	for i, st := range live {
		p := st.p
		p.id = ids[i]
		fvals = append(fvals, []driver.Value{st.index, p.id, nilIfEmpty(p.uai), p.year})
		pvals = append(pvals, []driver.Value{p.id, p.s.Name, p.path, hex.EncodeToString(p.s.SHA256[:]), p.s.Size,
			l.Kind.Name, l.Kind.Label, p.s.Encoding, nilIfEmpty(p.uai), nilIfEmpty(p.uaiSource),
			nilIfEmpty(strings.Join(p.years, ",")), nilIfEmpty(st.key), wallClock(p.exportDate), now})
		for _, r := range st.replaced {
			replacedIDs = append(replacedIDs, fmt.Sprint(r.id))
			replaceVals = append(replaceVals, fmt.Sprintf("(%d, %d)", r.id, p.id))
		}
	}
	if err := ld.db.AppendQuery(ctx, `INSERT INTO raw_fichiers (fichier_id, nom, chemin, sha256, taille, type_export, libelle_type,
		encodage, uai, uai_source, annee_scolaire, cle_export, date_export, charge_le,
		lignes_lues, lignes_chargees, lignes_rejetees, duree_ms) SELECT *, 0, 0, 0, 0 FROM _v`,
		"_v", `fichier_id INTEGER, nom VARCHAR, chemin VARCHAR, sha256 VARCHAR, taille BIGINT, type_export VARCHAR,
		libelle_type VARCHAR, encodage VARCHAR, uai VARCHAR, uai_source VARCHAR, annee_scolaire VARCHAR, cle_export VARCHAR,
		date_export TIMESTAMP, charge_le TIMESTAMPTZ`, pvals); err != nil {
		return err
	}
	if err := ld.db.AppendQuery(ctx, `UPDATE _f SET fichier_id = v.id, f_uai = v.uai, f_annee = v.annee
		FROM _v v WHERE _f._fichier = v._fichier`,
		"_v", "_fichier INTEGER, id INTEGER, uai VARCHAR, annee VARCHAR", fvals); err != nil {
		return err
	}
	if len(replacedIDs) == 0 {
		return nil
	}
	in := strings.Join(replacedIDs, ", ")
	for _, t := range l.Replace.Tables {
		if err := ld.db.Exec(ctx, "DELETE FROM "+t+" WHERE fichier_id IN ("+in+")"); err != nil {
			return err
		}
	}
	return ld.db.Exec(ctx, `UPDATE raw_fichiers SET remplace_par = v.par, lignes_remplacees = lignes_chargees
		FROM (VALUES `+strings.Join(replaceVals, ", ")+`) v(id, par) WHERE fichier_id = v.id`)
}

// wallClock is t's wall clock, to the second, as a time in UTC: the
// appender writes a TIMESTAMP (without time zone) from the instant.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

func sqlOrNull(s string) string {
	if s == "" {
		return "NULL"
	}
	return duck.QuoteString(s)
}

// replaceRows applies row-level replacement (ENT statistics: successive
// exports overlap month by month): for each key, the rows of the newest
// export win; older rows are deleted, from old files and from this batch.
func (ld *loader) replaceRows(ctx context.Context, l *Layout, live []*fileState) error {
	r := l.Replace
	if r.FileLevel || r.Table == "" || len(r.KeyCols) == 0 {
		return nil
	}
	keys := strings.Join(r.KeyCols, ", ")
	var ids []string
	for _, st := range live {
		ids = append(ids, fmt.Sprint(st.p.id))
	}
	// Every (file, key) that competes with a key of the new files, ranked
	// by export date then load order; rank 1 wins, the others are deleted.
	if err := ld.db.Exec(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS temp._rank;
		CREATE TEMP TABLE _rank AS
		WITH nk AS (SELECT DISTINCT %[1]s FROM %[2]s WHERE fichier_id IN (%[3]s)),
		     cand AS (SELECT DISTINCT t.fichier_id, %[4]s FROM %[2]s t JOIN nk USING (%[1]s))
		SELECT c.*, row_number() OVER (PARTITION BY %[5]s ORDER BY f.date_export DESC, c.fichier_id DESC) AS rk
		FROM cand c JOIN raw_fichiers f USING (fichier_id)`,
		keys, r.Table, strings.Join(ids, ", "), prefixed("t.", r.KeyCols), prefixed("c.", r.KeyCols))); err != nil {
		return fmt.Errorf("remplacement par les exports plus récents (%s) : %w", l.Kind.Name, err)
	}
	rows, err := ld.db.Conn.QueryContext(ctx, fmt.Sprintf(`DELETE FROM %s t USING _rank r
		WHERE r.rk > 1 AND t.fichier_id = r.fichier_id AND %s RETURNING t.fichier_id`, r.Table, joinCond("t", "r", r.KeyCols)))
	if err != nil {
		return fmt.Errorf("remplacement par les exports plus récents (%s) : %w", l.Kind.Name, err)
	}
	lost := map[int]int64{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		lost[id]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	newIDs := map[int]*fileState{}
	for _, st := range live {
		newIDs[st.p.id] = st
	}
	for id, n := range lost {
		if st, ok := newIDs[id]; ok {
			st.lost = n
			if err := ld.db.Exec(ctx, `INSERT INTO raw_rejets VALUES (?, NULL, NULL, ?, ?)`, id, fmt.Sprintf("%d lignes", n),
				"lignes déjà présentes dans un export plus récent : non chargées"); err != nil {
				return err
			}
			continue
		}
		if err := ld.db.Exec(ctx, `UPDATE raw_fichiers SET lignes_remplacees = lignes_remplacees + ?,
			remplace_par = CASE WHEN lignes_remplacees + ? >= lignes_chargees THEN ? ELSE remplace_par END
			WHERE fichier_id = ?`, n, n, live[len(live)-1].p.id, id); err != nil {
			return err
		}
	}
	return nil
}

func prefixed(p string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = p + c
	}
	return strings.Join(out, ", ")
}

func joinCond(a, b string, cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = fmt.Sprintf("%s.%s = %s.%s", a, c, b, c)
	}
	return strings.Join(out, " AND ")
}

// storeRejects writes the rejected rows with their line, column and a
// French reason.
func (ld *loader) storeRejects(ctx context.Context, l *Layout, batch []*pending, live []*fileState) error {
	rawLine := "left(e.csv_line, 300)"
	if l.HideLines {
		rawLine = "NULL"
	}
	// A header pasted in the middle fails every typed column: one reject
	// for the line, not one per column.
	header := `e.repeated_header`
	cast := `(e.error_type = 'CAST' AND NOT ` + header + `)`
	if err := ld.db.Exec(ctx, `INSERT INTO raw_rejets
SELECT _f.fichier_id, e.line, CASE WHEN `+cast+` THEN e.header END,
       CASE WHEN `+cast+` THEN regexp_extract(e.error_message, 'Could not convert string "(.*)" to', 1)
            ELSE `+rawLine+` END,
       CASE
         WHEN `+header+` THEN `+duck.QuoteString(repeatedHeaderMotif)+`
         WHEN e.error_type = 'CAST' THEN 'valeur illisible : ' || coalesce(e.type_fr, 'type inattendu') || ' attendu(e)'
         WHEN e.error_type = 'MISSING COLUMNS' THEN 'ligne incomplète : ' ||
              regexp_extract(e.error_message, 'Expected Number of Columns: (\d+)', 1) || ' colonnes attendues, ' ||
              regexp_extract(e.error_message, 'Found: (\d+)', 1) || ' trouvées (ligne tronquée ?)'
         WHEN e.error_type = 'TOO MANY COLUMNS' THEN 'trop de colonnes : ' ||
              regexp_extract(e.error_message, 'Expected Number of Columns: (\d+)', 1) || ' attendues, ' ||
              regexp_extract(e.error_message, 'Found: (\d+)', 1) || ' trouvées (un séparateur hors guillemets ?)'
         -- DuckDB says "unterminated quote" of every misplaced quote: an odd
         -- number of quotes on the line is one left open (a cut download).
         WHEN e.error_type = 'UNQUOTED VALUE' AND (length(e.csv_line) - length(replace(e.csv_line, '"', ''))) % 2 = 1
           THEN 'guillemet ouvert jamais refermé (fichier tronqué ?)'
         WHEN e.error_type = 'UNQUOTED VALUE' THEN 'guillemet mal placé : une valeur entre guillemets est suivie d''autres caractères'
         WHEN e.error_type = 'LINE SIZE OVER MAXIMUM' THEN 'ligne trop longue (plus de 2 Mo)'
         WHEN e.error_type IN ('INVALID ENCODING', 'INVALID UNICODE') THEN 'caractère invalide (encodage)'
         ELSE 'ligne illisible'
       END
FROM _rej e JOIN _f USING (_fichier)
WHERE _f.fichier_id IS NOT NULL
-- DuckDB reports a short line once per missing column: keep one reject per
-- line for structural errors, one per column for unreadable values.
QUALIFY row_number() OVER (PARTITION BY _f.fichier_id, e.line,
        CASE WHEN `+cast+` THEN e.column_idx ELSE -1 END ORDER BY e.column_idx) = 1`); err != nil {
		return err
	}
	// Rows rejected by checks: their physical line is found by reading the
	// file again, only when there are some.
	rows, err := ld.db.Conn.QueryContext(ctx, `SELECT _f.f_chemin, _f.fichier_id, b.rid - _f.premier, b.colonne, b.valeur, b.motif
		FROM _bad b JOIN _f ON _f._fichier = b._fichier WHERE _f.fichier_id IS NOT NULL ORDER BY 1, 3`)
	if err != nil {
		return err
	}
	type badRow struct {
		id          int
		ordinal     int64
		col, val, m sql.NullString
	}
	perFile := map[string][]badRow{}
	var order []string
	for rows.Next() {
		var path string
		var b badRow
		if err := rows.Scan(&path, &b.id, &b.ordinal, &b.col, &b.val, &b.m); err != nil {
			rows.Close()
			return err
		}
		if _, ok := perFile[path]; !ok {
			order = append(order, path)
		}
		perFile[path] = append(perFile[path], b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	byPath := map[string]*fileState{}
	for _, st := range live {
		byPath[st.p.path] = st
	}
	notes := map[string]string{} // motif → note on the file
	for _, p := range batch {
		for _, c := range p.layout.Checks {
			if c.Note != "" {
				notes[c.Motif] = c.Note
			}
		}
	}
	for _, path := range order {
		noted := map[string][]string{}
		var noteOrder []string
		st := byPath[path]
		read, err := ld.duckPath(st.p)
		if err != nil {
			return err
		}
		lines, err := recordLines(read, st.p.s.Delim)
		if err != nil {
			return err
		}
		accepted := acceptedLines(lines, st.csvLines)
		var vals []string
		flush := func() error {
			if len(vals) == 0 {
				return nil
			}
			err := ld.db.Exec(ctx, "INSERT INTO raw_rejets VALUES "+strings.Join(vals, ", "))
			vals = vals[:0]
			return err
		}
		for _, b := range perFile[path] {
			line := "NULL"
			if b.ordinal >= 0 && b.ordinal < int64(len(accepted)) {
				line = fmt.Sprint(accepted[b.ordinal])
			}
			if n, ok := notes[b.m.String]; ok {
				if _, seen := noted[n]; !seen {
					noteOrder = append(noteOrder, n)
				}
				noted[n] = append(noted[n], line)
			}
			vals = append(vals, fmt.Sprintf("(%d, %s, %s, %s, %s)", b.id, line,
				sqlOrNull(b.col.String), sqlOrNull(truncate(b.val.String, 300)), duck.QuoteString(b.m.String)))
			if len(vals) == 500 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		for _, n := range noteOrder {
			word := "ligne"
			if len(noted[n]) > 1 {
				word = "lignes"
			}
			st.notes = append(st.notes, fmt.Sprintf("%s (%s %s)", n, word, strings.Join(noted[n], ", ")))
		}
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// finishProvenance completes the provenance rows with the counts.
func (ld *loader) finishProvenance(ctx context.Context, live []*fileState, start time.Time) error {
	dur := time.Since(start).Milliseconds() / int64(len(live))
	var vals [][]driver.Value
	for _, st := range live {
		read := st.rows + st.bad + int64(len(st.csvLines))
		loaded := st.rows - st.lost
		var notes driver.Value
		if len(st.notes) > 0 {
			notes = strings.Join(st.notes, " ; ")
		}
		vals = append(vals, []driver.Value{st.p.id, read, loaded, read - loaded, dur, notes})
	}
	return ld.db.AppendQuery(ctx, `UPDATE raw_fichiers SET lignes_lues = v.lues, lignes_chargees = v.chargees,
		lignes_rejetees = v.rejetees, duree_ms = v.duree, avertissements = v.notes
		FROM _v v WHERE fichier_id = v.id`,
		"_v", "id INTEGER, lues BIGINT, chargees BIGINT, rejetees BIGINT, duree BIGINT, notes VARCHAR", vals)
}

// report fills the file's report after a successful commit.
func (ld *loader) report(st *fileState, dur time.Duration) {
	p := st.p
	r := p.report()
	r.Duration = dur
	r.Notes = append(r.Notes, st.notes...)
	switch {
	case st.refused != nil:
		r.Status, r.Err = Refused, st.refused
		return
	case st.skip != "":
		r.Status = Skipped
		r.Notes = append(r.Notes, st.skip)
		return
	}
	r.Status = Loaded
	r.FileID = p.id
	r.UAI, r.Year, r.Key = p.uai, strings.Join(p.years, ","), st.key
	if r.Year == "" {
		r.Year = p.year
	}
	r.Read = st.rows + st.bad + int64(len(st.csvLines))
	r.Loaded = st.rows - st.lost
	r.Rejected = r.Read - r.Loaded
	for _, rf := range st.replaced {
		r.Replaced = append(r.Replaced, rf.name)
	}
	ld.known[p.s.SHA256] = p.s.Name
}

// translateReadError turns a failed read_csv into a French refusal when it
// concerns the file (DuckDB stops only on errors its rejects cannot hold).
func translateReadError(batch []*pending, err error) error {
	msg := err.Error()
	if len(batch) != 1 {
		return err
	}
	p := batch[0]
	switch {
	case strings.Contains(msg, "Interrupted"):
		return context.Canceled
	case strings.Contains(msg, "Invalid unicode") || strings.Contains(msg, "invalid Unicode"):
		return &FileError{Path: p.path, Msg: "caractère invalide : le fichier n'est pas entièrement dans l'encodage " + p.s.Encoding,
			Hint: "réenregistrez le fichier en UTF-8"}
	case strings.Contains(msg, "CSV Error") || strings.Contains(msg, "Invalid Input Error"):
		line := int64(0)
		fmt.Sscanf(lineOf(msg), "%d", &line)
		// DuckDB's own text is English: only what it means is said.
		what := "fichier CSV illisible"
		switch {
		case strings.Contains(msg, "unterminated quote"):
			what += " : guillemet ouvert jamais refermé"
		case strings.Contains(msg, "state machine"):
			what += " : guillemets, séparateurs ou fins de ligne que le lecteur CSV ne sait pas suivre"
		}
		return &FileError{Path: p.path, Line: line, Msg: what,
			Hint: "vérifiez que le fichier n'a pas été modifié à la main (guillemets, séparateurs)"}
	}
	return err
}

func lineOf(msg string) string {
	if i := strings.Index(msg, "on Line: "); i >= 0 {
		return msg[i+len("on Line: "):]
	}
	return ""
}

// progress prints a line on stderr while DuckDB reads a big batch.
func (ld *loader) progress(batch []*pending) func() {
	if ld.opt.Progress == nil {
		return func() {}
	}
	var size int64
	for _, p := range batch {
		size += p.s.Size
	}
	// The other connection's line, if any, is left alone.
	if size < 8<<20 || !ld.progressMu.TryLock() {
		return func() {}
	}
	label := batch[0].s.Name
	if len(batch) > 1 {
		label = fmt.Sprintf("%d fichiers « %s »", len(batch), batch[0].layout.Kind.Label)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t0 := time.Now()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				fmt.Fprintf(ld.opt.Progress, "\r\033[Klecture de %s (%s) : terminée en %.1f s\n", label, humanBytes(size), time.Since(t0).Seconds())
				return
			case <-tick.C:
				fmt.Fprintf(ld.opt.Progress, "\r\033[Klecture de %s (%s)… %.0f s", label, humanBytes(size), time.Since(t0).Seconds())
			}
		}
	}()
	return func() { close(done); wg.Wait(); ld.progressMu.Unlock() }
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f Go", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f Mo", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f ko", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d o", n)
}

// stepTimer prints step durations when FILMNUM_TRACE is set (profiling aid).
func stepTimer() func(string) {
	if os.Getenv("FILMNUM_TRACE") == "" {
		return func(string) {}
	}
	t := time.Now()
	return func(name string) {
		fmt.Fprintf(os.Stderr, "trace %-14s %6.2f s\n", name, time.Since(t).Seconds())
		t = time.Now()
	}
}

// traceMemory prints Go's heap, DuckDB's memory and the process's resident
// memory when FILMNUM_TRACE is set (profiling aid: which side grows).
func traceMemory(ctx context.Context, db *duck.DB) {
	if os.Getenv("FILMNUM_TRACE") == "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var duckMem, duckTemp int64
	db.Conn.QueryRowContext(ctx, "SELECT sum(memory_usage_bytes), sum(temporary_storage_bytes) FROM duckdb_memory()").Scan(&duckMem, &duckTemp)
	rss := "?"
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			if pages, err := strconv.ParseInt(f[1], 10, 64); err == nil {
				rss = strconv.FormatInt(pages*int64(os.Getpagesize())>>20, 10)
			}
		}
	}
	fmt.Fprintf(os.Stderr, "trace memory: go heap %d MB (sys %d MB), duckdb %d MB (temp %d MB), rss %s MB\n",
		ms.HeapAlloc>>20, ms.Sys>>20, duckMem>>20, duckTemp>>20, rss)
}
