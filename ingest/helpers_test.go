package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"filmnum/internal/duck"
	"filmnum/seeds"
)

// testDB opens a fresh database file in a temporary folder.
func testDB(t *testing.T) *duck.DB {
	t.Helper()
	db, err := duck.Open(context.Background(), filepath.Join(t.TempDir(), "test.duckdb"), duck.Options{PreserveOrder: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var fixedNow = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

// ingestFiles runs an ingest and fails the test on a run-level error.
func ingestFiles(t *testing.T, db *duck.DB, opt Options, paths ...string) Summary {
	t.Helper()
	if opt.Now == nil {
		opt.Now = fixedNow
	}
	if opt.Schools == nil {
		schools, err := seeds.ReadSchools(seeds.Embedded())
		if err != nil {
			t.Fatal(err)
		}
		opt.Schools = schools
	}
	opt.TempDir = t.TempDir()
	sum, err := Run(context.Background(), db, paths, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// one returns the single report of a run of one file, failing if refused.
func one(t *testing.T, sum Summary) FileReport {
	t.Helper()
	if len(sum.Files) != 1 {
		t.Fatalf("%d fichiers dans le compte rendu, 1 attendu", len(sum.Files))
	}
	r := sum.Files[0]
	if r.Status == Refused {
		t.Fatalf("fichier refusé : %v", r.Err)
	}
	return r
}

// query returns the first row of a query, each column formatted with %v
// (NULL → "NULL").
func query(t *testing.T, db *duck.DB, q string, args ...any) []string {
	t.Helper()
	rows := queryAll(t, db, q, args...)
	if len(rows) == 0 {
		t.Fatalf("aucune ligne pour %s", q)
	}
	return rows[0]
}

func queryAll(t *testing.T, db *duck.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Conn.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s : %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				rec[i] = "NULL"
			case time.Time:
				rec[i] = x.UTC().Format("2006-01-02 15:04:05Z")
			case []byte:
				rec[i] = string(x)
			default:
				rec[i] = fmt.Sprint(x)
			}
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t *testing.T, db *duck.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Conn.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s : %v", q, err)
	}
	return n
}

// layoutOf sniffs and recognises a file, failing the test if it cannot.
func layoutOf(tb testing.TB, path string) *Layout {
	tb.Helper()
	_, l := sniffRecognise(tb, path)
	return l
}

// sniffRecognise is layoutOf keeping the sniffed file too.
func sniffRecognise(tb testing.TB, path string) (*sniffed, *Layout) {
	tb.Helper()
	s, err := sniff(path)
	if err != nil {
		tb.Fatal(err)
	}
	l, err := recognise(s)
	if err != nil {
		tb.Fatal(err)
	}
	return s, l
}
