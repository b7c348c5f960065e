package duck

import (
	"context"
	"database/sql/driver"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// KeepBlocks gives DuckDB's block allocator the memory limit as DuckDB
// parsed it, which DuckDB rounds down to whole 256 KiB blocks; without it
// the allocator keeps nothing (DuckDB's default).
func TestKeepBlocks(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		keep bool
		mem  string
		want string
	}{
		{true, "300MB", "286.0 MiB"}, // 300 000 000 B = 1 144.4 blocks: 1 144 × 256 KiB
		{true, "1GB", "953.5 MiB"},   // 3 814.7 blocks: 3 814 × 256 KiB
		{false, "300MB", "0 bytes"},
	} {
		path := filepath.Join(t.TempDir(), "t.duckdb")
		db, err := Open(ctx, path, Options{Threads: 1, MemoryLimit: tc.mem, KeepBlocks: tc.keep})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.QueryStrings(ctx, "SELECT current_setting('block_allocator_memory')")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("KeepBlocks %v, memory %s: block_allocator_memory = %q, want %q", tc.keep, tc.mem, got, tc.want)
		}
	}
}

// AppendQuery's rows reach the query with their types and NULLs, inside
// the transaction that is open (a rollback takes them back), and a row the
// appender refuses sends nothing.
func TestAppendQuery(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.Exec(ctx, `CREATE TABLE f (id INTEGER, nom VARCHAR, taille BIGINT, le TIMESTAMP, a TIMESTAMPTZ)`); err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, paris) // 08:30 UTC
	ins := `INSERT INTO f SELECT id * 10, nom, taille, le, a FROM _v`
	cols := "id INTEGER, nom VARCHAR, taille BIGINT, le TIMESTAMP, a TIMESTAMPTZ"
	rows := [][]driver.Value{
		{1, "a.csv", int64(3400), time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), at},
		{2, nil, 0, nil, nil},
	}
	if err := db.Exec(ctx, "BEGIN TRANSACTION"); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendQuery(ctx, ins, "_v", cols, rows); err != nil {
		t.Fatal(err)
	}
	q := `SELECT string_agg(concat_ws('|', id, coalesce(nom, 'NULL'), taille, coalesce(le::VARCHAR, 'NULL'),
		coalesce(epoch(a)::BIGINT::VARCHAR, 'NULL')), ' ; ' ORDER BY id) FROM f`
	got, err := db.QueryStrings(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// 2026-03-02 08:30 UTC = 1772440200 s since the epoch.
	if want := "10|a.csv|3400|2026-03-02 09:30:00|1772440200 ; 20|NULL|0|NULL|NULL"; len(got) != 1 || got[0] != want {
		t.Errorf("inside the transaction: %q, want %q", got, want)
	}
	if err := db.Exec(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.QueryStrings(ctx, "SELECT count(*) FROM f"); len(n) != 1 || n[0] != "0" {
		t.Errorf("after ROLLBACK: %v rows, want 0", n)
	}
	// The second row's id is not an integer: the first row is not inserted either.
	bad := [][]driver.Value{{3, "b.csv", 1, nil, nil}, {"x", "c.csv", 1, nil, nil}}
	if err := db.AppendQuery(ctx, ins, "_v", cols, bad); err == nil {
		t.Error("a text id was accepted")
	}
	if n, _ := db.QueryStrings(ctx, "SELECT count(*) FROM f"); len(n) != 1 || n[0] != "0" {
		t.Errorf("after a refused row: %v rows, want 0", n)
	}
	if err := db.AppendQuery(ctx, ins, "_v", "id HUGEINT", rows); err == nil || !strings.Contains(err.Error(), "HUGEINT") {
		t.Errorf("unsupported type: err = %v", err)
	}
}

// A second connection sees the database's tables and what the first
// commits, not its temporary tables, has the same time zone, and closing
// it leaves the database open.
func TestAnother(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	db2, err := db.Another(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, "CREATE TABLE t AS SELECT 42 AS x; CREATE TEMP TABLE _s AS SELECT 1 AS y"); err != nil {
		t.Fatal(err)
	}
	if got, err := db2.QueryStrings(ctx, "SELECT x::VARCHAR FROM t"); err != nil || len(got) != 1 || got[0] != "42" {
		t.Errorf("table t vue de la seconde connexion : %q, %v", got, err)
	}
	if ok, err := db2.TableExistsIn(ctx, "temp", "_s"); err != nil || ok {
		t.Errorf("table temporaire de la première vue de la seconde : %v, %v", ok, err)
	}
	if got, err := db2.QueryStrings(ctx, "SELECT current_setting('TimeZone')"); err != nil || len(got) != 1 || got[0] != "Europe/Paris" {
		t.Errorf("fuseau de la seconde connexion : %q, %v", got, err)
	}
	if err := db2.Close(); err != nil {
		t.Fatal(err)
	}
	if got, err := db.QueryStrings(ctx, "SELECT count(*)::VARCHAR FROM t"); err != nil || len(got) != 1 || got[0] != "1" {
		t.Errorf("la base après fermeture de la seconde connexion : %q, %v", got, err)
	}
}

// With the default threads, DuckDB runs one thread fewer while a second
// connection is open, and all the cores again once it is closed; threads
// given explicitly do not move.
func TestAnotherThreads(t *testing.T) {
	ctx := context.Background()
	threads := func(db *DB) string {
		t.Helper()
		got, err := db.QueryStrings(ctx, "SELECT current_setting('threads')::VARCHAR")
		if err != nil || len(got) != 1 {
			t.Fatalf("current_setting('threads') : %q, %v", got, err)
		}
		return got[0]
	}
	cores, fewer := strconv.Itoa(runtime.NumCPU()), strconv.Itoa(max(1, runtime.NumCPU()-1))
	for _, c := range []struct {
		opt                  Options
		before, open, closed string
	}{
		{Options{}, cores, fewer, cores},
		{Options{Threads: 3}, "3", "3", "3"},
	} {
		db, err := Open(ctx, filepath.Join(t.TempDir(), "t.duckdb"), c.opt)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if got := threads(db); got != c.before {
			t.Errorf("threads %d à l'ouverture : %s, attendu %s", c.opt.Threads, got, c.before)
		}
		db2, err := db.Another(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := threads(db); got != c.open {
			t.Errorf("threads %d, seconde connexion ouverte : %s, attendu %s", c.opt.Threads, got, c.open)
		}
		if err := db2.Close(); err != nil {
			t.Fatal(err)
		}
		if got := threads(db); got != c.closed {
			t.Errorf("threads %d, seconde connexion fermée : %s, attendu %s", c.opt.Threads, got, c.closed)
		}
	}
}

// openTest opens a fresh one-thread database, closed when the test ends.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.duckdb"), Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
