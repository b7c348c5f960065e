// Package ingest loads the CSV exports of Pix, the ENT, the GAR, EduConnect
// and training attendance into the raw_ tables of the DuckDB database, with
// their provenance. Go sniffs (encoding, kind, school), transcodes and
// explains; DuckDB's own CSV reader parses the rows.
package ingest

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"filmnum/internal/duck"
	"filmnum/seeds"
)

//go:embed schema.sql
var schemaSQL string

// Options of one ingest run.
type Options struct {
	// UAI given with --uai: the school of files that do not say it.
	UAI string
	// Date given with --date: the snapshot date of EduConnect and Pix 6e
	// attestation files, and the export date of GAR assignment files, that
	// say it neither in a column nor in their name. Zero: none.
	Date time.Time
	// Exclusions given with --exclure (see ParseExclusion): periods the
	// transform leaves out, recorded in raw_exclusions.
	Exclusions []Exclusion
	// Schools from seeds/, to resolve a school from an organisation name.
	Schools []seeds.School
	// Progress receives progress lines for big files (nil: none).
	Progress io.Writer
	// Now is the clock (tests fix it).
	Now func() time.Time
	// TempDir holds transcoded copies of Windows-1252 files.
	TempDir string
	// Batch limits: files of the same layout are read together up to these.
	MaxBatchFiles int
	MaxBatchBytes int64
}

// Status of one file after a run.
type Status int

const (
	Loaded    Status = iota // rows loaded (possibly with rejects)
	Unchanged               // identical bytes already loaded
	Skipped                 // older than what is loaded, or not a CSV in a folder
	Refused                 // error: nothing of it loaded
)

// FileReport says what happened to one file.
type FileReport struct {
	Path     string
	Status   Status
	FileID   int
	Kind     string
	Label    string
	Encoding string
	UAI      string
	Year     string
	Key      string
	Read     int64
	Loaded   int64
	Rejected int64
	Replaced []string // files whose rows this one replaced
	Notes    []string // French notes (several years, Total line, unknown school...)
	Err      error    // Refused: why (a *FileError or a database error)
	Duration time.Duration
}

// Summary of a run.
type Summary struct {
	// Files are the reports of every file when Run was given no report
	// function; with one, the caller has them already and Files stays
	// empty (the 423 635 reports of the national sample are about 100 MB).
	Files    []FileReport
	Reported int // files reported: loaded, refused, unchanged or skipped
	Loaded   int
	Refused  int
	Read     int64
	Rows     int64
	Rejected int64
}

// EnsureSchema creates the raw tables and the pseudonym key if missing.
func EnsureSchema(ctx context.Context, db *duck.DB) error {
	if err := db.Script(ctx, "ingest/schema.sql", schemaSQL); err != nil {
		return err
	}
	if err := dropFileKeys(ctx, db); err != nil {
		return fmt.Errorf("raw_fichiers sans index : %w", err)
	}
	var n int
	if err := db.Conn.QueryRowContext(ctx, "SELECT count(*) FROM raw_cle").Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		key, err := randomKey()
		if err != nil {
			return err
		}
		if err := db.Exec(ctx, "INSERT INTO raw_cle VALUES (?)", key); err != nil {
			return err
		}
	}
	return nil
}

// dropFileKeys rebuilds raw_fichiers without the PRIMARY KEY and UNIQUE
// constraints that databases made by earlier versions declare (see
// schema.sql: DuckDB wrote their indexes whole at every checkpoint), in one
// transaction. Views over the table keep working: they are bound by name.
func dropFileKeys(ctx context.Context, db *duck.DB) error {
	var n int
	if err := db.Conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_constraints()
		WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'raw_fichiers'
		  AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if err := db.Exec(ctx, "BEGIN; ALTER TABLE raw_fichiers RENAME TO _raw_fichiers_cles"); err != nil {
		_ = db.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	err := db.Script(ctx, "ingest/schema.sql", schemaSQL)
	if err == nil {
		err = db.Exec(ctx, "INSERT INTO raw_fichiers BY NAME SELECT * FROM _raw_fichiers_cles; DROP TABLE _raw_fichiers_cles; COMMIT")
	}
	if err != nil {
		_ = db.Exec(context.WithoutCancel(ctx), "ROLLBACK")
	}
	return err
}

// Run ingests the files and folders in paths (folders recursively). report
// is called once per file as soon as its fate is known (those refused or
// unchanged at sniffing first, then batch by batch). The error is non-nil
// only for failures that stop the whole run (database unusable, context
// cancelled); refused files are reported like the others.
func Run(ctx context.Context, db *duck.DB, paths []string, opt Options, report func(FileReport)) (Summary, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxBatchFiles <= 0 {
		// Fewer batches, fewer commits and reads. At 1 000 schools
		// (38 891 files), alternated: 1 000 files 54.2–60.8 s and 865–882 MB,
		// 400 files 60.7–71.6 s and 758–786 MB. Memory grows with the batch
		// (2 000 files went over 1 GB before Go's memory limit was set).
		opt.MaxBatchFiles = 1000
	}
	if opt.MaxBatchBytes <= 0 {
		opt.MaxBatchBytes = 512 << 20
	}
	if opt.UAI != "" {
		u, err := seeds.NormalizeUAI(opt.UAI)
		if err != nil {
			return Summary{}, &FileError{Path: "--uai", Msg: err.Error()}
		}
		opt.UAI = u
	}
	if err := EnsureSchema(ctx, db); err != nil {
		return Summary{}, err
	}
	// Every batch commits; past DuckDB's default 16 MB of WAL a commit also
	// checkpoints. At 1 000 schools (38 891 files) the commits took 11.2 s of
	// a 76 s ingest; with 64 MB the ingest took 60.4 and 58.8 s against 64.0
	// and 63.5 s, at the same peak memory (with 4 GB: 58.5 s, but 1 358 MB).
	if err := db.Exec(ctx, "SET checkpoint_threshold = '64MB'"); err != nil {
		return Summary{}, err
	}
	ld, err := newLoader(ctx, db, opt)
	if err != nil {
		return Summary{}, err
	}
	defer ld.cleanup()
	if err := recordExclusions(ctx, db, opt); err != nil {
		return Summary{}, err
	}

	files, skipped, err := expand(paths)
	if err != nil {
		return Summary{}, err
	}
	var sum Summary
	emit := func(r FileReport) {
		sum.Reported++
		if report == nil {
			sum.Files = append(sum.Files, r)
		}
		switch r.Status {
		case Loaded:
			sum.Loaded++
			sum.Read += r.Read
			sum.Rows += r.Loaded
			sum.Rejected += r.Rejected
		case Refused:
			sum.Refused++
		}
		if report != nil {
			report(r)
		}
	}
	for _, s := range skipped {
		emit(FileReport{Path: s, Status: Skipped, Notes: []string{"ignoré : pas un fichier .csv, .txt ou .tsv (donnez son chemin explicitement pour le lire)"}})
	}
	step := stepTimer()
	pend := ld.prepare(ctx, files)
	step("prepare")
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	// Files refused or unchanged at sniffing are reported now; the rest are
	// loaded batch by batch, in order of first appearance.
	var loadable []*pending
	for _, p := range pend {
		if p.done {
			emit(*p.report())
			continue
		}
		loadable = append(loadable, p)
	}
	batches := makeBatches(loadable, opt.MaxBatchFiles, opt.MaxBatchBytes)
	// Two connections take the batches in turn: while one loads batch i,
	// the other reads batch i+1 into its own temporary tables. The loads
	// (every write to the database) stay one at a time and in order.
	lanes := []*loader{ld}
	if len(batches) > 1 && twoConnections {
		l2, err := ld.another(ctx)
		if err != nil {
			return sum, err
		}
		defer l2.db.Close()
		lanes = append(lanes, l2)
	}
	var ahead chan *batchRead
	wait := func() *batchRead {
		if ahead == nil {
			return nil
		}
		br := <-ahead
		ahead = nil
		return br
	}
	// Whatever way Run returns, the read ahead is over before the
	// connection it uses is closed.
	defer wait()
	for i, batch := range batches {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		pre := wait()
		if len(lanes) > 1 && i+1 < len(batches) {
			ch := make(chan *batchRead, 1)
			go func(lane *loader, next []*pending) {
				ch <- lane.readAhead(ctx, next)
			}(lanes[(i+1)%len(lanes)], batches[i+1])
			ahead = ch
		}
		if pre != nil && testHookReadAhead != nil {
			testHookReadAhead()
		}
		if err := lanes[i%len(lanes)].loadBatch(ctx, batch, pre); err != nil {
			return sum, err
		}
		for j, p := range batch {
			emit(*p.report())
			// Done with: the batches hold the only other reference, and
			// 423 635 pending files are 200 MB at national scale.
			batch[j] = nil
		}
		batches[i] = nil
		// What DuckDB freed during the batch goes back to the system (1 000
		// schools, rotated: peaks 608–683 MB against 648–723 MB without).
		duck.ReleaseMemory()
		traceMemory(ctx, db)
	}
	return sum, nil
}

// twoConnections: off only in tests, which compare one connection with two.
var twoConnections = true

// testHookReadAhead, when set (tests only), is called for every batch
// loaded as read ahead.
var testHookReadAhead func()

// pending is one file on its way in.
type pending struct {
	path     string
	s        *sniffed
	layout   *Layout
	sig      string // files of one signature are read by one read_csv
	family   string // files of one family share a batch (see Layout.family)
	readPath string // what DuckDB reads, once known: the file, or its UTF-8 copy; "" until duckPath makes that copy
	order    int
	done     bool        // fate known before loading (refused, unchanged)
	rep      *FileReport // made when first needed (report): most of a file's memory until its batch
	pathUAI  string
	// What loading finds, made fresh by each attempt at the file's batch.
	// Every file waits for its batch: inline, these 120 bytes of zero fields
	// made each pending 240 bytes (256 allocated) instead of 128, 54 MB for
	// the 423 635 files of the national sample.
	*loading
}

// loading is what the load of a file's batch finds about it.
type loading struct {
	id         int
	uai        string
	uaiSource  string
	year       string
	years      []string
	key        string
	exportDate time.Time
}

var dataExt = map[string]bool{".csv": true, ".txt": true, ".tsv": true}

// expand lists the files of paths; folders are walked recursively and only
// their data files (.csv, .txt, .tsv) are taken.
func expand(paths []string) (files, skipped []string, err error) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			files = append(files, p) // reported as unreadable by sniff
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var inDir []string
		werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") {
				return nil
			}
			if dataExt[strings.ToLower(filepath.Ext(name))] {
				inDir = append(inDir, path)
			} else {
				skipped = append(skipped, path)
			}
			return nil
		})
		if werr != nil {
			return nil, nil, &FileError{Path: p, Msg: "dossier illisible : " + frenchIOError(werr)}
		}
		sort.Strings(inDir)
		files = append(files, inDir...)
	}
	return files, skipped, nil
}

// prepareWorkers is how many files are sniffed at once: more than the
// cores, as a worker waiting for the disk leaves its core to the others.
// 1 000 schools on 2 cores, alternated twice: page cache emptied, 11.0
// and 8.5 s with 8 workers against 15.3 and 12.5 s with 2; files in the
// cache, 4.8 s against 5.2 s. National sample, cache emptied, one run
// each: 124.0 s against 121.3 s, no gain there (peaks 352 and 358 MB).
var prepareWorkers = 4 * runtime.NumCPU()

// prepare sniffs, recognises and transcodes files in parallel, then drops
// the ones already loaded.
func (ld *loader) prepare(ctx context.Context, files []string) []*pending {
	pend := make([]*pending, len(files))
	for i, f := range files {
		pend[i] = &pending{path: f, order: i}
	}
	work := make(chan *pending)
	var wg sync.WaitGroup
	for w := 0; w < prepareWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if ctx.Err() != nil {
					p.refuse(ctx.Err())
					continue
				}
				ld.prepareOne(p)
			}
		}()
	}
	for _, p := range pend {
		work <- p
	}
	close(work)
	wg.Wait()

	// Identical bytes: already in the database, or twice in this run.
	seen := map[[32]byte]*pending{}
	for _, p := range pend {
		if p.done {
			continue
		}
		if prev, ok := ld.known[p.s.SHA256]; ok {
			p.unchanged("déjà chargé (contenu identique à " + prev + ")")
			continue
		}
		if first, ok := seen[p.s.SHA256]; ok {
			p.unchanged("contenu identique à " + first.path + ", chargé une seule fois")
			continue
		}
		seen[p.s.SHA256] = p
	}
	return pend
}

func (ld *loader) prepareOne(p *pending) {
	s, err := sniff(p.path)
	if err != nil {
		p.refuse(err)
		return
	}
	p.s = s
	l, err := recognise(s)
	// The sample rows served the recognition (date formats, UAI filled);
	// kept, the decoded rows of tens of thousands of files would stay in
	// memory to the end of the run (3.3 GB for 39 000 files). The header
	// too: a layout keeps its own column names, and the header records of
	// the 423 635 files of the national sample held 508 MB after prepare.
	s.Sample, s.Header = nil, nil
	if err != nil {
		p.refuse(err)
		return
	}
	p.layout = l
	if l.Refuse != nil {
		p.refuse(l.Refuse)
		return
	}
	// Files are read together only with the same delimiter (one read_csv).
	p.layout, p.family, p.sig = ld.shared(l.signature()+"|"+string(s.Delim), l)
	p.pathUAI = uaiInPath(p.path)
	// A file to recode is decoded in memory when it is concatenated with
	// others (writeConcat), which most are; only one read alone gets a
	// UTF-8 copy on disk, when it is read (duckPath). Copied here, every
	// Windows-1252 file was written and read once more: 8 018 files at
	// 1 000 schools, before the first row was loaded.
	if s.Encoding != EncCP1252 && !s.FixEOL {
		p.readPath = p.path
	}
}

// duckPath returns the path DuckDB reads for p: the file itself, or a UTF-8
// copy with LF line ends, made on the first call.
func (ld *loader) duckPath(p *pending) (string, error) {
	if p.readPath != "" {
		return p.readPath, nil
	}
	cp1252 := p.s.Encoding == EncCP1252
	tmp, err := transcode(p.path, ld.tempDir, cp1252, p.s.FixEOL)
	if err != nil {
		what := "conversion Windows-1252 → UTF-8 impossible : "
		if !cp1252 {
			what = "copie aux fins de ligne uniformes impossible : "
		}
		return "", &FileError{Path: p.path, Msg: what + frenchIOError(err)}
	}
	ld.addTemp(tmp)
	p.readPath = tmp
	return tmp, nil
}

// shape is what the files of one signature share.
type shape struct {
	layout *Layout
	family string
	sig    string
}

// shared returns the layout kept for sig (l when it is the first), its
// family, and the first copy of sig. A signature is the layout's SQL text
// (kilobytes): one copy per file took 1.05 GB of the 2.8 GB heap left by
// prepare for the 423 635 files of the national sample.
func (ld *loader) shared(sig string, l *Layout) (*Layout, string, string) {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	sh, ok := ld.shapes[sig]
	if !ok {
		sh = &shape{layout: l, family: l.family(), sig: sig}
		ld.shapes[sig] = sh
	}
	return sh.layout, sh.family, sh.sig
}

// report returns the file's report, made on the first call from what is
// known of the file.
func (p *pending) report() *FileReport {
	if p.rep == nil {
		p.rep = &FileReport{Path: p.path}
		if p.s != nil {
			p.rep.Encoding = p.s.Encoding
		}
		if p.layout != nil {
			p.rep.Kind, p.rep.Label = p.layout.Kind.Name, p.layout.Kind.Label
		}
	}
	return p.rep
}

func (p *pending) refuse(err error) {
	p.done = true
	r := p.report()
	r.Status, r.Err = Refused, err
}

func (p *pending) unchanged(note string) {
	p.done = true
	r := p.report()
	r.Status = Unchanged
	r.Notes = append(r.Notes, note)
}

// makeBatches groups files of the same family, keeping first-seen order;
// within a batch, the files of one signature follow each other.
func makeBatches(ps []*pending, maxFiles int, maxBytes int64) [][]*pending {
	var order []string
	groups := map[string][]*pending{}
	for _, p := range ps {
		if _, ok := groups[p.family]; !ok {
			order = append(order, p.family)
		}
		groups[p.family] = append(groups[p.family], p)
	}
	var out [][]*pending
	for _, fam := range order {
		var cur []*pending
		var size int64
		for _, p := range bySignature(groups[fam]) {
			if len(cur) > 0 && (len(cur) >= maxFiles || size+p.s.Size > maxBytes) {
				out = append(out, cur)
				cur, size = nil, 0
			}
			cur = append(cur, p)
			size += p.s.Size
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
	}
	return out
}

var reUAIPath = regexp.MustCompile(`(?i)(?:^|[^0-9A-Za-z])(\d{7}[A-Za-z])(?:[^0-9A-Za-z]|$)`)

// uaiInPath finds a valid UAI in the file's path, the closest to the file
// name winning (a school folder holding class files).
func uaiInPath(path string) string {
	parts := strings.Split(filepath.ToSlash(path), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		ms := reUAIPath.FindAllStringSubmatch(parts[i], -1)
		for j := len(ms) - 1; j >= 0; j-- {
			if u, err := seeds.NormalizeUAI(ms[j][1]); err == nil {
				return u
			}
		}
	}
	return ""
}

// Export dates in Pix file names: Resultats-<name>-<id>-2025-10-06-1432.csv,
// 20260312_resultats_3E1.csv, 20260312_1015_resultats_session_123.csv.
var (
	reNameDateTime = regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})\.[A-Za-z]+$`)
	reNameCompact  = regexp.MustCompile(`(?:^|[^0-9])(\d{4})(\d{2})(\d{2})(?:_(\d{2})(\d{2}))?(?:[^0-9]|$)`)
	reNameISO      = regexp.MustCompile(`(?:^|[^0-9])(\d{4})-(\d{2})-(\d{2})(?:[^0-9]|$)`)
)

// exportDateFromName reads the export date a file name carries, if any.
func exportDateFromName(name string) (time.Time, bool) {
	parse := func(y, mo, d, h, mi string) (time.Time, bool) {
		if h == "" {
			h, mi = "00", "00"
		}
		t, err := time.ParseInLocation("2006-01-02 15:04", fmt.Sprintf("%s-%s-%s %s:%s", y, mo, d, h, mi), time.UTC)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			return time.Time{}, false
		}
		return t, true
	}
	if m := reNameDateTime.FindStringSubmatch(name); m != nil {
		return parse(m[1], m[2], m[3], m[4], m[5])
	}
	if m := reNameCompact.FindStringSubmatch(name); m != nil {
		return parse(m[1], m[2], m[3], m[4], m[5])
	}
	if m := reNameISO.FindStringSubmatch(name); m != nil {
		return parse(m[1], m[2], m[3], "", "")
	}
	return time.Time{}, false
}

// schoolYear returns "2025-2026" for a date (1 September → 31 August).
func schoolYear(t time.Time) string {
	y := t.Year()
	if t.Month() < time.September {
		y--
	}
	return fmt.Sprintf("%d-%d", y, y+1)
}
