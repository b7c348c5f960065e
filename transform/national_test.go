package transform

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"filmnum/internal/duck"
)

// TestNationalScale times the transform over a large database given by
// FILMNUM_NATIONAL_DB (skipped otherwise): 2 threads and the default memory
// limit, as CI's machine. Class rules and Pix levels are read from seeds/
// when the database lacks them. It prints each file's time and the peak
// resident memory of the process.
func TestNationalScale(t *testing.T) {
	path := os.Getenv("FILMNUM_NATIONAL_DB")
	if path == "" {
		t.Skip("FILMNUM_NATIONAL_DB non défini")
	}
	ctx := context.Background()
	db, err := duck.Open(ctx, path, duck.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for table, file := range map[string]string{"seed_niveaux_classes": "../seeds/niveaux_classes.csv", "seed_niveaux_pix": "../seeds/niveaux_pix.csv"} {
		if ok, _ := db.TableExists(ctx, table); !ok {
			if err := db.Exec(ctx, "CREATE TABLE "+table+" AS SELECT * FROM read_csv("+duck.QuoteString(file)+", delim = ';', header = true, comment = '#')"); err != nil {
				t.Fatal(err)
			}
		}
	}
	start := time.Now()
	last := time.Now()
	res, err := Run(ctx, db, Options{Progress: func(file string) {
		fmt.Fprintf(os.Stderr, "%6.1f s  %s\n", time.Since(last).Seconds(), file)
		last = time.Now()
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		t.Logf("%-40s %8.2f s", f.File, f.Duration.Seconds())
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	t.Logf("transform : %.1f s (processeur : %.1f s utilisateur, %.1f s système), %d valeurs, pic mémoire du processus %s",
		time.Since(start).Seconds(), tv(ru.Utime), tv(ru.Stime), res.Values, peakRSS())
}

// peakRSS reads VmHWM from /proc (Linux only).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "inconnu"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "inconnu"
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
