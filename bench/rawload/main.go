// Command rawload is the benchmark's "plain DuckDB" contender and a few
// helpers around it. It links the same DuckDB (github.com/duckdb/duckdb-go/v2)
// as filmnum, so engine and version are identical.
//
//	rawload mirror -src DATA -dst MIRROR     UTF-8 copy of a folder of CSV exports: UTF-8 files are
//	                                          hard-linked, Windows-1252 ones transcoded (in parallel)
//	rawload plan -trace TRACE -out PLAN      from a `FILMNUM_TRACE=sql filmnum ingest` log, the
//	                                          read_csv options filmnum used for every file it read
//	rawload load -db DB -plan PLAN           the raw load: one read_csv per layout (all the files
//	                                          of that layout in one list), each into its own table
//	rawload sql -db DB [-ro] SQL...          runs statements, prints the last result (';'-separated)
//	rawload version                           the DuckDB version linked in
//
// The raw load uses exactly the options filmnum gave read_csv for each file
// (explicit columns and types, delimiter, decimal comma, date formats,
// nullstr, filename, store_rejects, max_line_size); it only leaves out
// everything filmnum does besides reading (sniffing, hashing, checks,
// pseudonyms, provenance, replacement of older exports).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	_ "github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/encoding/charmap"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "mirror":
		err = cmdMirror(os.Args[2:])
	case "plan":
		err = cmdPlan(os.Args[2:])
	case "load":
		err = cmdLoad(os.Args[2:])
	case "sql":
		err = cmdSQL(os.Args[2:])
	case "version":
		err = cmdSQL([]string{"-db", ":memory:", "SELECT version()"})
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawload:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: rawload mirror|plan|load|sql|version [flags] (see the package comment)")
	os.Exit(2)
}

// ---------------------------------------------------------------- mirror

// cmdMirror writes a UTF-8 twin of src into dst: the raw loader reads these
// copies, as DuckDB cannot read Windows-1252 (no encodings extension offline,
// and its latin-1 reader refuses bytes 0x80–0x9F).
func cmdMirror(args []string) error {
	fs_ := flag.NewFlagSet("mirror", flag.ExitOnError)
	src := fs_.String("src", "", "folder of exports")
	dst := fs_.String("dst", "", "output folder (created)")
	fs_.Parse(args)
	if *src == "" || *dst == "" {
		return errors.New("mirror: -src and -dst are required")
	}
	start := time.Now()
	var paths []string
	err := filepath.WalkDir(*src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".csv") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var linked, transcoded atomic.Int64
	var firstErr error
	var mu sync.Mutex
	work := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rel, _ := filepath.Rel(*src, p)
				out := filepath.Join(*dst, rel)
				t, err := mirrorOne(p, out)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", p, err)
					}
					mu.Unlock()
					continue
				}
				if t {
					transcoded.Add(1)
				} else {
					linked.Add(1)
				}
			}
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	fmt.Printf("mirror: %d files (%d linked as UTF-8, %d transcoded from Windows-1252) in %.1f s\n",
		len(paths), linked.Load(), transcoded.Load(), time.Since(start).Seconds())
	return nil
}

// mirrorOne links or transcodes one file; it reports whether it transcoded.
func mirrorOne(src, dst string) (bool, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	os.Remove(dst)
	if utf8.Valid(b) {
		if err := os.Link(src, dst); err == nil {
			return false, nil
		}
		return false, os.WriteFile(dst, b, 0o644)
	}
	u, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return false, err
	}
	return true, os.WriteFile(dst, u, 0o644)
}

// ---------------------------------------------------------------- plan

// cmdPlan extracts, from filmnum's SQL trace, every read_csv call: its file
// list and its options. The plan has one line per file: options TAB path.
func cmdPlan(args []string) error {
	fs_ := flag.NewFlagSet("plan", flag.ExitOnError)
	trace := fs_.String("trace", "", "stderr of FILMNUM_TRACE=sql filmnum ingest")
	out := fs_.String("out", "", "plan file to write")
	fs_.Parse(args)
	if *trace == "" || *out == "" {
		return errors.New("plan: -trace and -out are required")
	}
	f, err := os.Open(*trace)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	seen := map[string]bool{}
	var lines []string
	calls := 0
	// filmnum reads several files as one concatenation of their records,
	// each prefixed with the file's index (column _fi); the trace names the
	// files behind each concatenation just before its read.
	concat := map[string][]string{}
	const concatMark = "-- filmnum-concat "
	for {
		line, err := r.ReadString('\n')
		if strings.HasPrefix(line, concatMark) {
			rest := line[len(concatMark):]
			name, n, perr := sqlString(rest)
			if perr != nil {
				return fmt.Errorf("plan: %w", perr)
			}
			files, _, perr := parseReadCSV(strings.TrimSpace(strings.TrimPrefix(rest[n:], " = ")) + ", list = true)")
			if perr != nil {
				return fmt.Errorf("plan: %w", perr)
			}
			concat[name] = files
		}
		if i := strings.Index(line, "FROM read_csv(["); i >= 0 {
			files, opts, perr := parseReadCSV(line[i+len("FROM read_csv("):])
			if perr != nil {
				return fmt.Errorf("plan: %w", perr)
			}
			calls++
			if len(files) == 1 && concat[files[0]] != nil {
				// Each file read as itself: without the index column,
				// with the file name, as filmnum reads a file alone.
				files = concat[files[0]]
				opts = strings.Replace(opts, "'_fi': 'INTEGER', ", "", 1) + ", filename = true"
			}
			for _, p := range files {
				if !seen[p] {
					seen[p] = true
					lines = append(lines, opts+"\t"+p)
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if len(lines) == 0 {
		return errors.New("plan: no read_csv call in the trace (was FILMNUM_TRACE=sql set?)")
	}
	if err := os.WriteFile(*out, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	fmt.Printf("plan: %d read_csv calls, %d files\n", calls, len(lines))
	return nil
}

// parseReadCSV reads "['a', 'b'], opt = 1, ...)" (after "read_csv("): the
// quoted file list, then the options up to the closing parenthesis.
func parseReadCSV(s string) ([]string, string, error) {
	if !strings.HasPrefix(s, "[") {
		return nil, "", errors.New("file list expected")
	}
	var files []string
	i := 1
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return nil, "", errors.New("unterminated file list")
		}
		if s[i] == ']' {
			i++
			break
		}
		str, n, err := sqlString(s[i:])
		if err != nil {
			return nil, "", err
		}
		files = append(files, str)
		i += n
	}
	if !strings.HasPrefix(s[i:], ", ") {
		return nil, "", errors.New("options expected after the file list")
	}
	i += 2
	start, depth := i, 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\'':
			_, n, err := sqlString(s[i:])
			if err != nil {
				return nil, "", err
			}
			i += n - 1
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			if depth == 0 {
				return files, s[start:i], nil
			}
			depth--
		}
	}
	return nil, "", errors.New("unterminated read_csv call")
}

// sqlString reads a single-quoted SQL string at the start of s; it returns
// its value and the number of bytes consumed.
func sqlString(s string) (string, int, error) {
	if s == "" || s[0] != '\'' {
		return "", 0, errors.New("quoted string expected")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] == '\'' {
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return b.String(), i + 1, nil
		}
		b.WriteByte(s[i])
	}
	return "", 0, errors.New("unterminated string")
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ---------------------------------------------------------------- load

func cmdLoad(args []string) error {
	fs_ := flag.NewFlagSet("load", flag.ExitOnError)
	dbPath := fs_.String("db", "", "DuckDB file to create (replaced if present)")
	plan := fs_.String("plan", "", "plan file (rawload plan)")
	threads := fs_.Int("threads", runtime.NumCPU(), "DuckDB threads")
	memory := fs_.String("memory", "700MB", "DuckDB memory_limit")
	preserve := fs_.Bool("preserve-order", true, "preserve_insertion_order (filmnum's ingest keeps it on)")
	maxFiles := fs_.Int("max-files", 0, "at most this many files per read_csv (0: all the files of a layout)")
	verbose := fs_.Bool("v", false, "print each read_csv call's time, files and first file")
	fs_.Parse(args)
	if *dbPath == "" || *plan == "" {
		return errors.New("load: -db and -plan are required")
	}
	b, err := os.ReadFile(*plan)
	if err != nil {
		return err
	}
	// Group the files by their read_csv options, in first-seen order.
	groups := map[string][]string{}
	var order []string
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		opts, path, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if _, ok := groups[opts]; !ok {
			order = append(order, opts)
		}
		groups[opts] = append(groups[opts], path)
	}
	for _, suffix := range []string{"", ".wal"} {
		os.Remove(*dbPath + suffix)
	}
	start := time.Now()
	db, conn, err := open(*dbPath, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	for _, s := range []string{
		fmt.Sprintf("SET threads = %d", *threads),
		"SET memory_limit = " + quote(*memory),
		fmt.Sprintf("SET preserve_insertion_order = %t", *preserve),
		"SET TimeZone = 'Europe/Paris'",
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	var rows int64
	calls := 0
	for gi, opts := range order {
		files := groups[opts]
		step := len(files)
		if *maxFiles > 0 {
			step = *maxFiles
		}
		table := fmt.Sprintf("raw_%03d", gi+1)
		for lo := 0; lo < len(files); lo += step {
			hi := min(lo+step, len(files))
			q := make([]string, 0, hi-lo)
			for _, p := range files[lo:hi] {
				q = append(q, quote(p))
			}
			src := "read_csv([" + strings.Join(q, ", ") + "], " + opts + ")"
			stmt := "CREATE TABLE " + table + " AS SELECT * FROM " + src
			if lo > 0 {
				stmt = "INSERT INTO " + table + " SELECT * FROM " + src
			}
			t0 := time.Now()
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("%s (%d files): %w", table, hi-lo, err)
			}
			if *verbose {
				fmt.Printf("%s\t%d files\t%.3f s\t%s\n", table, hi-lo, time.Since(t0).Seconds(), files[lo])
			}
			calls++
		}
		// RowsAffected is 0 for CREATE TABLE AS: count the table instead.
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			return err
		}
		rows += n
	}
	if _, err := conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return err
	}
	fmt.Printf("raw load: %d layouts, %d read_csv calls, %d files, %d rows in %.1f s\n",
		len(order), calls, countFiles(groups), rows, time.Since(start).Seconds())
	return nil
}

func countFiles(g map[string][]string) int {
	n := 0
	for _, f := range g {
		n += len(f)
	}
	return n
}

// open opens a DuckDB database through one connection, without extension
// autoloading (as filmnum does: nothing is downloaded).
func open(path string, readOnly bool) (*sql.DB, *sql.Conn, error) {
	dsn := "?autoinstall_known_extensions=false&autoload_known_extensions=false"
	if path != ":memory:" {
		dsn = path + dsn
		if readOnly {
			dsn += "&access_mode=READ_ONLY"
		}
	}
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(context.Background())
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, conn, nil
}

// ---------------------------------------------------------------- sql

func cmdSQL(args []string) error {
	fs_ := flag.NewFlagSet("sql", flag.ExitOnError)
	dbPath := fs_.String("db", ":memory:", "DuckDB file")
	ro := fs_.Bool("ro", false, "open read-only")
	fs_.Parse(args)
	if fs_.NArg() == 0 {
		return errors.New("sql: no statement")
	}
	db, conn, err := open(*dbPath, *ro)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	stmts := fs_.Args()
	for _, s := range stmts[:len(stmts)-1] {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	rows, err := conn.QueryContext(ctx, stmts[len(stmts)-1])
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, strings.Join(cols, ";"))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		cells := make([]string, len(cols))
		for i, v := range vals {
			switch t := v.(type) {
			case nil:
				cells[i] = ""
			case []byte:
				cells[i] = string(t)
			case time.Time:
				cells[i] = t.Format("2006-01-02 15:04:05")
			default:
				cells[i] = fmt.Sprint(t)
			}
		}
		fmt.Fprintln(w, strings.Join(cells, ";"))
	}
	return rows.Err()
}
