package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

// The bad-input corpus (testdata/corpus, see its README.md): every file has
// its expected outcome in <file>.expect. The corpus is run into one
// database after a known-good baseline, file by file in a fixed order, and
// then again as a whole in a single run; nothing already loaded may be lost
// or doubled, the counts of every loaded file must add up, and no English
// database message may reach the user.

const corpusDir = "testdata/corpus"

// expectation is the parsed content of one .expect file.
type expectation struct {
	status   Status
	messages []string // refused: fragments of the error; unchanged, skipped: of the notes
	line     int64    // refused: FileError.Line (0: not about a line)
	column   int      // refused: FileError.Column
	kind     string
	encoding string
	uai      string // "-": none
	year     string
	read     int64
	loaded   int64
	rejected int64
	rejects  []expectedReject
	notes    []string
	queries  []expectedQuery
	replaced []string // loaded: names of the older exports it replaces
	generate string
	// The fate when the whole corpus is ingested in one run, if it differs
	// (an older export read in the same batch as its newer one is ignored
	// instead of loaded then replaced).
	groupStatus   *Status
	groupMessages []string
	groupReplaced []string
	set           map[string]bool // keys present
}

type expectedReject struct {
	line   string // "-" for NULL
	column string // "-" for NULL
	motif  string // fragment
}

type expectedQuery struct{ sql, want string }

// corpusCase is one file of the corpus.
type corpusCase struct {
	rel    string // path relative to corpusDir, for messages
	path   string // path given to Run (a generated file lives in a temp dir)
	expect expectation
}

var statusWords = map[string]Status{"chargé": Loaded, "inchangé": Unchanged, "ignoré": Skipped, "refusé": Refused}

func statusWord(s Status) string {
	for w, v := range statusWords {
		if v == s {
			return w
		}
	}
	return "?"
}

func parseExpect(path string) (expectation, error) {
	e := expectation{set: map[string]bool{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return e, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return e, fmt.Errorf("%s:%d : « clé: valeur » attendu", path, n)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		e.set[key] = true
		num := func() int64 {
			v, perr := strconv.ParseInt(val, 10, 64)
			if perr != nil && err == nil {
				err = fmt.Errorf("%s:%d : nombre attendu pour %s", path, n, key)
			}
			return v
		}
		switch key {
		case "statut":
			s, ok := statusWords[val]
			if !ok {
				return e, fmt.Errorf("%s:%d : statut %q inconnu", path, n, val)
			}
			e.status = s
		case "message":
			e.messages = append(e.messages, val)
		case "ligne":
			e.line = num()
		case "colonne":
			e.column = int(num())
		case "type":
			e.kind = val
		case "encodage":
			e.encoding = val
		case "uai":
			e.uai = val
		case "annee":
			e.year = val
		case "lues":
			e.read = num()
		case "chargees":
			e.loaded = num()
		case "rejetees":
			e.rejected = num()
		case "rejet":
			parts := strings.SplitN(val, "|", 3)
			if len(parts) != 3 {
				return e, fmt.Errorf("%s:%d : rejet = « ligne | colonne | motif »", path, n)
			}
			e.rejects = append(e.rejects, expectedReject{strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])})
		case "note":
			e.notes = append(e.notes, val)
		case "requete":
			q, want, ok := strings.Cut(val, "=>")
			if !ok {
				return e, fmt.Errorf("%s:%d : requete = « SQL => valeur »", path, n)
			}
			e.queries = append(e.queries, expectedQuery{strings.TrimSpace(q), strings.TrimSpace(want)})
		case "remplace":
			e.replaced = append(e.replaced, val)
		case "statut-groupe":
			st, ok := statusWords[val]
			if !ok {
				return e, fmt.Errorf("%s:%d : statut %q inconnu", path, n, val)
			}
			e.groupStatus = &st
		case "message-groupe":
			e.groupMessages = append(e.groupMessages, val)
		case "remplace-groupe":
			e.groupReplaced = append(e.groupReplaced, val)
		case "genere":
			e.generate = val
		default:
			return e, fmt.Errorf("%s:%d : clé %q inconnue", path, n, key)
		}
	}
	if err != nil {
		return e, err
	}
	if !e.set["statut"] {
		return e, fmt.Errorf("%s : pas de statut", path)
	}
	if e.status == Loaded {
		for _, k := range []string{"type", "lues", "chargees", "rejetees", "uai", "annee"} {
			if !e.set[k] {
				return e, fmt.Errorf("%s : fichier chargé sans « %s »", path, k)
			}
		}
	}
	if e.status != Loaded && len(e.messages) == 0 {
		return e, fmt.Errorf("%s : statut %s sans message", path, statusWord(e.status))
	}
	return e, nil
}

// corpusGenerators write the files too big to commit, named by "genere:".
var corpusGenerators = map[string]func(path string) error{
	// An assessment export whose first row carries a 1 MiB external id
	// (something pasted into Pix's free id field): bigger than the part of
	// the file sniffed in Go, far below DuckDB's maximum line size.
	"champ-1-mo": func(path string) error {
		var b bytes.Buffer
		b.Write(bom)
		hdr := []string{"Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Parcours",
			"Nom du Participant", "Prénom du Participant", "Classe", "Identifiant élève", "% de progression",
			"Date et heure de début (Europe/Paris)", "Partage (O/N)", "Date et heure du partage (Europe/Paris)",
			"% maitrise de l'ensemble des acquis du profil"}
		b.WriteString(`"` + strings.Join(hdr, `";"`) + "\"\n")
		row := func(nom, id, prog, debut, partage, le, m string) {
			fmt.Fprintf(&b, `"Lycée Gay-Lussac";5305;"GL1MO";"Champ 1 Mo";"Parcours";"%s";"Léa";"2NDE1";"%s";%s;"%s";"%s";"%s";%s`+"\n",
				nom, id, prog, debut, partage, le, m)
		}
		row("Grandchamp", strings.Repeat("x", 1<<20), "1", "08/09/2025 10:15", "Oui", "09/09/2025 11:20", "0,67")
		row("Martin", "", "0,35", "15/09/2025 09:00", "Non", "NA", "NA")
		row("Petit", "1234", "1", "16/09/2025 10:00", "Oui", "16/09/2025 11:00", "0,4")
		return os.WriteFile(path, b.Bytes(), 0o644)
	},
}

// loadCorpus reads the .expect files and returns the cases, the baseline
// (folders named base-*) first, then the others in path order.
func loadCorpus(t *testing.T, dump bool) (base, cases []corpusCase) {
	t.Helper()
	genDir := t.TempDir()
	seen := map[string]bool{}
	add := func(data string, e expectation) error {
		rel, _ := filepath.Rel(corpusDir, data)
		c := corpusCase{rel: filepath.ToSlash(rel), path: data, expect: e}
		if seen[c.rel] {
			return nil
		}
		seen[c.rel] = true
		if e.generate != "" {
			gen := corpusGenerators[e.generate]
			if gen == nil {
				return fmt.Errorf("%s : générateur %q inconnu", data, e.generate)
			}
			c.path = filepath.Join(genDir, rel)
			if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
				return err
			}
			if err := gen(c.path); err != nil {
				return err
			}
		} else if _, err := os.Stat(data); err != nil {
			return fmt.Errorf("%s.expect : fichier de données absent", data)
		}
		if strings.HasPrefix(c.rel, "base-") {
			base = append(base, c)
		} else {
			cases = append(cases, c)
		}
		return nil
	}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "README.md" || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		if strings.HasSuffix(path, ".expect") {
			e, err := parseExpect(path)
			if err != nil {
				return err
			}
			return add(strings.TrimSuffix(path, ".expect"), e)
		}
		if _, err := os.Stat(path + ".expect"); err != nil {
			if !dump {
				return fmt.Errorf("%s : pas de fichier .expect à côté", path)
			}
			return add(path, expectation{})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	byRel := func(cs []corpusCase) { sort.Slice(cs, func(i, j int) bool { return cs[i].rel < cs[j].rel }) }
	byRel(base)
	byRel(cases)
	return base, cases
}

// englishLeak matches DuckDB's own wording, which must never reach a user.
var englishLeak = regexp.MustCompile(`(?i)\b(error|binder|conversion|invalid|parser|catalog|exception|could not|expected|found|line:|column:|unterminated|mismatch|failed)\b`)

// mainTable is where each kind's rows go (one row per data row).
var mainTable = map[string]string{
	"pix_campagne": "raw_pix_participations", "pix_profils": "raw_pix_profils",
	"pix_certif_classe": "raw_pix_certifications", "pix_certif_session": "raw_pix_certifications",
	"ent_stats": "raw_ent_stats", "gar_affectations": "raw_gar_affectations", "gar_usage": "raw_gar_usage",
	"educonnect": "raw_educonnect", "formations": "raw_formations", "pix_attestations_6e": "raw_pix_attestations_6e",
}

var rawTables = []string{"raw_identites", "raw_pix_participations", "raw_pix_maitrises", "raw_pix_profils",
	"raw_pix_profil_competences", "raw_pix_certifications", "raw_pix_certification_competences",
	"raw_pix_attestations_6e", "raw_ent_stats", "raw_gar_affectations", "raw_gar_usage", "raw_educonnect",
	"raw_formations", "raw_rejets"}

// snapshot returns every row of the raw tables as sorted text, the file id
// replaced by the file's name (so that two databases loaded in a different
// order compare). withPseudo keeps the pseudonym columns, which differ
// between databases (each has its own key); without them, identities are
// compared whole, without their file. where filters the files (alias f).
func snapshot(t *testing.T, db *duck.DB, withPseudo bool, where string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	cond := "true"
	if where != "" {
		cond = where
	}
	for _, tb := range rawTables {
		var cols []string
		for _, c := range queryAll(t, db, `SELECT column_name FROM information_schema.columns
			WHERE table_name = ? ORDER BY ordinal_position`, tb) {
			switch c[0] {
			case "fichier_id":
				continue
			case "eleve", "personne":
				if !withPseudo {
					continue
				}
			}
			cols = append(cols, "t."+c[0])
		}
		q := fmt.Sprintf(`SELECT f.nom || ' ' || row(%s)::VARCHAR AS r
			FROM %s t JOIN raw_fichiers f USING (fichier_id) WHERE %s ORDER BY r`, strings.Join(cols, ", "), tb, cond)
		if tb == "raw_identites" && !withPseudo {
			// Between databases, an identity is compared without the file
			// that first brought it (the first of a batch, or of a run).
			q = fmt.Sprintf("SELECT row(%s)::VARCHAR AS r FROM %s t ORDER BY r", strings.Join(cols, ", "), tb)
		}
		rows := queryAll(t, db, q)
		for _, r := range rows {
			out[tb] = append(out[tb], r[0])
		}
	}
	rows := queryAll(t, db, fmt.Sprintf(`SELECT row(f.nom, f.chemin, f.sha256, f.taille, f.type_export, f.libelle_type,
		f.encodage, f.uai, f.uai_source, f.annee_scolaire, f.cle_export, f.date_export, f.lignes_lues, f.lignes_chargees,
		f.lignes_rejetees, f.lignes_remplacees, r.nom, f.avertissements)::VARCHAR AS x
		FROM raw_fichiers f LEFT JOIN raw_fichiers r ON r.fichier_id = f.remplace_par WHERE %s ORDER BY x`, cond))
	for _, r := range rows {
		out["raw_fichiers"] = append(out["raw_fichiers"], r[0])
	}
	return out
}

func diffSnapshots(a, b map[string][]string) string {
	var out []string
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		// The rows of one side missing from the other (as multisets).
		left := map[string]int{}
		for _, r := range a[k] {
			left[r]++
		}
		var onlyB []string
		for _, r := range b[k] {
			if left[r] > 0 {
				left[r]--
			} else {
				onlyB = append(onlyB, r)
			}
		}
		var onlyA []string
		for _, r := range a[k] {
			if left[r] > 0 {
				left[r]--
				onlyA = append(onlyA, r)
			}
		}
		if len(onlyA)+len(onlyB) > 0 {
			out = append(out, fmt.Sprintf("%s : %d lignes avant, %d après\n  seulement avant : %s\n  seulement après : %s",
				k, len(a[k]), len(b[k]), shorten(strings.Join(onlyA, "\n    ")), shorten(strings.Join(onlyB, "\n    "))))
		}
	}
	return strings.Join(out, "\n")
}

func shorten(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// runCase ingests one file into db, alone.
func runCase(t *testing.T, db *duck.DB, c corpusCase) FileReport {
	t.Helper()
	sum := ingestFiles(t, db, Options{}, c.path)
	if len(sum.Files) != 1 {
		t.Fatalf("%s : %d comptes rendus pour un fichier", c.rel, len(sum.Files))
	}
	return sum.Files[0]
}

// checkReport compares a file's report and its rows in the database with
// its expectation, and checks that its counts add up.
func checkReport(t *testing.T, db *duck.DB, c corpusCase, r FileReport) {
	t.Helper()
	e := c.expect
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s : "+format, append([]any{c.rel}, args...)...)
	}
	if r.Status != e.status {
		errorf("statut %s, %s attendu (erreur : %v, notes : %v)", statusWord(r.Status), statusWord(e.status), r.Err, r.Notes)
		return
	}
	notes := strings.Join(r.Notes, " ; ")
	for _, n := range r.Notes {
		if englishLeak.MatchString(n) {
			errorf("note en anglais : %s", n)
		}
	}
	switch r.Status {
	case Refused:
		var fe *FileError
		if !errors.As(r.Err, &fe) {
			errorf("refus sans FileError : %v", r.Err)
			return
		}
		msg := fe.Error()
		if !strings.Contains(msg, c.path) {
			errorf("le message ne nomme pas le fichier : %s", msg)
		}
		if englishLeak.MatchString(fe.Msg) || englishLeak.MatchString(fe.Hint) {
			errorf("message en anglais : %s (essayez : %s)", fe.Msg, fe.Hint)
		}
		if fe.Hint == "" {
			errorf("refus sans « Essayez : » : %s", msg)
		}
		for _, m := range e.messages {
			if !strings.Contains(msg, m) {
				errorf("message sans %q : %s", m, msg)
			}
		}
		if fe.Line != e.line || fe.Column != e.column {
			errorf("ligne %d colonne %d, ligne %d colonne %d attendues : %s", fe.Line, fe.Column, e.line, e.column, msg)
		}
		if n := count(t, db, "SELECT count(*) FROM raw_fichiers WHERE chemin = ?", c.path); n != 0 {
			errorf("fichier refusé présent dans raw_fichiers")
		}
		return
	case Unchanged, Skipped:
		for _, m := range e.messages {
			if !strings.Contains(notes, m) {
				errorf("notes sans %q : %s", m, notes)
			}
		}
		if n := count(t, db, "SELECT count(*) FROM raw_fichiers WHERE chemin = ?", c.path); n != 0 {
			errorf("fichier %s présent dans raw_fichiers", statusWord(r.Status))
		}
		return
	}
	// Loaded.
	uai := r.UAI
	if uai == "" {
		uai = "-"
	}
	if r.Kind != e.kind || uai != e.uai || r.Year != e.year || r.Read != e.read || r.Loaded != e.loaded || r.Rejected != e.rejected {
		errorf("compte rendu %s uai %s année %s, %d lues %d chargées %d rejetées ; attendu %s uai %s année %s, %d/%d/%d",
			r.Kind, uai, r.Year, r.Read, r.Loaded, r.Rejected, e.kind, e.uai, e.year, e.read, e.loaded, e.rejected)
	}
	if e.encoding != "" && r.Encoding != e.encoding {
		errorf("encodage %s, %s attendu", r.Encoding, e.encoding)
	}
	for _, n := range e.notes {
		if !strings.Contains(notes, n) {
			errorf("notes sans %q : %s", n, notes)
		}
	}
	if got := strings.Join(r.Replaced, " ; "); got != strings.Join(e.replaced, " ; ") {
		errorf("remplace %q, %q attendu", got, strings.Join(e.replaced, " ; "))
	}
	// Provenance: the counts add up, and match the report.
	prov := query(t, db, `SELECT fichier_id, lignes_lues, lignes_chargees, lignes_rejetees, lignes_remplacees
		FROM raw_fichiers WHERE chemin = ?`, c.path)
	id := prov[0]
	lues, _ := strconv.ParseInt(prov[1], 10, 64)
	chargees, _ := strconv.ParseInt(prov[2], 10, 64)
	rejetees, _ := strconv.ParseInt(prov[3], 10, 64)
	remplacees, _ := strconv.ParseInt(prov[4], 10, 64)
	if lues != chargees+rejetees || lues != r.Read || chargees != r.Loaded || rejetees != r.Rejected {
		errorf("raw_fichiers : %d lues, %d chargées, %d rejetées ; compte rendu %d/%d/%d", lues, chargees, rejetees, r.Read, r.Loaded, r.Rejected)
	}
	// The rows are there: loaded minus those replaced since by a newer export.
	if tb := mainTable[r.Kind]; tb != "" {
		if n := count(t, db, "SELECT count(*) FROM "+tb+" WHERE fichier_id = ?", id); n != chargees-remplacees {
			errorf("%d lignes dans %s, %d chargées - %d remplacées attendues", n, tb, chargees, remplacees)
		}
	} else {
		errorf("type %s sans table connue du test", r.Kind)
	}
	// The rejects account for every rejected row: one or more rejects per
	// rejected line; rows of this file dropped because a newer export
	// already had them have one reject without line, "N lignes".
	withLine := count(t, db, "SELECT count(DISTINCT ligne) FROM raw_rejets WHERE fichier_id = ? AND ligne IS NOT NULL", id)
	noLine := queryAll(t, db, "SELECT valeur, motif FROM raw_rejets WHERE fichier_id = ? AND ligne IS NULL", id)
	var dropped int64
	for _, nl := range noLine {
		var n int64
		if _, err := fmt.Sscanf(nl[0], "%d lignes", &n); err != nil || !strings.Contains(nl[1], "export plus récent") {
			errorf("rejet sans ligne : %v", nl)
			continue
		}
		dropped += n
	}
	if withLine+dropped != rejetees {
		errorf("%d lignes distinctes dans raw_rejets (+ %d remplacées), %d rejetées dans raw_fichiers", withLine, dropped, rejetees)
	}
	got := queryAll(t, db, `SELECT coalesce(ligne::VARCHAR, '-'), coalesce(colonne, '-'), motif, coalesce(valeur, '-')
		FROM raw_rejets WHERE fichier_id = ? ORDER BY ligne, colonne`, id)
	for _, g := range got {
		if englishLeak.MatchString(g[2]) {
			errorf("motif en anglais : %v", g)
		}
	}
	if len(got) != len(e.rejects) {
		errorf("%d rejets, %d attendus :\n%s", len(got), len(e.rejects), rowsText(got))
	} else {
		for i, w := range e.rejects {
			g := got[i]
			if g[0] != w.line || g[1] != w.column || !strings.Contains(g[2], w.motif) {
				errorf("rejet %d : %v, attendu %v", i+1, g, w)
			}
		}
	}
	for _, q := range e.queries {
		rows := queryAll(t, db, strings.ReplaceAll(q.sql, "{id}", id))
		var lines []string
		for _, row := range rows {
			lines = append(lines, strings.Join(row, " | "))
		}
		if g := strings.Join(lines, " / "); g != q.want {
			errorf("%s\n  donne   %s\n  attendu %s", q.sql, g, q.want)
		}
	}
}

// dumpCase prints a file's outcome in the .expect format (FILMNUM_CORPUS_DUMP=1),
// to help write the expectation of a new case; read it before copying it.
func dumpCase(t *testing.T, db *duck.DB, c corpusCase, r FileReport) {
	var b strings.Builder
	fmt.Fprintf(&b, "==> %s\nstatut: %s\n", c.rel, statusWord(r.Status))
	if r.Err != nil {
		var fe *FileError
		if errors.As(r.Err, &fe) {
			fmt.Fprintf(&b, "message: %s\nligne: %d\ncolonne: %d\n# essayez: %s\n", fe.Msg, fe.Line, fe.Column, fe.Hint)
		} else {
			fmt.Fprintf(&b, "# erreur: %v\n", r.Err)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "# note: %s\n", n)
	}
	for _, n := range r.Replaced {
		fmt.Fprintf(&b, "remplace: %s\n", n)
	}
	if r.Status == Loaded {
		uai := r.UAI
		if uai == "" {
			uai = "-"
		}
		fmt.Fprintf(&b, "type: %s\nencodage: %s\nuai: %s\nannee: %s\nlues: %d\nchargees: %d\nrejetees: %d\n",
			r.Kind, r.Encoding, uai, r.Year, r.Read, r.Loaded, r.Rejected)
		for _, g := range queryAll(t, db, `SELECT coalesce(ligne::VARCHAR, '-'), coalesce(colonne, '-'), motif, coalesce(left(valeur, 80), '-')
			FROM raw_rejets WHERE fichier_id = ? ORDER BY ligne, colonne`, r.FileID) {
			fmt.Fprintf(&b, "rejet: %s | %s | %s   # valeur %s\n", g[0], g[1], g[2], g[3])
		}
	}
	fmt.Println(b.String())
}

func TestCorpus(t *testing.T) {
	dump := os.Getenv("FILMNUM_CORPUS_DUMP") != ""
	base, cases := loadCorpus(t, dump)
	if len(cases) < 40 {
		t.Errorf("%d cas dans le corpus, au moins 40 attendus", len(cases))
	}
	var basePaths, paths []string
	for _, c := range base {
		basePaths = append(basePaths, c.path)
	}
	for _, c := range cases {
		paths = append(paths, c.path)
	}
	// The two ways through the corpus run side by side, each in its own
	// database; the databases are compared at the end.
	db, db2 := testDB(t), testDB(t)
	var done1, done2 bool
	t.Run("ensemble", func(t *testing.T) {
		t.Run("fichier par fichier", func(t *testing.T) {
			t.Parallel()
			corpusFileByFile(t, db, base, cases, dump)
			done1 = true
		})
		if dump {
			return
		}
		t.Run("en une fois", func(t *testing.T) {
			t.Parallel()
			corpusOneRun(t, db2, basePaths, paths, cases)
			done2 = true
		})
	})
	if !done1 || !done2 || t.Failed() {
		return // one of them failed, or was left out by -run
	}
	// Both ways give the same rows.
	var differ []string // files whose fate differs in one run: left out of the comparison
	for _, c := range cases {
		if c.expect.groupStatus != nil {
			differ = append(differ, duck.QuoteString(filepath.Base(c.path)))
		}
	}
	same := ""
	if len(differ) > 0 {
		same = "f.nom NOT IN (" + strings.Join(differ, ", ") + ")"
	}
	if d := diffSnapshots(snapshot(t, db, false, same), snapshot(t, db2, false, same)); d != "" {
		t.Errorf("fichier par fichier et en une fois, les bases diffèrent :\n%s", d)
	}
}

// corpusFileByFile loads the baseline, then each file of the corpus alone,
// in path order, checking each outcome; then checks that the baseline is
// intact and that ingesting everything again changes nothing.
func corpusFileByFile(t *testing.T, db *duck.DB, base, cases []corpusCase, dump bool) {
	// The baseline, in one run: every file loads without a reject.
	var basePaths []string
	for _, c := range base {
		basePaths = append(basePaths, c.path)
	}
	sum := ingestFiles(t, db, Options{}, basePaths...)
	for i, r := range sum.Files {
		if dump {
			dumpCase(t, db, base[i], r)
			continue
		}
		checkReport(t, db, base[i], r)
	}
	if t.Failed() {
		t.FailNow()
	}
	before := snapshot(t, db, true, "")

	// The corpus, file by file, into the same database.
	for _, c := range cases {
		r := runCase(t, db, c)
		if dump {
			dumpCase(t, db, c, r)
			continue
		}
		checkReport(t, db, c, r)
	}
	if dump {
		return
	}

	// Nothing of the baseline lost or doubled (its files have the first ids).
	after := snapshot(t, db, true, "f.fichier_id <= "+strconv.Itoa(len(base)))
	if d := diffSnapshots(before, after); d != "" {
		t.Errorf("les données de référence ont changé :\n%s", d)
	}
	// No reject without its file, no English anywhere the user reads.
	if n := count(t, db, "SELECT count(*) FROM raw_rejets WHERE fichier_id NOT IN (SELECT fichier_id FROM raw_fichiers)"); n != 0 {
		t.Errorf("%d rejets sans fichier", n)
	}
	for _, row := range queryAll(t, db, "SELECT nom, coalesce(avertissements, '') FROM raw_fichiers") {
		if englishLeak.MatchString(row[1]) {
			t.Errorf("%s : avertissement en anglais : %s", row[0], row[1])
		}
	}
	whole := snapshot(t, db, true, "")

	// Idempotent: the baseline and the corpus again change nothing; what
	// was loaded is now unchanged, the rest keeps its fate.
	all := append(append([]corpusCase{}, base...), cases...)
	var allPaths []string
	for _, c := range all {
		allPaths = append(allPaths, c.path)
	}
	sum = ingestFiles(t, db, Options{}, allPaths...)
	if len(sum.Files) != len(all) {
		t.Fatalf("deuxième passage : %d comptes rendus pour %d fichiers", len(sum.Files), len(all))
	}
	byPath := map[string]FileReport{}
	for _, r := range sum.Files {
		byPath[r.Path] = r
	}
	for _, c := range all {
		r := byPath[c.path]
		want := c.expect.status
		if want == Loaded {
			want = Unchanged
		}
		if r.Status != want {
			t.Errorf("%s : deuxième passage %s, %s attendu (%v %v)", c.rel, statusWord(r.Status), statusWord(want), r.Err, r.Notes)
		}
	}
	if d := diffSnapshots(whole, snapshot(t, db, true, "")); d != "" {
		t.Errorf("le deuxième passage a changé la base :\n%s", d)
	}
}

// corpusOneRun loads the baseline, then the whole corpus in a single run
// (files of one layout read together): the same fates, except where an
// expectation says otherwise (statut-groupe).
func corpusOneRun(t *testing.T, db *duck.DB, basePaths, paths []string, cases []corpusCase) {
	ingestFiles(t, db, Options{}, basePaths...)
	sum := ingestFiles(t, db, Options{}, paths...)
	byPath := map[string]FileReport{}
	for _, r := range sum.Files {
		byPath[r.Path] = r
	}
	for _, c := range cases {
		r, ok := byPath[c.path]
		if !ok {
			t.Errorf("%s : absent du compte rendu", c.rel)
			continue
		}
		if c.expect.groupStatus != nil {
			c.expect.status, c.expect.messages, c.expect.replaced = *c.expect.groupStatus, c.expect.groupMessages, c.expect.groupReplaced
		}
		checkReport(t, db, c, r)
	}
}
