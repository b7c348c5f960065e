package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

// The rapport command over the report package's fixed test data.

func rapportDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rapport.duckdb")
	sqlText, err := os.ReadFile(filepath.Join("..", "..", "report", "testdata", "fixture.sql"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := duck.Open(ctx, path, duck.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Script(ctx, "fixture.sql", string(sqlText)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func runRapportCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"rapport"}, args...))
	return code, out.String(), errb.String()
}

func TestRapportWritesDefaultNames(t *testing.T) {
	db := rapportDB(t)
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		file string
		want string
	}{
		{[]string{"etablissement", "--uai", "0870001d"}, "rapport-etablissement-0870001D-2025-2026.html", "Collège Maupassant"},
		{[]string{"departement", "--departement", "087"}, "rapport-departement-87-2025-2026.html", "Haute-Vienne (87)"},
		{[]string{"pix"}, "rapport-pix-2025-2026.html", "Certification Pix"},
		{[]string{"pix", "--departement", "19"}, "rapport-pix-19-2025-2026.html", "Corrèze (19)"},
	} {
		args := append(c.args, "--db", db, "--as-of", "2026-06-10", "--inline-assets=false")
		code, out, errs := runRapportCmd(t, args...)
		if code != 0 || errs != "" {
			t.Fatalf("%v : code %d, stderr %q", c.args, code, errs)
		}
		if out != c.file+"\n" {
			t.Errorf("%v : sortie %q, attendu le chemin %q", c.args, out, c.file)
		}
		b, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) || !bytes.Contains(b, []byte(c.want)) {
			t.Errorf("%s : page inattendue (%d octets)", c.file, len(b))
		}
		if bytes.Contains(b, []byte("echarts.min.js\"></script>")) == false {
			t.Errorf("%s : --inline-assets=false ne référence pas echarts.min.js", c.file)
		}
		// Nothing left behind by the atomic write.
		if m, _ := filepath.Glob(".*.tmp"); len(m) > 0 {
			t.Errorf("fichiers temporaires restés : %v", m)
		}
	}
}

func TestRapportOutAndDeterminism(t *testing.T) {
	db := rapportDB(t)
	dir := t.TempDir()
	var pages [][]byte
	for i := 0; i < 2; i++ {
		out := filepath.Join(dir, "r"+string(rune('a'+i))+".html")
		code, stdout, errs := runRapportCmd(t, "etablissement", "--uai", "0870001D", "--db", db, "--out", out, "--as-of", "2026-06-10")
		if code != 0 || stdout != out+"\n" {
			t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, errs)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b)
	}
	if !bytes.Equal(pages[0], pages[1]) {
		t.Error("deux rapports des mêmes données à la même date diffèrent")
	}
	if !bytes.Contains(pages[0], []byte("10 juin 2026")) || bytes.Count(pages[0], []byte("<script>")) < 2 {
		t.Error("date du rapport ou ECharts inclus absents")
	}
}

func TestRapportErrors(t *testing.T) {
	db := rapportDB(t)
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args     []string
		code     int
		msg, try string
	}{
		{[]string{}, 2, "précisez le rapport", "filmnum rapport etablissement --uai"},
		{[]string{"classe"}, 2, "rapport inconnu « classe »", "filmnum rapport --help"},
		{[]string{"etablissement"}, 2, "demande l'UAI", ""},
		{[]string{"etablissement", "--uai", "0870001A"}, 2, "lettre de contrôle", ""},
		{[]string{"etablissement", "--uai", "0870099K"}, 1, "l'établissement 0870099K est inconnu de la base", ""},
		{[]string{"departement"}, 2, "demande le code du département", ""},
		{[]string{"departement", "--departement", "33"}, 1, "aucun établissement du département 33", ""},
		{[]string{"departement", "--departement", "87", "--nominatif"}, 2, "--nominatif n'existe que pour le rapport etablissement", ""},
		{[]string{"pix", "--uai", "0870001D"}, 2, "--uai ne s'applique qu'au rapport etablissement", ""},
		{[]string{"pix", "--annee", "2025"}, 2, "année scolaire « 2025 » invalide", ""},
		{[]string{"pix", "--as-of", "10/06/2026"}, 2, "--as-of « 10/06/2026 »", ""},
		{[]string{"pix", "--seuil", "0"}, 2, "--seuil 0", ""},
		{[]string{"pix", "--out", "nulle/part/r.html"}, 1, "le dossier nulle/part n'existe pas", ""},
	} {
		code, out, errs := runRapportCmd(t, append(c.args, "--db", db)...)
		if code != c.code || out != "" || !strings.HasPrefix(errs, "filmnum rapport : ") || !strings.Contains(errs, c.msg) || !strings.Contains(errs, "Essayez : "+c.try) {
			t.Errorf("%v : code %d, stdout %q, stderr %q ; attendu code %d et « %s »", c.args, code, out, errs, c.code, c.msg)
		}
	}
	code, _, errs := runRapportCmd(t, "pix", "--db", filepath.Join(t.TempDir(), "absente.duckdb"))
	if code != 1 || !strings.Contains(errs, "n'existe pas") {
		t.Errorf("base absente : code %d, %q", code, errs)
	}
	if m, _ := filepath.Glob("*.html"); len(m) > 0 {
		t.Errorf("fichiers écrits malgré l'erreur : %v", m)
	}
}

// An empty database still gives a report that says what is missing.
func TestRapportEmptyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vide.duckdb")
	db, err := duck.Open(context.Background(), path, duck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(t.TempDir(), "pix.html")
	code, _, errs := runRapportCmd(t, "pix", "--db", path, "--out", out, "--as-of", "2026-06-10")
	if code != 0 {
		t.Fatalf("code %d : %s", code, errs)
	}
	b, _ := os.ReadFile(out)
	if !bytes.Contains(b, []byte("Source manquante")) || !bytes.Contains(b, []byte("ind_valeurs absente")) {
		t.Error("le rapport d'une base vide ne dit pas quelles sources manquent")
	}
}

// The whole chain on the generated sample: sample → ingest → indicateurs →
// rapport. It catches a drift between what the transform writes and what
// the reports read (CONTRACT.md).
func TestRapportOverSample(t *testing.T) {
	if testing.Short() {
		t.Skip("chaîne complète : sans -short")
	}
	dir := t.TempDir()
	exports := filepath.Join(dir, "exports")
	db := filepath.Join(dir, "f.duckdb")
	var out, errb bytes.Buffer
	if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"sample", "--out", exports}); code != 0 {
		t.Fatalf("sample : code %d\n%s", code, errb.String())
	}
	// A dozen schools of 87 and a few of 19 keep the test short and still
	// give quartiles, a département and an academy.
	var folders []string
	n87, n19 := 0, 0
	entries, err := os.ReadDir(exports)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case !e.IsDir():
		case name == "0870761E" || strings.HasPrefix(name, "087") && n87 < 12:
			folders = append(folders, filepath.Join(exports, name))
			n87++
		case strings.HasPrefix(name, "019") && n19 < 4:
			folders = append(folders, filepath.Join(exports, name))
			n19++
		}
	}
	for _, args := range [][]string{
		append([]string{"ingest", "--db", db, "--quiet"}, folders...),
		{"indicateurs", "--db", db},
	} {
		out.Reset()
		errb.Reset()
		if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, args); code != 0 {
			t.Fatalf("%v : code %d\n%s", args[:1], code, errb.String())
		}
	}
	for _, c := range []struct {
		args    []string
		missing []string // sources that must not be reported missing
	}{
		{[]string{"etablissement", "--uai", "0870761E", "--nominatif"}, []string{"aucune donnée ind_certification", "aucune donnée ind_campagnes", "stg_certification_sessions", "stg_campagnes", "stg_eleves_a_accompagner", "seed_calendrier"}},
		{[]string{"departement", "--departement", "87"}, []string{"aucune donnée ind_certification", "Colonnes absentes"}},
		{[]string{"pix"}, []string{"aucun résultat de certification", "seed_calendrier", "stg_certification_sessions", "aucune répartition par niveau"}},
	} {
		page := filepath.Join(dir, c.args[0]+".html")
		code, _, errs := runRapportCmd(t, append(c.args, "--db", db, "--out", page, "--as-of", "2026-06-10")...)
		if code != 0 {
			t.Fatalf("%v : code %d\n%s", c.args, code, errs)
		}
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range c.missing {
			if bytes.Contains(b, []byte(m)) {
				t.Errorf("%s : « %s » signalé manquant sur les données d'exemple", c.args[0], m)
			}
		}
		if n := bytes.Count(b, []byte(`class="chart-option"`)); n == 0 {
			t.Errorf("%s : aucun graphique", c.args[0])
		}
	}
}
