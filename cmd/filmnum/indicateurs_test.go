package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filmnum/internal/duck"
	"filmnum/seeds"
)

// indicatorsDB builds a database with the raw schema, the real seeds and
// EduConnect snapshots of one lycée (0190001Y, Lycée Edmond Perrier), with
// class labels from the wild, one of them a planted formula.
func indicatorsDB(t *testing.T, labels []string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "f.duckdb")
	d, err := duck.Open(ctx, path, duck.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	schema, err := os.ReadFile("../../ingest/schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Exec(ctx, string(schema)); err != nil {
		t.Fatal(err)
	}
	if err := seeds.Load(ctx, d, seeds.Embedded()); err != nil {
		t.Fatal(err)
	}
	if err := d.Exec(ctx, `INSERT INTO raw_fichiers (fichier_id, nom, chemin, sha256, taille, type_export, libelle_type, encodage,
		uai, annee_scolaire, lignes_lues, lignes_chargees, lignes_rejetees, charge_le, duree_ms)
		VALUES (1, 'educ.csv', 'educ.csv', 'x', 1, 'educonnect', 'EduConnect', 'UTF-8', '0190001Y', '2025-2026', 1, 1, 0, now(), 1)`); err != nil {
		t.Fatal(err)
	}
	// 2NDE1: 36 of 49 pupils, 20 of 80 parents; =HYPERLINK: 3 of 4 pupils.
	rows := []struct {
		classe           string
		el, elA, re, reA int
	}{{"2NDE1", 49, 36, 80, 20}, {"=HYPERLINK(\"x\")", 4, 3, 8, 0}}
	for _, l := range labels {
		rows = append(rows, struct {
			classe           string
			el, elA, re, reA int
		}{l, 20, 10, 30, 15})
	}
	for i, r := range rows {
		if err := d.Exec(ctx, `INSERT INTO raw_educonnect VALUES (1, $1, '0190001Y', DATE '2025-11-15', '2025-2026', $2, $3, $4, $5, $6)`,
			i+1, r.classe, r.el, r.elA, r.re, r.reA); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func runIndicatorsCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"indicateurs"}, args...))
	return code, out.String(), errb.String()
}

func TestIndicateursCSVAndParquet(t *testing.T) {
	db := indicatorsDB(t, nil)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "ind.csv")
	code, _, errs := runIndicatorsCmd(t, "--db", db, "--format", "csv", "--out", csvPath, "--uai", "0190001y")
	if code != 0 {
		t.Fatalf("code %d : %s", code, errs)
	}
	if !strings.Contains(errs, "Indicateurs calculés en") || !strings.Contains(errs, csvPath+" écrit") {
		t.Errorf("stderr : %s", errs)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, "\uFEFFindicateur;uai;annee_scolaire;periode;dimension;numerateur;denominateur;valeur\n") {
		t.Errorf("en-tête CSV : %q", s[:min(len(s), 120)])
	}
	for _, want := range []string{
		// 36 ÷ 49 with a decimal comma, rounded to 12 significant digits.
		"educonnect_eleves;0190001Y;2025-2026;2025-11-15;2NDE1;36;49;0,734693877551\n",
		// School: (36 + 3) ÷ (49 + 4); parents (20 + 0) ÷ (80 + 8).
		"educonnect_eleves;0190001Y;2025-2026;annee;;39;53;0,735849056604\n",
		"educonnect_responsables;0190001Y;2025-2026;annee;;20;88;0,227272727273\n",
		// A class label that looks like a formula is neutralised (and quoted: it holds ").
		"educonnect_eleves;0190001Y;2025-2026;annee;\"'=HYPERLINK(\"\"x\"\")\";3;4;0,75\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("CSV sans %q :\n%s", want, s)
		}
	}

	pq := filepath.Join(dir, "ind.parquet")
	if code, _, errs := runIndicatorsCmd(t, "--db", db, "--format", "parquet", "--out", pq, "--departement", "019"); code != 0 {
		t.Fatalf("parquet : code %d : %s", code, errs)
	}
	d, err := duck.Open(context.Background(), filepath.Join(dir, "lecture.duckdb"), duck.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int64
	var v sql.NullFloat64
	if err := d.Conn.QueryRowContext(context.Background(), `SELECT count(*), max(valeur) FILTER (WHERE indicateur = 'educonnect_eleves'
		AND periode = 'annee' AND dimension = '') FROM read_parquet(`+duck.QuoteString(pq)+`)`).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	if n != int64(strings.Count(s, "\n")-1) || !v.Valid || v.Float64 != 39.0/53 {
		t.Errorf("parquet : %d lignes (CSV %d), valeur %v", n, strings.Count(s, "\n")-1, v)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Errorf("fichiers temporaires restés : %v", ents)
	}
}

func TestIndicateursTableAndErrors(t *testing.T) {
	db := indicatorsDB(t, nil)
	code, out, errs := runIndicatorsCmd(t, "--db", db)
	if code != 0 {
		t.Fatalf("code %d : %s", code, errs)
	}
	if !strings.Contains(out, "indicateur") || !strings.Contains(out, "0,7347") {
		t.Errorf("table :\n%s", out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--uai", "0190001Y", "--departement", "19"}, 2, "ne vont pas ensemble"},
		{[]string{"--annee", "2025-2027"}, 2, "année scolaire « 2025-2027 » invalide"},
		{[]string{"--annee", "2023-2024"}, 1, "années disponibles : 2025-2026"},
		{[]string{"--uai", "0190001A"}, 2, "lettre de contrôle"},
		{[]string{"--uai", "0870015U"}, 1, "aucun indicateur pour 0870015U en 2025-2026"},
		{[]string{"--format", "xlsx"}, 2, "format « xlsx » inconnu"},
		{[]string{"--seuil", "0"}, 2, "seuil 0 invalide"},
	} {
		code, _, errs := runIndicatorsCmd(t, append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) || !strings.Contains(errs, "Essayez : ") {
			t.Errorf("%v : code %d, stderr %q ; attendu %d et %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// The SQL mapping of class labels (stg_classes) agrees with seeds.LevelOf
// on labels as schools write them; unknown ones are reported, not guessed.
func TestClassLevelsMatchSeeds(t *testing.T) {
	labels := []string{"3 A", "3E1", "3EME B", "3ème b", "6E2", "4A", "402", "2NDE3", "1G2", "TG2", "TERM1", "1STMG1",
		"TSTI2D", "2BAC MELEC", "1CAP ECMS", "TBPRO MELEC", "T STMG 1", "3°2", "1ERE 3", "CAP ECMS", "ULIS", "201", "5\u00a0B"}
	db := indicatorsDB(t, labels)
	if code, _, errs := runIndicatorsCmd(t, "--db", db, "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv")); code != 0 {
		t.Fatalf("code %d : %s", code, errs)
	}
	ctx := context.Background()
	d, err := duck.Open(ctx, db, duck.Options{Threads: 1, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, l := range labels {
		var got sql.NullString
		if err := d.Conn.QueryRowContext(ctx, `SELECT niveau FROM stg_classes WHERE classe = $1`, l).Scan(&got); err != nil {
			t.Fatalf("%q : %v", l, err)
		}
		want, ok := seeds.LevelOf(l)
		if got.Valid != ok || got.String != want {
			t.Errorf("%q : SQL %v, Go %q (%v)", l, got, want, ok)
		}
		var reported int
		if err := d.Conn.QueryRowContext(ctx, `SELECT count(*) FROM stg_classes_non_reconnues WHERE classe = $1`, l).Scan(&reported); err != nil {
			t.Fatal(err)
		}
		if (reported > 0) == ok {
			t.Errorf("%q : signalé %d fois, niveau %q", l, reported, want)
		}
	}
}
