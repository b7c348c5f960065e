package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// concatCorpus writes six exports of Pix campaigns (one layout, one read)
// with what could go wrong when they are concatenated: BOM and CRLF, blank
// lines, a line break inside quotes, unreadable values and short or long
// lines, a header pasted in the middle, no line end at the end, a quote
// left open at the end, a file that is only its header.
func concatCorpus(t *testing.T) (dir string, names []string) {
	t.Helper()
	src, err := os.ReadFile(campagne)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.TrimPrefix(src, bom)
	lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")
	header, good := lines[0], lines[1:]
	dir = filepath.Join(t.TempDir(), "0870015U")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	na := strings.Repeat(`;"NA"`, 15)
	write := func(id, content string) {
		name := "Resultats-Rentree 3e-" + id + "-2025-10-06-1432.csv"
		content = strings.ReplaceAll(content, ";5231;", ";"+id+";")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	pre := `"Collège Jean Moulin";5231;"ABCD1234";"Rentrée 3e";"Parcours rentrée 3e";`
	// 1: BOM, CRLF, a blank line, a date that does not exist (line 4).
	write("5301", string(bom)+strings.Join([]string{header, good[0], "",
		pre + `"Date";"Fausse";"3E1";"";0,5;"31/02/2026 10:00";"Non"` + na, good[1]}, "\r\n")+"\r\n")
	// 2: a first name over two lines, then a progression of 140 % (a check),
	// a truncated line, a line with one column too many.
	write("5302", strings.Join([]string{header,
		pre + `"Deux";"Jean` + "\n" + `Pierre";"3E1";"";0,5;"10/09/2025 10:00";"Non"` + na,
		pre + `"Trop";"Loin";"3E1";"";1,4;"10/09/2025 10:00";"Non"` + na,
		pre + `"Coupé";"Court";"3E1"`,
		pre + `"Long";"Ligne";"3E1";"";0,5;"10/09/2025 10:00";"Non"` + na + `;"x"`,
		good[2]}, "\n")+"\n")
	// 3: the header again in the middle; no line end at the end.
	write("5303", strings.Join([]string{header, good[0], header, good[2]}, "\n"))
	// 4: a quote left open on the last line (a cut download).
	write("5304", strings.Join([]string{header, good[1], pre + `"Ouvert";"Jamais`}, "\n")+"\n")
	// 5: only the header.
	write("5305", header+"\n")
	// 6: good rows.
	write("5306", strings.Join(append([]string{header}, good...), "\n")+"\n")
	// 7: a quote inside an unquoted value, on two lines: cut where the
	// quotes pair up, the lines between would lose their file's index.
	// Between them, a progression of 140 % (a check, found on line 3 only
	// if the quotes are read as DuckDB reads them).
	write("5307", strings.Join([]string{header,
		pre + `"Gui";Mets"Guillemet;"3E1";"";0,5;"10/09/2025 10:00";"Non"` + na,
		pre + `"Entre";"Deux";"3E1";"";1,4;"10/09/2025 10:00";"Non"` + na,
		pre + `"Gui";Encore"Un;"3E1";"";0,5;"10/09/2025 10:00";"Non"` + na}, "\n")+"\n")
	return dir, names
}

// The concatenated read loads and rejects exactly what reading each file
// on its own does, with the same files, lines, columns and messages.
func TestConcatenatedReadSameAsFileByFile(t *testing.T) {
	dir, _ := concatCorpus(t)
	type result struct {
		reports [][]string
		tables  map[string][][]string
	}
	run := func(concat bool) result {
		concatReads = concat
		defer func() { concatReads = true }()
		db := testDB(t)
		sum := ingestFiles(t, db, Options{}, dir)
		var res result
		for _, r := range sum.Files {
			res.reports = append(res.reports, []string{filepath.Base(r.Path), fmt.Sprint(r.Status), r.Kind,
				fmt.Sprint(r.Read, r.Loaded, r.Rejected), strings.Join(r.Notes, " / "), fmt.Sprint(r.Err)})
		}
		res.tables = map[string][][]string{
			"rejets": queryAll(t, db, `SELECT f.nom, r.ligne, coalesce(r.colonne, 'NULL'), coalesce(r.valeur, 'NULL'), r.motif
				FROM raw_rejets r JOIN raw_fichiers f ON f.fichier_id = r.fichier_id ORDER BY ALL`),
			"participations": queryAll(t, db, `SELECT f.nom, p.* EXCLUDE (fichier_id, eleve)
				FROM raw_pix_participations p JOIN raw_fichiers f ON f.fichier_id = p.fichier_id ORDER BY ALL`),
			"maitrises": queryAll(t, db, `SELECT f.nom, m.* EXCLUDE (fichier_id)
				FROM raw_pix_maitrises m JOIN raw_fichiers f ON f.fichier_id = m.fichier_id ORDER BY ALL`),
			"fichiers": queryAll(t, db, `SELECT nom, lignes_lues, lignes_chargees, lignes_rejetees FROM raw_fichiers ORDER BY nom`),
		}
		return res
	}
	alone, together := run(false), run(true)
	if !reflect.DeepEqual(alone.reports, together.reports) {
		t.Errorf("comptes rendus :\nfichier par fichier\n%s\nconcaténés\n%s", rowsText(alone.reports), rowsText(together.reports))
	}
	for name, want := range alone.tables {
		if got := together.tables[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s :\nfichier par fichier\n%s\nconcaténés\n%s", name, rowsText(want), rowsText(got))
		}
	}
	// And what that is, by hand: lines as a text editor numbers them in
	// files 1 (BOM, CRLF, blank line 3) and 3; in file 2 DuckDB counts
	// the quoted line break as no line, so the progression is line 3.
	var rej []string
	for _, r := range together.tables["rejets"] {
		rej = append(rej, strings.Join([]string{r[0][21:25], r[1], r[4]}, " "))
	}
	wantRej := []string{
		"5301 4 valeur illisible : date et heure (JJ/MM/AAAA hh:mm) attendu(e)",
		"5302 3 fraction hors de 0..1 (Pix écrit 0,67 pour 67 %)",
		"5302 4 ligne incomplète : 27 colonnes attendues, 8 trouvées (ligne tronquée ?)",
		"5302 5 trop de colonnes : 27 attendues, 28 trouvées (un séparateur hors guillemets ?)",
		"5303 3 " + repeatedHeaderMotif,
		"5304 3 guillemet ouvert jamais refermé (fichier tronqué ?)",
		"5307 3 fraction hors de 0..1 (Pix écrit 0,67 pour 67 %)",
	}
	if !reflect.DeepEqual(rej, wantRej) {
		t.Errorf("rejets :\n%s\nattendu :\n%s", strings.Join(rej, "\n"), strings.Join(wantRej, "\n"))
	}
}

// writeConcat leaves to a read of their own the files it cannot cut
// safely, and places the others by DuckDB's line numbers.
func TestWriteConcat(t *testing.T) {
	dir, names := concatCorpus(t)
	var files []*pending
	for _, n := range names {
		files = append(files, &pending{path: filepath.Join(dir, n), readPath: filepath.Join(dir, n)})
	}
	c, err := writeConcat(t.TempDir(), files, 10, ';')
	if err != nil {
		t.Fatal(err)
	}
	// Files 4 and 7 (indexes 14 and 17: off is 10).
	if !reflect.DeepEqual(c.solo, []int{14, 17}) {
		t.Fatalf("lus seuls : %v", c.solo)
	}
	// File 1 (index 11): 4 lines after its header, blank one included;
	// file 2: 5 (the quoted break is not one); file 3: 3; file 5: none,
	// so no part; file 6: 4.
	want := []concatPart{{11, 2}, {12, 6}, {13, 11}, {16, 14}}
	if !reflect.DeepEqual(c.parts, want) {
		t.Errorf("parties : %v, attendu %v", c.parts, want)
	}
	b, err := os.ReadFile(c.path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if !strings.HasPrefix(text, `_fi;"Nom de l'organisation";`) || strings.Contains(text, "\r") || strings.Contains(text, string(bom)) {
		t.Errorf("début : %q", text[:60])
	}
	if !strings.Contains(text, "\n12;"+`"Collège Jean Moulin";5302;"ABCD1234";"Rentrée 3e";"Parcours rentrée 3e";"Deux";"Jean`+"\n"+`Pierre"`) {
		t.Error("le prénom sur deux lignes n'est pas recopié tel quel")
	}
	if n := strings.Count(text, "\n13;"); n != 3 {
		t.Errorf("fichier 3 : %d lignes préfixées, 3 attendues (dont l'en-tête répété)", n)
	}
}

// A read that fails stops the concatenations written ahead: the one
// already written for the next read is removed, not left in the folder.
func TestConcatAheadStopRemovesUnread(t *testing.T) {
	dir, names := concatCorpus(t)
	var files []*pending
	for _, n := range names {
		p := filepath.Join(dir, n)
		files = append(files, &pending{path: p, readPath: p, s: &sniffed{Delim: ';'}})
	}
	tmp := t.TempDir()
	ld := &loader{run: &run{tempDir: tmp}}
	concats, stop := ld.concatAhead([]readRun{{files[:3], 0}, {files[3:], 3}, {files[:2], 0}})
	first := <-concats
	if first.err != nil || first.c == nil || len(first.c.files) != 3 {
		t.Fatalf("première concaténation : %+v", first)
	}
	pattern := filepath.Join(tmp, "filmnum-concat-*")
	for deadline := time.Now().Add(5 * time.Second); ; {
		if left, _ := filepath.Glob(pattern); len(left) == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	if left, _ := filepath.Glob(pattern); !reflect.DeepEqual(left, []string{first.c.path}) {
		t.Errorf("fichiers restants : %v, attendu seulement %s", left, first.c.path)
	}
}

// Where a record ends, as DuckDB's reader decides it (quote = escape = '"').
func TestPrefixRecords(t *testing.T) {
	for _, c := range []struct {
		body, want string
		lines      int64
		good       bool
	}{
		{"a;b\r\nc;d", "7;a;b\n7;c;d\n", 2, true},
		{"\"x\"\"y\";\"l1\nl2\"\n\nz;w\n", "7;\"x\"\"y\";\"l1\nl2\"\n\n7;z;w\n", 3, true},
		{"a;\"\"\n", "7;a;\"\"\n", 1, true},
		{"a;b\"c;d\n", "", 0, false},   // a quote inside an unquoted value
		{"a; \"b\";c\n", "", 0, false}, // a quote after a space
		{"a;\"b\"c;d\n", "", 0, false}, // a closing quote followed by a letter
		{"a;\"b\n", "", 0, false},      // a quote left open
		{"a;b\rc;d\n", "", 0, false},   // a lone CR
	} {
		out, lines, good := prefixRecords(nil, []byte(c.body), []byte("7"), ';')
		if good != c.good || (good && (string(out) != c.want || lines != c.lines)) {
			t.Errorf("%q : %q, %d lignes, %v ; attendu %q, %d, %v", c.body, out, lines, good, c.want, c.lines, c.good)
		}
	}
}

// recordLines numbers records as DuckDB does: a quote opens a value only at
// the start of a field, and a line break inside quotes is no new line.
func TestRecordLines(t *testing.T) {
	for _, c := range []struct {
		body  string
		delim byte
		want  []int64
	}{
		{"h;h\r\na;b\r\n\r\nc;d", ';', []int64{2, 4}},                          // CRLF, a blank line, no final line end
		{"h;h\n\"x\"\"y\";\"l1\nl2\"\nz;w\n", ';', []int64{2, 3}},              // a doubled quote, a line break in quotes
		{"h;h\nMets\"Guillemet;1\na;2\nEncore\"Un;3\n", ';', []int64{2, 3, 4}}, // quotes inside unquoted values
		{"h,h\na,\"b;\"\"\nc\",d\ne,f\n", ',', []int64{2, 3}},                  // another delimiter
		{"h;h\n\"a\";b\"c\nd;e\n", ';', []int64{2, 3}},                         // a quoted field, then a plain quote
	} {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := recordLines(path, c.delim)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q : lignes %v, attendu %v", c.body, got, c.want)
		}
	}
}

// A file to recode is decoded in memory when concatenated: the bytes must be
// those of the UTF-8 copy a file read alone gets.
func TestRecodedSameAsTranscoded(t *testing.T) {
	dir := t.TempDir()
	// Windows-1252: ’ = 0x92, œ = 0x9C, € = 0x80, é = 0xE9; lone CR and CRLF ends.
	src := []byte("classe;nom\r3e A;C\x92est l\x9Cuvre \x80 \xe9t\xe9\r\n3e B;\"deux\rlignes\"\r")
	path := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ cp1252, fixEOL bool }{{true, true}, {true, false}, {false, true}} {
		tmp, err := transcode(path, dir, c.cp1252, c.fixEOL)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(tmp)
		if err != nil {
			t.Fatal(err)
		}
		if got := recoded(append([]byte(nil), src...), c.cp1252, c.fixEOL); !bytes.Equal(got, want) {
			t.Errorf("cp1252=%v fixEOL=%v : %q, attendu %q", c.cp1252, c.fixEOL, got, want)
		}
	}
	if got, want := string(recoded(src, true, true)), "classe;nom\n3e A;C’est lœuvre € été\n3e B;\"deux\nlignes\"\n"; got != want {
		t.Errorf("décodage : %q, attendu %q", got, want)
	}
}
