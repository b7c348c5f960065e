package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "réécrit les fichiers de référence (testdata/golden) au lieu de les comparer")

// TestDemoGolden runs the README's first command (`filmnum demo`) on the
// committed academy sample and compares its indicators with reviewed golden
// files, sqlc style: `go test ./cmd/filmnum -run DemoGolden -update` rewrites
// them, and the diff is read before commit.
//
//   - ecole-0870015U.csv: every value of one school (both years, every
//     period), as `indicateurs --uai` exports them: the principal's numbers;
//   - departement-23.csv: the yearly values of the schools of the Creuse;
//   - resume.csv: for every indicator and year over the whole academy, the
//     row count and the sums of numerators and denominators, so that a drift
//     anywhere in the 80 000 values shows without committing them all.
func TestDemoGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("démo complète : sans -short")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.duckdb")
	out := filepath.Join(dir, "rapports")
	var so, se bytes.Buffer
	ctx := context.Background()
	if code := run(ctx, &env{stdout: &so, stderr: &se}, []string{"demo", "--out", out, "--db", db, "--as-of", "2026-06-30"}); code != 0 {
		t.Fatalf("demo : code %d\n%s", code, se.String())
	}
	// The demo says what it wrote, and wrote it.
	for _, name := range []string{"rapport-etablissement-0870015U-2025-2026.html", "rapport-departement-19-2025-2026.html",
		"rapport-departement-23-2025-2026.html", "rapport-departement-87-2025-2026.html", "rapport-pix-2025-2026.html", "indicateurs.csv"} {
		p := filepath.Join(out, name)
		if !strings.Contains(so.String(), p) {
			t.Errorf("la démo ne cite pas %s :\n%s", p, so.String())
		}
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Errorf("%s absent ou vide (%v)", name, err)
		}
	}

	export := func(args ...string) []byte {
		t.Helper()
		var o, e bytes.Buffer
		all := append([]string{"indicateurs", "--db", db, "--format", "csv", "--out", "-"}, args...)
		if code := run(ctx, &env{stdout: &o, stderr: &e}, all); code != 0 {
			t.Fatalf("%v : code %d\n%s", all, code, e.String())
		}
		return o.Bytes()
	}
	var school, dept bytes.Buffer
	for i, year := range []string{"2024-2025", "2025-2026"} {
		school.Write(dropHeader(export("--annee", year, "--uai", "0870015U"), i > 0))
		dept.Write(dropHeader(keepYearly(export("--annee", year, "--departement", "23")), i > 0))
	}
	all, err := os.ReadFile(filepath.Join(out, "indicateurs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	summary, err := summarise(all)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "ecole-0870015U.csv", school.Bytes())
	golden(t, "departement-23.csv", dept.Bytes())
	golden(t, "resume.csv", summary)
}

// dropHeader removes the BOM and header line of every export but the first.
func dropHeader(b []byte, drop bool) []byte {
	if !drop {
		return b
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return nil
}

// keepYearly keeps the header and the rows whose periode is "annee".
func keepYearly(b []byte) []byte {
	var out bytes.Buffer
	for i, line := range bytes.SplitAfter(b, []byte("\n")) {
		f := bytes.Split(line, []byte(";"))
		if i == 0 || len(f) > 3 && string(f[3]) == "annee" {
			out.Write(line)
		}
	}
	return out.Bytes()
}

// summarise reads the tidy CSV (indicateur;uai;annee_scolaire;periode;
// dimension;numerateur;denominateur;valeur) and writes, per indicator and
// year, the rows, the schools, and the sums of numerators and denominators.
func summarise(csv []byte) ([]byte, error) {
	type acc struct {
		rows       int
		schools    map[string]bool
		num, denom float64
	}
	sums := map[[2]string]*acc{}
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(csv, []byte("\xef\xbb\xbf"))))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if got := sc.Text(); got != "indicateur;uai;annee_scolaire;periode;dimension;numerateur;denominateur;valeur" {
				return nil, fmt.Errorf("en-tête inattendu : %s", got)
			}
			continue
		}
		f := strings.Split(sc.Text(), ";")
		if len(f) != 8 {
			return nil, fmt.Errorf("ligne %d : %d champs", line, len(f))
		}
		k := [2]string{f[0], f[2]}
		a := sums[k]
		if a == nil {
			a = &acc{schools: map[string]bool{}}
			sums[k] = a
		}
		a.rows++
		a.schools[f[1]] = true
		for i, dst := range []*float64{&a.num, &a.denom} {
			if s := f[5+i]; s != "" {
				v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
				if err != nil {
					return nil, fmt.Errorf("ligne %d : %v", line, err)
				}
				*dst += v
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	keys := make([][2]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	var b bytes.Buffer
	b.WriteString("indicateur;annee_scolaire;lignes;etablissements;somme_numerateurs;somme_denominateurs\n")
	for _, k := range keys {
		a := sums[k]
		fmt.Fprintf(&b, "%s;%s;%d;%d;%s;%s\n", k[0], k[1], a.rows, len(a.schools),
			strconv.FormatFloat(a.num, 'f', 2, 64), strconv.FormatFloat(a.denom, 'f', 2, 64))
	}
	return b.Bytes(), nil
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/filmnum -run DemoGolden -update l'écrit)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	wantSet := map[string]bool{}
	for _, l := range wl {
		wantSet[l] = true
	}
	gotSet := map[string]bool{}
	for _, l := range gl {
		gotSet[l] = true
	}
	var diff []string
	for _, l := range wl {
		if !gotSet[l] && len(diff) < 20 {
			diff = append(diff, "- "+l)
		}
	}
	for _, l := range gl {
		if !wantSet[l] && len(diff) < 40 {
			diff = append(diff, "+ "+l)
		}
	}
	t.Errorf("%s diffère de la référence (%d lignes attendues, %d obtenues) :\n%s", path, len(wl), len(gl), strings.Join(diff, "\n"))
}
