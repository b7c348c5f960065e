package sampledata

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"filmnum/internal/samplegen"
)

var update = flag.Bool("update", false, "regenerate academie.zip from the generator")

// The committed sample is exactly what the generator writes with seed 1,
// and its manifest's totals match the files.
func TestSampleIsTheGeneratorsOutput(t *testing.T) {
	dir := t.TempDir()
	if _, err := samplegen.Generate(context.Background(), samplegen.Options{Scale: samplegen.ScaleAcademy, Seed: 1, Years: 2, Out: dir}); err != nil {
		t.Fatal(err)
	}
	if *update {
		writeZip(t, dir, "academie.zip")
	}
	committed := FS()
	fresh := os.DirFS(dir)
	files := 0
	err := fs.WalkDir(fresh, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, _ := fs.ReadFile(fresh, path)
		got, err := fs.ReadFile(committed, path)
		if err != nil {
			t.Errorf("%s : absent de %s (go test ./sample-data -update pour le régénérer)", path, Name)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s : différent de la sortie du générateur", path)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Manifest totals = what is in the archive.
	var m struct {
		Fichiers []struct {
			Chemin string `json:"chemin"`
			Octets int64  `json:"octets"`
		} `json:"fichiers"`
	}
	b, err := fs.ReadFile(committed, "manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Fichiers) != files-1 {
		t.Errorf("le manifeste liste %d fichiers, l'archive en a %d (hors manifeste)", len(m.Fichiers), files-1)
	}
	for _, f := range m.Fichiers {
		st, err := fs.Stat(committed, f.Chemin)
		if err != nil {
			t.Errorf("%s : listé par le manifeste, absent", f.Chemin)
			continue
		}
		if st.Size() != f.Octets {
			t.Errorf("%s : %d octets, le manifeste en annonce %d", f.Chemin, st.Size(), f.Octets)
		}
	}
}

// writeZip archives dir deterministically: sorted names, fixed times.
func writeZip(t *testing.T, dir, out string) {
	var names []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, f)
		f.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
