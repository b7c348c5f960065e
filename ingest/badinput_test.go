package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Line ends are counted across the reads of sniff (1 MiB each) and
// rewritten across the chunks of transcode: a CR LF pair cut in two by a
// read is one line end, not a lone CR and a lone LF.
func TestLineEndsAcrossReads(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, eol func(i int) string) string {
		var b bytes.Buffer
		b.WriteString("UAI;Classe;Élèves 6e;Attestations obtenues;Date\r\n")
		padded := false
		for i := 0; b.Len() < 3<<20; i++ {
			line := "0870615W;6A;28;21;15/03/2026"
			// Pad the line before the first read's end so that its CR is
			// the last byte of that read.
			if !padded && b.Len()+2*(len(line)+2) > 1<<20 {
				line += strings.Repeat(" ", 1<<20-1-b.Len()-len(line))
				padded = true
			}
			b.WriteString(line + eol(i))
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	crlf := write("crlf.csv", func(int) string { return "\r\n" })
	if data, _ := os.ReadFile(crlf); data[1<<20-1] != '\r' || data[1<<20] != '\n' {
		t.Fatal("la paire CR LF n'est pas à cheval sur deux lectures")
	}
	s, err := sniff(crlf)
	if err != nil || s.FixEOL {
		t.Errorf("CR LF partout : FixEOL %v, %v", s != nil && s.FixEOL, err)
	}
	mixed := write("mixte.csv", func(i int) string {
		if i%1000 == 999 {
			return "\n"
		}
		return "\r\n"
	})
	if s, err := sniff(mixed); err != nil || !s.FixEOL {
		t.Errorf("CR LF et LF : FixEOL attendu, %v", err)
	}
	// The copy has LF line ends only and as many lines.
	tmp, err := transcode(mixed, dir, false, true)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := os.ReadFile(mixed)
	out, _ := os.ReadFile(tmp)
	if bytes.IndexByte(out, '\r') >= 0 || bytes.Count(out, []byte{'\n'}) != bytes.Count(in, []byte{'\n'}) {
		t.Errorf("copie : %d CR, %d lignes pour %d", bytes.Count(out, []byte{'\r'}), bytes.Count(out, []byte{'\n'}), bytes.Count(in, []byte{'\n'}))
	}
	for _, c := range []struct {
		in     string
		prevCR bool
		out    string
		endsCR bool
	}{
		{"a\r\nb\rc\n", false, "a\nb\nc\n", false},
		{"\nb\r", true, "b\n", true},
		{"\n", true, "", false},
		{"a\r", false, "a\n", true},
	} {
		got, cr := normalizeEOL([]byte(c.in), c.prevCR)
		if string(got) != c.out || cr != c.endsCR {
			t.Errorf("normalizeEOL(%q, %v) = %q, %v ; attendu %q, %v", c.in, c.prevCR, got, cr, c.out, c.endsCR)
		}
	}
}

// A read DuckDB gives up on is refused in French: its English text is never
// shown (the messages below are DuckDB 1.5's).
func TestReadErrorInFrench(t *testing.T) {
	p := &pending{path: "export.csv", s: &sniffed{Encoding: EncUTF8}}
	for _, c := range []struct {
		duck, want string
		line       int64
	}{
		{"Invalid Input Error: CSV Error on Line: 2\nOriginal Line: 1;\"x\"\nValue with unterminated quote found.\n\nPossible fixes:\n* Disable the parser's strict mode",
			"export.csv, ligne 2 : fichier CSV illisible : guillemet ouvert jamais refermé", 2},
		{"Invalid Input Error: The CSV Parser state machine reached an invalid state.\nThis can happen when is not possible to parse your CSV File with the given options",
			"export.csv : fichier CSV illisible : guillemets, séparateurs ou fins de ligne que le lecteur CSV ne sait pas suivre", 0},
		{"Invalid Input Error: Invalid unicode (byte sequence mismatch) detected in CSV file",
			"export.csv : caractère invalide : le fichier n'est pas entièrement dans l'encodage UTF-8", 0},
	} {
		err := translateReadError([]*pending{p}, errors.New(c.duck))
		var fe *FileError
		if !errors.As(err, &fe) || fe.Error() != c.want || fe.Line != c.line || fe.Hint == "" {
			t.Errorf("%q\n  donne %v\n  attendu %s", c.duck, err, c.want)
		}
	}
}

// A file holding its header only is ignored, saying so, whatever its
// source (an ENT export used to be refused for want of a school, a Pix
// campaign loaded as zero rows).
func TestHeaderOnlyIgnored(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "0870015U")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ent := filepath.Join(dir, "export-stats-accounts.csv")
	hdr := "\uFEFF\"Établissement\";\"UAI\";\"Date\";\"Profil\";\"Connexions\";\"Visiteurs uniques\";\"Comptes chargés\";\"Comptes activés\"\n"
	src, err := os.ReadFile(campagne)
	if err != nil {
		t.Fatal(err)
	}
	pix := filepath.Join(dir, "Resultats-Vide-5999-2025-10-06-1432.csv")
	for path, data := range map[string][]byte{ent: []byte(hdr), pix: src[:bytes.IndexByte(src, '\n')+1]} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := testDB(t)
	sum := ingestFiles(t, db, Options{}, ent, pix)
	for _, r := range sum.Files {
		if r.Status != Skipped || !strings.Contains(strings.Join(r.Notes, " "), "le fichier ne contient que l'en-tête") {
			t.Errorf("%s : %+v", r.Path, r)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM raw_fichiers"); n != 0 {
		t.Errorf("%d fichiers enregistrés", n)
	}
}

// A file whose every row is rejected is loaded with its rejects, under the
// school its rows name (it used to be refused: « établissement (UAI)
// introuvable : le fichier ne dit pas de quel établissement il vient »).
func TestAllRowsRejectedKeepsTheirSchool(t *testing.T) {
	path := filepath.Join(t.TempDir(), "attestations.csv")
	data := "UAI;Classe;Élèves 6e;Attestations obtenues;Date\n0870615W;6A;28;75 %;22/03/2026\n0870615W;6B;27;30;22/03/2026\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, path))
	if r.Status != Loaded || r.UAI != "0870615W" || r.Read != 2 || r.Loaded != 0 || r.Rejected != 2 {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, "SELECT ligne, colonne, motif FROM raw_rejets ORDER BY ligne")
	want := [][]string{
		{"2", "Attestations obtenues", "« 75 % » est un pourcentage, un nombre entier est attendu"},
		{"3", "Attestations obtenues", "plus d'attestations que d'élèves de 6e"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejets :\n%s", rowsText(got))
	}
}

// Two exports pasted one after the other (copy /b, the second with its
// BOM): the second header is one reject saying so, for the sources whose
// columns are read as text too (it was four « valeur illisible » rejects
// of « UAI », « Mois »...).
func TestRepeatedHeaderInTextColumns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usage.csv")
	part := "UAI;Mois;Ressource;Profil;Utilisateurs\n0870015U;%s;Atlas;Élève;80\n"
	data := "\uFEFF" + fmt.Sprintf(part, "02/2026") + "\uFEFF" + fmt.Sprintf(part, "03/2026")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, path))
	if r.Read != 3 || r.Loaded != 2 || r.Rejected != 1 || !strings.Contains(strings.Join(r.Notes, " "), repeatedHeaderMotif+" (ligne 3)") {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, "SELECT ligne, coalesce(colonne, 'NULL'), motif FROM raw_rejets")
	if want := [][]string{{"3", "NULL", repeatedHeaderMotif}}; !reflect.DeepEqual(got, want) {
		t.Errorf("rejets :\n%s", rowsText(got))
	}
}

// Files of one layout are read together, and with one delimiter: an export
// re-saved with commas next to one with semicolons (the comma one used to
// be read with ';', every row rejected).
func TestSameLayoutOtherDelimiter(t *testing.T) {
	dir := t.TempDir()
	semi := filepath.Join(dir, "usage-a.csv")
	comma := filepath.Join(dir, "usage-b.csv")
	os.WriteFile(semi, []byte("UAI;Mois;Ressource;Profil;Utilisateurs\n0870015U;02/2026;Atlas;Élève;80\n"), 0o644)
	os.WriteFile(comma, []byte("UAI,Mois,Ressource,Profil,Utilisateurs\n0870015U,03/2026,Atlas,Élève,81\n"), 0o644)
	db := testDB(t)
	sum := ingestFiles(t, db, Options{}, semi, comma)
	for _, r := range sum.Files {
		if r.Status != Loaded || r.Loaded != 1 || r.Rejected != 0 {
			t.Errorf("%s : %+v", r.Path, r)
		}
	}
	if got := queryAll(t, db, "SELECT periode::VARCHAR, utilisateurs FROM raw_gar_usage ORDER BY 1"); !reflect.DeepEqual(got,
		[][]string{{"2026-02-01", "80"}, {"2026-03-01", "81"}}) {
		t.Errorf("%v", got)
	}
}

// Two exports whose every row is rejected have no campaign to compare: both
// are recorded with their rejects (the older one used to be ignored as « la
// même campagne () » as the other).
func TestAllRejectedFilesReplaceNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "0870015U")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(campagne)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	bad := strings.Replace(lines[1], "3;\"Oui\";0,67", "3;\"Oui\";1,67", 1) // maîtrise 167 %
	var paths []string
	for i, name := range []string{"Resultats-A-5231-2025-10-06-1432.csv", "Resultats-B-5232-2025-10-07-1432.csv"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(lines[0]+strings.Replace(bad, "5231", fmt.Sprint(5231+i), 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	db := testDB(t)
	sum := ingestFiles(t, db, Options{}, paths...)
	for _, r := range sum.Files {
		if r.Status != Loaded || r.Read != 1 || r.Rejected != 1 {
			t.Errorf("%s : %+v", r.Path, r)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM raw_rejets WHERE motif LIKE 'fraction hors de 0..1%'"); n != 2 {
		t.Errorf("%d rejets", n)
	}
}

// Files whose headers differ only in case or accents are not read as one
// batch: a batch's rejects and repeated-header check use its first file's
// header text (the second file's rejects used to name « uai », « MOIS »,
// and its pasted header went undetected).
func TestBatchSharesExactHeader(t *testing.T) {
	dir := t.TempDir()
	lower := filepath.Join(dir, "usage-a.csv")
	upper := filepath.Join(dir, "usage-b.csv")
	hdr := "UAI;Mois;Ressource;Profil;Utilisateurs\n"
	os.WriteFile(lower, []byte("uai;MOIS;ressource;PROFIL;utilisateurs\n0870015U;02/2026;Atlas;Élève;80\n"), 0o644)
	os.WriteFile(upper, []byte(hdr+"0870015U;03/2026;Atlas;Élève;81\n"+hdr+"0870015U;13/2026;Atlas;Élève;82\n"), 0o644)
	db := testDB(t)
	sum := ingestFiles(t, db, Options{}, lower, upper)
	if r := sum.Files[1]; r.Status != Loaded || r.Read != 3 || r.Loaded != 1 || r.Rejected != 2 {
		t.Fatalf("%+v", r)
	}
	got := queryAll(t, db, "SELECT ligne, coalesce(colonne, 'NULL'), motif FROM raw_rejets ORDER BY ligne")
	want := [][]string{
		{"3", "NULL", repeatedHeaderMotif},
		{"4", "Mois", "« 13/2026 » : mois 13 inexistant"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejets :\n%s", rowsText(got))
	}
}
