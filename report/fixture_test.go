package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"filmnum/internal/duck"
)

// The fixture database is built once per test run from testdata/fixture.sql
// (fixed rows, no ingest, no transform) and opened read-only, as the
// rapport command does.

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  error
)

func fixturePath(t testing.TB) string {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "filmnum-report-")
		if fixtureErr != nil {
			return
		}
		fixtureErr = buildDB(filepath.Join(fixtureDir, "fixture.duckdb"), "testdata/fixture.sql")
	})
	if fixtureErr != nil {
		t.Fatalf("base de test : %v", fixtureErr)
	}
	return filepath.Join(fixtureDir, "fixture.duckdb")
}

// buildDB creates a database from SQL files (paths relative to the package).
func buildDB(path string, scripts ...string) error {
	ctx := context.Background()
	db, err := duck.Open(ctx, path, duck.Options{Threads: 1})
	if err != nil {
		return err
	}
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			db.Close()
			return err
		}
		if err := db.Script(ctx, s, string(b)); err != nil {
			db.Close()
			return err
		}
	}
	return db.Close()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// openRO opens a database read-only for the duration of the test.
func openRO(t testing.TB, path string) *duck.DB {
	t.Helper()
	db, err := duck.Open(context.Background(), path, duck.Options{ReadOnly: true, Threads: 1})
	if err != nil {
		t.Fatalf("ouverture de %s : %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var asOf = time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC)

func build(t testing.TB, path string, kind Kind, opt Options) *Report {
	t.Helper()
	db := openRO(t, path)
	if opt.AsOf.IsZero() {
		opt.AsOf = asOf
	}
	r, err := Build(context.Background(), db.Conn, kind, opt)
	if err != nil {
		t.Fatalf("rapport %s : %v", kind, err)
	}
	return r
}

func renderHTML(t testing.TB, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatalf("écriture : %v", err)
	}
	return buf.Bytes()
}

// copyFile copies a closed database file.
func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// execSQL runs statements on a database (created if needed), then closes it.
func execSQL(path, script string) error {
	ctx := context.Background()
	db, err := duck.Open(ctx, path, duck.Options{Threads: 1})
	if err != nil {
		return err
	}
	if err := db.Script(ctx, "test", script); err != nil {
		db.Close()
		return err
	}
	return db.Close()
}
