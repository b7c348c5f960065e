package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filmnum/internal/duck"
)

// The fault tests run the real binary as a subprocess, as a principal would.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func filmnumBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "filmnum-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "filmnum")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build : %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

const fixturePix = "../../ingest/testdata/pix/"

// bigCampaign writes an assessment export of n rows in Pix's bytes, big
// enough for a kill to land in the middle of its load.
func bigCampaign(t *testing.T, dir string, n int) string {
	return bigExport(t, "Resultats-Rentree 3e-5231-2025-10-06-1432.csv",
		filepath.Join(dir, "Resultats-Grosse campagne-7777-2025-10-06-1432.csv"), n,
		func(row string, i int) string {
			row = strings.Replace(row, "5231", "7777", 1)
			return strings.Replace(row, `"Dupont"`, fmt.Sprintf(`"Dupont%d"`, i), 1)
		})
}

// bigCertification writes a Pix Certif results export of n rows, each
// pupil its own.
func bigCertification(t *testing.T, dir string, n int) string {
	return bigExport(t, "20260312_resultats_3E1.csv", filepath.Join(dir, "20260312_resultats_3E9.csv"), n,
		func(row string, i int) string {
			row = strings.Replace(row, `"900001"`, fmt.Sprintf(`"%d"`, 1_000_000+i), 1)
			return strings.Replace(row, `"Dupont"`, fmt.Sprintf(`"Dupont%d"`, i), 1)
		})
}

// bigExport writes to path the header of a Pix fixture, then n rows made
// from its first one by row(first, i).
func bigExport(t *testing.T, fixture, path string, n int, row func(string, int) string) string {
	t.Helper()
	src, err := os.ReadFile(fixturePix + fixture)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(lines[0] + "\n")
	for i := 0; i < n; i++ {
		w.WriteString(row(lines[1], i))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// rawCounts returns the row count of every raw_ table.
func rawCounts(t *testing.T, path string) map[string]int64 {
	t.Helper()
	db, err := duck.Open(context.Background(), path, duck.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("réouverture de la base : %v", err)
	}
	defer db.Close()
	tables, err := db.QueryStrings(context.Background(),
		"SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'raw\\_%' ESCAPE '\\' ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, tb := range tables {
		var n int64
		if err := db.Conn.QueryRowContext(context.Background(), "SELECT count(*) FROM "+tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}

func runBin(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(filmnumBinary(t), args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// startIngestAndSignal starts an ingest of a big file and sends sig once
// DuckDB is busy reading it; it returns the process's stderr and exit error.
func startIngestAndSignal(t *testing.T, db, file string, sig syscall.Signal) (string, error) {
	t.Helper()
	cmd := exec.Command(filmnumBinary(t), "ingest", "--db", db, "--uai", "0870015U", file)
	var e bytes.Buffer
	cmd.Stderr = &e
	cmd.Stdout = &e
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The WAL appears once the transaction writes; wait for it (or a time
	// well inside the load) before signalling.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(db + ".wal"); err == nil && fi.Size() > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	return e.String(), err
}

// Killing the ingest (SIGKILL) in the middle of a file leaves the database
// as it was before that file.
func TestKillDuringIngestLeavesDatabaseAsBefore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "base.duckdb")
	if _, stderr, code := runBin(t, "ingest", "--db", db, "--uai", "0870015U", fixturePix+"20260312_resultats_3E1.csv"); code != 0 {
		t.Fatalf("premier chargement : %s", stderr)
	}
	before := rawCounts(t, db)
	big := bigCampaign(t, dir, 250_000)
	out, err := startIngestAndSignal(t, db, big, syscall.SIGKILL)
	if err == nil {
		t.Fatalf("le chargement s'est terminé avant d'être tué (%s) : fichier trop petit pour ce test", out)
	}
	after := rawCounts(t, db)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("la base a changé :\navant %v\naprès %v", before, after)
	}
	// The same file then loads completely.
	if _, stderr, code := runBin(t, "ingest", "--db", db, "--uai", "0870015U", big); code != 0 {
		t.Fatalf("rechargement après l'arrêt brutal : %s", stderr)
	}
	if got := rawCounts(t, db)["raw_pix_participations"]; got != 250_000 {
		t.Errorf("%d participations après rechargement, 250000 attendues", got)
	}
}

// Ctrl-C (SIGINT) stops cleanly: a French message, a non-zero exit, nothing
// half-written.
func TestInterruptDuringIngest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "base.duckdb")
	if _, stderr, code := runBin(t, "ingest", "--db", db, "--uai", "0870015U", fixturePix+"20260312_resultats_3E1.csv"); code != 0 {
		t.Fatalf("premier chargement : %s", stderr)
	}
	before := rawCounts(t, db)
	big := bigCampaign(t, dir, 250_000)
	out, err := startIngestAndSignal(t, db, big, syscall.SIGINT)
	if err == nil {
		t.Fatalf("le chargement s'est terminé malgré Ctrl-C : %s", out)
	}
	if !strings.Contains(out, "interrompu") {
		t.Errorf("message d'interruption attendu, reçu : %s", out)
	}
	if after := rawCounts(t, db); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("la base a changé :\navant %v\naprès %v", before, after)
	}
}

// Ctrl-C while one connection loads a batch and the other reads the next
// one (FILMNUM_TRACE=1 shows both cancelled) stops cleanly too, and a
// second run then loads what the first did not: the same rows as one
// uninterrupted run, none lost or doubled.
func TestInterruptWithTwoBatchesInFlight(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "exports")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	bigCampaign(t, data, 250_000)
	bigCertification(t, data, 100_000)
	whole := filepath.Join(dir, "entier.duckdb")
	if _, stderr, code := runBin(t, "ingest", "--db", whole, "--uai", "0870015U", data); code != 0 {
		t.Fatalf("chargement d'un trait : %s", stderr)
	}
	db := filepath.Join(dir, "base.duckdb")
	out, err := startIngestAndSignal(t, db, data, syscall.SIGINT)
	if err == nil {
		t.Fatalf("le chargement s'est terminé malgré Ctrl-C : %s", out)
	}
	if !strings.Contains(out, "interrompu") {
		t.Errorf("message d'interruption attendu, reçu : %s", out)
	}
	if _, stderr, code := runBin(t, "ingest", "--db", db, "--uai", "0870015U", data); code != 0 {
		t.Fatalf("reprise après Ctrl-C : %s", stderr)
	}
	want, got := rawCounts(t, whole), rawCounts(t, db)
	if fmt.Sprint(want) != fmt.Sprint(got) {
		t.Errorf("après interruption et reprise :\n%v\nd'un trait :\n%v", got, want)
	}
	// Every row of the two files, once.
	if got["raw_pix_participations"] != 250_000 || got["raw_pix_certifications"] != 100_000 {
		t.Errorf("%d participations et %d certifications, 250000 et 100000 attendues",
			got["raw_pix_participations"], got["raw_pix_certifications"])
	}
}

// A second filmnum on a database in use gets a clear French message.
func TestDatabaseInUse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "base.duckdb")
	db, err := duck.Open(context.Background(), path, duck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, stderr, code := runBin(t, "ingest", "--db", path, "--uai", "0870015U", fixturePix+"20260312_resultats_3E1.csv")
	if code != 1 || !strings.Contains(stderr, "la base "+path+" est déjà utilisée par un autre traitement") ||
		strings.Contains(stderr, "IO Error") {
		t.Errorf("code %d, message : %s", code, stderr)
	}
}

// A school the seeds do not know loads, but the summary says it will get no
// name, headcount nor comparison (a national database ingested without
// --seeds had 10 998 such schools, seen only as empty comparisons).
func TestIngestWarnsOfSchoolsAbsentFromSeeds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "f.duckdb")
	stdout, stderr, code := runBin(t, "ingest", "-q", "--db", db, "--uai", "0870015U", fixturePix+"20260312_resultats_3E1.csv")
	if code != 0 || strings.Contains(stdout, "absent(s) des référentiels") {
		t.Fatalf("école connue : code %d, sortie %s %s", code, stdout, stderr)
	}
	// 0010100D: a valid UAI of the Ain, absent from the embedded (Limoges) seeds.
	stdout, stderr, code = runBin(t, "ingest", "-q", "--db", db, "--uai", "0010100D", fixturePix+"20260320_resultats_TG2.csv")
	want := "Attention : 1 établissement(s) absent(s) des référentiels (0010100D) : chargés, mais sans nom, effectifs ni comparaison"
	if code != 0 || !strings.Contains(stdout, want) || !strings.Contains(stdout, "Essayez : filmnum ingest --seeds DOSSIER") {
		t.Fatalf("code %d, sortie :\n%s%s\nattendu : %s", code, stdout, stderr, want)
	}
}
