package ingest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

// benchRows is the size of the generated assessment export (FILMNUM_BENCH_ROWS
// overrides it, e.g. for a quick run).
func benchRows() int {
	if s := os.Getenv("FILMNUM_BENCH_ROWS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

// benchExport writes (once per size, kept in the temp folder between runs) a
// Pix assessment export in Pix's exact bytes: 8 competences and 3 areas of a
// target profile, 20 skill columns, 80 % of rows shared, the others "NA".
func benchExport(b *testing.B, rows int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "filmnum-bench")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, fmt.Sprintf("Resultats-Rentree-%d-2025-10-06-1432.csv", rows))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	comps := competences[:8]
	hdr := []string{"Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Parcours",
		"Nom du Participant", "Prénom du Participant", "Classe", "% de progression",
		"Date et heure de début (Europe/Paris)", "Partage (O/N)", "Date et heure du partage (Europe/Paris)",
		"Palier obtenu (/5)", "% maitrise de l'ensemble des acquis du profil"}
	for _, c := range comps {
		hdr = append(hdr, "% de maitrise des acquis de la compétence "+c[1],
			"Nombre d'acquis du profil cible dans la compétence "+c[1], "Acquis maitrisés dans la compétence "+c[1])
	}
	for _, a := range areas[:3] {
		hdr = append(hdr, "% de maitrise des acquis du domaine "+a[1],
			"Nombre d'acquis du profil cible du domaine "+a[1], "Acquis maitrisés du domaine "+a[1])
	}
	for i := 0; i < 20; i++ {
		hdr = append(hdr, fmt.Sprintf("@competence%d", i))
	}
	w.WriteString("\uFEFF")
	for i, h := range hdr {
		if i > 0 {
			w.WriteByte(';')
		}
		w.WriteString(`"` + strings.ReplaceAll(h, `"`, `""`) + `"`)
	}
	w.WriteByte('\n')
	rng := rand.New(rand.NewPCG(1, 2))
	frac := func(x float64) string { return strings.Replace(strconv.FormatFloat(x, 'f', 2, 64), ".", ",", 1) }
	classes := []string{"3E1", "3E2", "3E3", "3E4", "4A", "402"}
	na := strings.Repeat(`;"NA"`, len(hdr)-11)
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, `"Collège Jean Moulin";5231;"ABCD1234";"Rentrée 3e";"Parcours rentrée 3e";"Nom%d";"Prénom%d";"%s";`,
			i, i%997, classes[i%len(classes)])
		day, hour, min := 1+rng.IntN(28), 8+rng.IntN(9), rng.IntN(60)
		if rng.Float64() >= 0.8 {
			fmt.Fprintf(w, `%s;"%02d/09/2025 %02d:%02d";"Non"%s`+"\n", frac(rng.Float64()), day, hour, min, na)
			continue
		}
		fmt.Fprintf(w, `1;"%02d/09/2025 %02d:%02d";"Oui";"%02d/10/2025 10:00";%d;%s`, day, hour, min, 1+rng.IntN(28), rng.IntN(6), frac(rng.Float64()))
		for range len(comps) + 3 {
			n := 3 + rng.IntN(10)
			m := rng.IntN(n + 1)
			fmt.Fprintf(w, ";%s;%d;%d", frac(float64(m)/float64(n)), n, m)
		}
		for j := 0; j < 20; j++ {
			w.WriteString([]string{`;"OK"`, `;"KO"`, `;"Non testé"`}[rng.IntN(3)])
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkIngest compares, side by side in one run, `filmnum ingest` of a
// 1 M-row assessment export with DuckDB's read_csv of the same file with
// the same options into a table (the practical limit). Run:
//
//	go test -run XXX -bench Ingest -benchtime 1x -count 3 ./ingest
//
// Peak RSS per contender: build the test binary (go test -c) and run each
// sub-benchmark in its own process under /usr/bin/time -v
// (-test.bench 'Ingest/read_csv$', then 'Ingest/filmnum$').
func BenchmarkIngest(b *testing.B) {
	path := benchExport(b, benchRows())
	s, l := sniffRecognise(b, path)
	open := func(b *testing.B) *duck.DB {
		db, err := duck.Open(context.Background(), filepath.Join(b.TempDir(), "bench.duckdb"), duck.Options{PreserveOrder: true})
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	b.Run("read_csv", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := open(b)
			b.StartTimer()
			p := &pending{readPath: path, s: s, layout: l}
			if err := db.Exec(context.Background(), "CREATE TABLE t AS SELECT * FROM "+readCSV(l, []string{duck.QuoteString(p.readPath)}, p.s.Delim, false)); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	b.Run("filmnum", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := open(b)
			b.StartTimer()
			sum, err := Run(context.Background(), db, []string{path}, Options{UAI: "0870015U", TempDir: b.TempDir()}, nil)
			if err != nil || sum.Loaded != 1 || sum.Rows != int64(benchRows()) {
				b.Fatalf("%v %+v", err, sum)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
}
