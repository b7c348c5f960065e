package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"filmnum/internal/duck"
	"filmnum/internal/samplegen"
	"filmnum/seeds"
)

// Every generated file is accepted by ingest; the only rows left out are the
// ones the manifest announces: planted bad rows (rejected, at their line and
// column), vendors' Total lines, and rows a newer file of the sample replaces.
func TestSampleIngestsAsTheManifestSays(t *testing.T) {
	if testing.Short() {
		t.Skip("génération puis ingestion : sans -short")
	}
	ctx := context.Background()
	all, err := seeds.ReadSchools(seeds.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var schools []seeds.School // a third of the académie keeps the test short
	for i, s := range all {
		if i%3 == 0 {
			schools = append(schools, s)
		}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "exports")
	dbPath := filepath.Join(dir, "s.duckdb")
	sum, err := samplegen.Generate(ctx, samplegen.Options{Seed: 5, Out: out, Schools: schools})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Planted == 0 {
		t.Fatal("no planted rows in the sample")
	}
	var so, se bytes.Buffer
	if code := run(ctx, &env{stdout: &so, stderr: &se}, []string{"ingest", "--db", dbPath, "--quiet", out}); code != 0 {
		t.Fatalf("ingest : code %d\n%s", code, se.String())
	}
	files, err := samplegen.ReadManifest(filepath.Join(out, samplegen.ManifestName))
	if err != nil {
		t.Fatal(err)
	}

	db, err := duck.Open(ctx, dbPath, duck.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type loaded struct {
		kind, enc, uai, src          string
		read, ok, rejected, replaced int64
	}
	got := map[string]loaded{} // by sha256
	rows, err := db.Conn.QueryContext(ctx, `SELECT sha256, type_export, encodage, coalesce(uai, ''), coalesce(uai_source, ''),
		lignes_lues, lignes_chargees, lignes_rejetees, lignes_remplacees FROM raw_fichiers`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var sha string
		var l loaded
		if err := rows.Scan(&sha, &l.kind, &l.enc, &l.uai, &l.src, &l.read, &l.ok, &l.rejected, &l.replaced); err != nil {
			t.Fatal(err)
		}
		got[sha] = l
	}
	rows.Close()
	rejects := map[string]bool{} // file name | line | column
	rows, err = db.Conn.QueryContext(ctx, `SELECT f.sha256, coalesce(r.ligne, 0), coalesce(r.colonne, '')
		FROM raw_rejets r JOIN raw_fichiers f USING (fichier_id)`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var sha, col string
		var line int64
		if err := rows.Scan(&sha, &line, &col); err != nil {
			t.Fatal(err)
		}
		rejects[sha+"|"+strconv.FormatInt(line, 10)+"|"+col] = true
	}
	rows.Close()

	for _, f := range files {
		l, ok := got[f.SHA256]
		if !ok {
			// Ingest may skip an older export whose every row a newer file of
			// the same run replaces.
			if f.Replaced != f.Rows || f.Replaced == 0 {
				t.Errorf("%s : absent de raw_fichiers", f.Path)
			}
			continue
		}
		if l.kind != f.Kind || l.enc != f.Encoding || l.uai != f.UAI || l.src != f.UAIFrom {
			t.Errorf("%s : chargé comme %s %s %s (%s), manifeste %s %s %s (%s)", f.Path, l.kind, l.enc, l.uai, l.src,
				f.Kind, f.Encoding, f.UAI, f.UAIFrom)
		}
		total := int64(0)
		if f.TotalLine {
			total = 1
		}
		if l.read != int64(f.Rows)+total {
			t.Errorf("%s : %d lignes lues, manifeste %d + %d (Total)", f.Path, l.read, f.Rows, total)
		}
		// Rows a newer file replaces are either counted as replaced or, when
		// both files came in the same run, left out as rejected.
		want := int64(len(f.Planted)) + total
		if l.replaced == 0 {
			want += int64(f.Replaced)
		}
		if l.rejected != want {
			t.Errorf("%s : %d lignes rejetées, attendu %d (%d piégées, %d Total, %d remplacées)", f.Path, l.rejected, want,
				len(f.Planted), total, f.Replaced)
		}
		for _, p := range f.Planted {
			if !rejects[f.SHA256+"|"+strconv.Itoa(p.Row+1)+"|"+p.Column] {
				t.Errorf("%s : la ligne piégée %d (%s, %s) n'est pas dans raw_rejets", f.Path, p.Row+1, p.Column, p.Reason)
			}
		}
	}
	if t.Failed() {
		t.Log(strings.TrimSpace(so.String()))
	}
}
