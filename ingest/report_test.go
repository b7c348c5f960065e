package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filmnum/seeds"
)

// With a report function, Run hands it every file's report and keeps none
// (Summary.Files is for callers without one); the counts are the same.
func TestReportCallbackTakesTheReports(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(campagne)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"copie.csv": data, "vide.csv": nil, "notes.odt": []byte("x")} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	schools, err := seeds.ReadSchools(seeds.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{campagne, profils, dir}
	for _, withFunc := range []bool{true, false} {
		opt := Options{UAI: "0870015U", Now: fixedNow, Schools: schools, TempDir: t.TempDir()}
		var got []FileReport
		var report func(FileReport)
		if withFunc {
			report = func(r FileReport) { got = append(got, r) }
		}
		sum, err := Run(context.Background(), testDB(t), paths, opt, report)
		if err != nil {
			t.Fatal(err)
		}
		if withFunc {
			if sum.Files != nil {
				t.Errorf("Summary.Files : %d comptes rendus gardés malgré la fonction", len(sum.Files))
			}
		} else {
			got = sum.Files
		}
		// 5 files: the two exports loaded, the copy unchanged, the empty
		// file refused, the .odt skipped.
		if sum.Reported != 5 || len(got) != 5 || sum.Loaded != 2 || sum.Refused != 1 {
			t.Fatalf("fonction %v : %d signalés, %d reçus, %d chargés, %d refusés ; attendu 5, 5, 2, 1",
				withFunc, sum.Reported, len(got), sum.Loaded, sum.Refused)
		}
		byName := map[string]FileReport{}
		for _, r := range got {
			byName[filepath.Base(r.Path)] = r
		}
		// Reports made when first needed still say what was sniffed.
		if r := byName["copie.csv"]; r.Status != Unchanged || r.Kind != "pix_campagne" || r.Encoding != EncUTF8BOM {
			t.Errorf("copie.csv : %v %q %q, attendu inchangé, pix_campagne, %s", r.Status, r.Kind, r.Encoding, EncUTF8BOM)
		}
		if r := byName["vide.csv"]; r.Status != Refused || r.Err == nil || !strings.Contains(r.Err.Error(), "fichier vide") {
			t.Errorf("vide.csv : %v %v, attendu refusé (fichier vide)", r.Status, r.Err)
		}
		if r := byName["notes.odt"]; r.Status != Skipped {
			t.Errorf("notes.odt : %v, attendu ignoré", r.Status)
		}
	}
}
