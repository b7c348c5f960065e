package samplegen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"filmnum/seeds"
)

// The academy sample is generated once for the tests that only read it.
var (
	academyOnce sync.Once
	academyDir  string
	academySum  *Summary
	academyErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if academyDir != "" {
		os.RemoveAll(academyDir)
	}
	os.Exit(code)
}

func academy(t *testing.T) (string, *Summary) {
	t.Helper()
	academyOnce.Do(func() {
		academyDir, academyErr = os.MkdirTemp("", "samplegen-academie-")
		if academyErr == nil {
			academyDir = filepath.Join(academyDir, "out")
			academySum, academyErr = Generate(context.Background(), Options{Seed: 7, Out: academyDir})
		}
	})
	if academyErr != nil {
		t.Fatal(academyErr)
	}
	return academyDir, academySum
}

// treeHash hashes every file's path and bytes, in path order.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(filepath.ToSlash(rel)))
		h.Write([]byte{0})
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterminism(t *testing.T) {
	gen := func(o Options) string {
		o.Out = filepath.Join(t.TempDir(), "out")
		if _, err := Generate(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		return treeHash(t, o.Out)
	}
	// Same seed, one worker or four: the same bytes.
	a := gen(Options{Seed: 3, Workers: 1})
	b := gen(Options{Seed: 3, Workers: 4})
	if a != b {
		t.Fatalf("academy: same seed, different bytes (%s vs %s)", a, b)
	}
	if c := gen(Options{Seed: 4, Workers: 2}); c == a {
		t.Fatal("academy: another seed gave the same bytes")
	}
	n1 := gen(Options{Scale: ScaleNational, Seed: 3, Limit: 40, Workers: 1})
	n2 := gen(Options{Scale: ScaleNational, Seed: 3, Limit: 40, Workers: 3})
	if n1 != n2 {
		t.Fatal("national: same seed, different bytes")
	}
}

func TestOutMustBeEmpty(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.txt"), []byte("x"), 0o644)
	_, err := Generate(context.Background(), Options{Out: dir})
	if !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("want ErrNotEmpty, got %v", err)
	}
}

// decode returns a file's text as UTF-8, checking the encoding the manifest
// announces against the bytes.
func decode(t *testing.T, f FileInfo, data []byte) string {
	t.Helper()
	hasBOM := bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	switch f.Encoding {
	case EncUTF8BOM:
		if !hasBOM || !utf8.Valid(data) {
			t.Fatalf("%s: announced UTF-8 (BOM), BOM %v, valid %v", f.Path, hasBOM, utf8.Valid(data))
		}
		return string(data[3:])
	case EncUTF8:
		if hasBOM || !utf8.Valid(data) {
			t.Fatalf("%s: announced UTF-8 without BOM", f.Path)
		}
		return string(data)
	case EncCP1252:
		if hasBOM {
			t.Fatalf("%s: Windows-1252 with a BOM", f.Path)
		}
		if bytes.IndexFunc(data, func(r rune) bool { return r >= 0x80 }) >= 0 && utf8.Valid(data) {
			t.Fatalf("%s: announced Windows-1252 but reads as UTF-8", f.Path)
		}
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	t.Fatalf("%s: unknown encoding %q", f.Path, f.Encoding)
	return ""
}

func TestManifestMatchesDisk(t *testing.T) {
	dir, sum := academy(t)
	files, err := ReadManifest(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != sum.Files {
		t.Fatalf("manifest has %d files, summary %d", len(files), sum.Files)
	}
	var rows, byteSum int64
	planted := 0
	listed := map[string]bool{}
	for _, f := range files {
		listed[f.Path] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(data)) != f.Bytes {
			t.Errorf("%s: %d bytes on disk, manifest %d", f.Path, len(data), f.Bytes)
		}
		s := sha256.Sum256(data)
		if hex.EncodeToString(s[:]) != f.SHA256 {
			t.Errorf("%s: sha256 differs", f.Path)
		}
		recs := parse(t, f, decode(t, f, data))
		n := len(recs) - 1
		total := 0
		if n > 0 && recs[len(recs)-1][0] == "Total" {
			n--
			total = 1
		}
		blank := 0
		if bytes.HasSuffix(data, []byte("\n\n")) || bytes.HasSuffix(data, []byte("\r\n\r\n")) {
			blank = 1
		}
		if n != f.Rows || (total == 1) != f.TotalLine || blank != f.BlankLines {
			t.Errorf("%s: %d rows, %d Total, %d blank on disk, manifest %d %v %d", f.Path, n, total, blank, f.Rows, f.TotalLine, f.BlankLines)
		}
		rows += int64(f.Rows)
		byteSum += f.Bytes
		planted += len(f.Planted)
	}
	if rows != sum.Rows || byteSum != sum.Bytes || planted != sum.Planted {
		t.Errorf("manifest totals %d rows %d bytes %d planted, summary %d %d %d", rows, byteSum, planted, sum.Rows, sum.Bytes, sum.Planted)
	}
	// Every file on disk is in the manifest.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel != ManifestName && !listed[filepath.ToSlash(rel)] {
			t.Errorf("%s: on disk, not in the manifest", rel)
		}
		return nil
	})
	if sum.Planted < 3 {
		t.Errorf("only %d planted rows", sum.Planted)
	}
}

// parse reads a decoded file with encoding/csv: every record has the
// header's number of fields.
func parse(t *testing.T, f FileInfo, text string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", f.Path)
	}
	return recs
}

// required lists, per kind, the columns a header must have: each entry is
// the canonical label and its aliases (formats-pix.md, formats-other.md).
var required = map[string][][]string{
	KindPixCampaign: {{"Nom de l'organisation"}, {"ID Campagne"}, {"Nom de la campagne"}, {"Parcours", "Nom du Profil Cible"},
		{"Nom du Participant"}, {"Prénom du Participant"}, {"% de progression"},
		{"Date et heure de début (Europe/Paris)", "Date de début"}, {"Partage (O/N)"},
		{"Date et heure du partage (Europe/Paris)", "Date du partage"}, {"% maitrise de l'ensemble des acquis du profil"}},
	KindPixProfiles: {{"Nom de l'organisation"}, {"ID Campagne"}, {"Code"}, {"Nom de la campagne"}, {"Nom du Participant"},
		{"Prénom du Participant"}, {"Envoi (O/N)"}, {"Date et heure de l'envoi (Europe/Paris)", "Date de l'envoi"},
		{"Nombre de pix total"}, {"Certifiable (O/N)"}, {"Nombre de compétences certifiables"}},
	KindPixCertClass: {{"Numéro de certification"}, {"Prénom"}, {"Nom"}, {"Date de naissance"}, {"Lieu de naissance"},
		{"Identifiant Externe"}, {"Statut"}, {"Nombre de Pix", "Résultat", "Score en pix"}, {"1.1"}, {"5.2"},
		{"Commentaire jury pour l’organisation"}, {"Session"}, {"Date de passage de la certification"}},
	KindPixCertSession: {{"Numéro de certification"}, {"Prénom"}, {"Nom"}, {"Statut"}, {"Nombre de Pix", "Résultat", "Score en Pix"},
		{"1.1"}, {"5.2"}, {"Session"}, {"Centre de certification"}, {"Date de passage de la certification"}},
	KindPixAttestations: {{"UAI"}, {"Classe"}, {"Élèves 6e"}, {"Attestations obtenues"}, {"Date"}},
	KindENT: {{"UAI", "RNE", "Code établissement"}, {"Mois", "Date", "Période", "Month"},
		{"Profil", "Type d'utilisateur", "Population", "Profile"}, {"Comptes", "Comptes chargés", "Nombre de comptes", "Accounts"},
		{"Utilisateurs connectés", "Visiteurs uniques", "Utilisateurs uniques", "Unique visitors"}},
	KindGARAssignments: {{"UAI", "RNE"}, {"Ressource", "Nom de la ressource", "Titre"}, {"Identifiant ressource", "ARK", "Id ressource"},
		{"Exemplaires", "Licences", "Nombre d'exemplaires", "Quantité"},
		{"Affectés élèves", "Exemplaires attribués élèves", "Attributions élèves"},
		{"Affectés enseignants", "Exemplaires attribués enseignants", "Attributions enseignants"}},
	KindGARUsage: {{"UAI", "RNE"}, {"Mois", "Période"}, {"Ressource", "Nom de la ressource", "Titre"},
		{"Profil", "Population"}, {"Utilisateurs", "Utilisateurs distincts", "Visiteurs uniques"}},
	KindEduConnect: {{"Classe", "Division"}, {"Élèves", "Nombre d'élèves", "Effectif"}, {"Élèves activés", "Comptes élèves activés"},
		{"Responsables", "Nombre de responsables", "Représentants légaux"}, {"Responsables activés", "Comptes responsables activés"}},
	KindTraining: {{"Nom"}, {"Prénom"}, {"Fonction", "Corps", "Discipline", "Statut"}, {"Formation", "Intitulé", "Module", "Dispositif"},
		{"Date", "Date de la session"}, {"Durée", "Durée (h)", "Heures", "Nombre d'heures"}},
}

func hasColumn(header []string, aliases []string) int {
	for i, h := range header {
		for _, a := range aliases {
			if strings.EqualFold(strings.TrimSpace(h), a) {
				return i
			}
		}
	}
	return -1
}

// rawFields splits one line into its fields as written (quotes kept).
func rawFields(line string) []string {
	var out []string
	for len(line) > 0 || len(out) == 0 {
		if strings.HasPrefix(line, `"`) {
			i := 1
			for i < len(line) {
				if line[i] == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			out = append(out, line[:i+1])
			line = line[i+1:]
		} else {
			j := strings.IndexByte(line, ';')
			if j < 0 {
				out = append(out, line)
				line = ""
				break
			}
			out = append(out, line[:j])
			line = line[j:]
		}
		if !strings.HasPrefix(line, ";") {
			break
		}
		line = line[1:]
		if line == "" {
			out = append(out, "")
		}
	}
	return out
}

var (
	bareDigitsDash = regexp.MustCompile(`^[0-9-]+$`)
	bareDecimal    = regexp.MustCompile(`^[0-9]+(,[0-9]+)?$`)
	bareInt        = regexp.MustCompile(`^-?[0-9]+$`)
	edificeMonth   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-01T00:00$`)
)

func unquote(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`), true
	}
	return s, false
}

func TestHeadersAndFormatRules(t *testing.T) {
	dir, _ := academy(t)
	files, err := ReadManifest(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{} // awkward features met somewhere
	for _, f := range files {
		data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		text := decode(t, f, data)
		// Line ends and the final newline.
		if f.LineEnd == "LF" && strings.Contains(text, "\r") {
			t.Errorf("%s: CR in an LF file", f.Path)
		}
		if f.LineEnd == "CRLF" && strings.Count(text, "\n") != strings.Count(text, "\r\n") {
			t.Errorf("%s: bare LF in a CRLF file", f.Path)
		}
		if strings.HasSuffix(text, "\n") != f.FinalNewline {
			t.Errorf("%s: final newline %v, manifest %v", f.Path, strings.HasSuffix(text, "\n"), f.FinalNewline)
		}
		recs := parse(t, f, text)
		header := recs[0]
		for _, req := range required[f.Kind] {
			if hasColumn(header, req) < 0 {
				t.Errorf("%s (%s): no column among %q", f.Path, f.Kind, req)
			}
		}
		if (hasColumn(header, []string{"UAI", "RNE", "Code établissement"}) >= 0) != (f.UAIFrom == FromColumn) {
			t.Errorf("%s: UAI column presence disagrees with uai_par %s", f.Path, f.UAIFrom)
		}
		if f.UAIFrom == FromPath && !strings.HasPrefix(f.Path, f.UAI+"/") {
			t.Errorf("%s: resolved by path but the path has no UAI", f.Path)
		}
		if f.UAIFrom == FromOrg && (strings.Contains(f.Path, f.UAI) || !strings.HasPrefix(f.Path, NameOnlyDir+"/")) {
			t.Errorf("%s: resolved by name but the path tells the UAI", f.Path)
		}
		if f.UAIFrom == FromOrg {
			seen["org"] = true
		}
		lines := strings.Split(strings.TrimRight(text, "\r\n"), "\n")
		for i := range lines {
			lines[i] = strings.TrimSuffix(lines[i], "\r")
		}
		switch f.Kind {
		case KindPixCampaign, KindPixProfiles:
			if !strings.HasSuffix(text, "\n") {
				t.Errorf("%s: campaign export without final newline", f.Path)
			}
			checkCampaign(t, f, header, lines, seen)
		case KindPixCertClass, KindPixCertSession:
			checkCertification(t, f, lines, seen)
		case KindENT:
			if strings.HasSuffix(f.Path, "/export-stats-accounts.csv") {
				for _, l := range lines {
					for _, x := range rawFields(l) {
						if _, q := unquote(x); !q {
							t.Fatalf("%s: Edifice field %q not quoted", f.Path, x)
						}
					}
				}
				if d := recs[1][2]; !edificeMonth.MatchString(d) {
					t.Errorf("%s: Edifice date %q", f.Path, d)
				}
				seen["edifice"] = true
			}
			if strings.Contains(text, "\u00a0") || regexp.MustCompile(`;[0-9]{1,3} [0-9]{3}`).MatchString(text) {
				seen["thousands"] = true
			}
			if strings.Contains(text, "septembre 2025") {
				seen["frenchMonth"] = true
			}
			if f.TotalLine {
				seen["total"] = true
			}
		case KindTraining:
			for _, d := range []string{"h30", ":30", ",5"} {
				if strings.Contains(text, d) {
					seen["duration"+d] = true
				}
			}
		case KindGARAssignments:
			if strings.Contains(text, "Illimité") {
				seen["illimite"] = true
			}
		}
		if f.Encoding == EncCP1252 {
			seen["cp1252-"+f.Kind] = true
		}
		if f.BlankLines > 0 {
			seen["blank"] = true
		}
		if f.Replaced > 0 {
			seen["replaced-"+f.Kind] = true
		}
		// Planted rows hold what the manifest says.
		for _, p := range f.Planted {
			col := hasColumn(header, []string{p.Column})
			if p.Row < 1 || p.Row >= len(recs) || col < 0 || recs[p.Row][col] != p.Value {
				t.Errorf("%s: planted row %d (%s = %s) not found", f.Path, p.Row, p.Column, p.Value)
			}
		}
	}
	for _, k := range []string{"org", "edifice", "thousands", "frenchMonth", "total", "illimite", "duration:30", "durationh30", "duration,5",
		"blank", "replaced-" + KindENT, "replaced-" + KindPixCertClass, "cp1252-" + KindPixCampaign, "cp1252-" + KindTraining, "cp1252-" + KindENT, "cp1252-" + KindEduConnect,
		"old", "retry", "na", "bareClass", "emptyClass", "guard", "semicolon", "curly", "straight", "extid",
		"Validée", "Rejetée", "Non obtenue", "Annulée", "En erreur", "Démarrée", "clea", "layNombre", "layResultat", "layScore"} {
		if !seen[k] {
			t.Errorf("the sample has no %q case", k)
		}
	}
}

func checkCampaign(t *testing.T, f FileInfo, header []string, lines []string, seen map[string]bool) {
	t.Helper()
	share := hasColumn(header, []string{"Partage (O/N)", "Envoi (O/N)"})
	first := hasColumn(header, []string{"Prénom du Participant"})
	class := hasColumn(header, []string{"Classe"})
	if hasColumn(header, []string{"Nom du Profil Cible"}) >= 0 {
		seen["old"] = true
	}
	who := map[string]bool{}
	for i, l := range lines {
		fs := rawFields(l)
		if len(fs) != len(header) {
			t.Fatalf("%s line %d: %d fields, header %d", f.Path, i+1, len(fs), len(header))
		}
		for _, x := range fs {
			v, q := unquote(x)
			if !q {
				if i == 0 || !(bareDigitsDash.MatchString(x) || bareDecimal.MatchString(x)) {
					t.Fatalf("%s line %d: bare field %q", f.Path, i+1, x)
				}
				continue
			}
			if bareDigitsDash.MatchString(v) {
				t.Fatalf("%s line %d: %q should be bare", f.Path, i+1, x)
			}
			if v != "" && strings.ContainsRune("-@=+", rune(v[0])) {
				t.Fatalf("%s line %d: %q lacks the formula guard", f.Path, i+1, x)
			}
			if strings.HasPrefix(v, "'=") || strings.HasPrefix(v, "'@") {
				seen["guard"] = true
			}
			if strings.Contains(v, ";") {
				seen["semicolon"] = true
			}
			if strings.Contains(v, "’") && i > 0 {
				seen["curly"] = true
			}
			if strings.Contains(v, "'") && i > 0 && !strings.HasPrefix(v, "'") {
				seen["straight"] = true
			}
		}
		if i == 0 {
			continue
		}
		if class >= 0 && !strings.HasPrefix(fs[class], `"`) {
			seen["bareClass"] = true
		}
		if class >= 0 && fs[class] == `""` {
			seen["emptyClass"] = true
		}
		if len(header) > share+1 && hasColumn(header, []string{"Numéro d'élève", "Identifiant élève", "Identifiant ENT"}) >= 0 {
			seen["extid"] = true
		}
		if fs[share] == `"Non"` {
			for _, x := range fs[share+1:] {
				if x != `"NA"` {
					t.Fatalf("%s line %d: not shared but %q after the share column", f.Path, i+1, x)
				}
			}
			seen["na"] = true
		} else if fs[share] != `"Oui"` {
			t.Fatalf("%s line %d: share %q", f.Path, i+1, fs[share])
		}
		key := fs[first-1] + fs[first]
		if who[key] {
			seen["retry"] = true
		}
		who[key] = true
	}
}

func checkCertification(t *testing.T, f FileInfo, lines []string, seen map[string]bool) {
	t.Helper()
	header := rawFields(lines[0])
	for _, x := range header {
		if _, q := unquote(x); !q {
			t.Fatalf("%s: header field %s not quoted", f.Path, x)
		}
	}
	status := -1
	for i, x := range header {
		switch x {
		case `"Statut"`:
			status = i
		case `"Nombre de Pix"`:
			seen["layNombre"] = true
		case `"Résultat"`:
			seen["layResultat"] = true
		case `"Score en pix"`, `"Score en Pix"`:
			seen["layScore"] = true
		case `"Certification CléA"`:
			seen["clea"] = true
		}
	}
	for i, l := range lines[1:] {
		fs := rawFields(l)
		if len(fs) != len(header) {
			t.Fatalf("%s line %d: %d fields, header %d", f.Path, i+2, len(fs), len(header))
		}
		for _, x := range fs {
			if _, q := unquote(x); !q && x != "" && !bareInt.MatchString(x) {
				t.Fatalf("%s line %d: bare non-number %q", f.Path, i+2, x)
			}
		}
		st, _ := unquote(fs[status])
		seen[st] = true
	}
}

// Every class label the generator writes maps to its level with the seeds'
// rules (an unmapped label would be reported by ingest, never guessed).
func TestClassLabelsMapToLevels(t *testing.T) {
	for style := 0; style < 6; style++ {
		s := &school{style: style, proSpecs: []string{"MELEC", "ASSP", "CUISINE"}, capSpecs: []string{"ECMS", "AEPE"}}
		for l := 0; l < nLevels; l++ {
			for _, k := range []int{1, 3, 9, 14} {
				for _, label := range s.classLabels(l, k) {
					got, ok := seeds.LevelOf(label)
					if !ok || got != seeds.Levels[l] {
						t.Errorf("style %d: %q → %q (%v), want %s", style, label, got, ok, seeds.Levels[l])
					}
				}
			}
		}
	}
}

// The generator's certification windows lie inside the seeds' calendar, so
// that every session falls where the indicators look for it.
func TestCalendarAgreesWithSeeds(t *testing.T) {
	events, err := seeds.ReadCalendar(seeds.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	inside := func(y, kind, aud string, p period) {
		for _, e := range events {
			if e.SchoolYear == y && e.Kind == kind && e.Audience == aud {
				if p.from.Before(e.Start) || p.to.After(e.End) {
					t.Errorf("%s %s %s: %s–%s outside the seeds' %s–%s", y, kind, aud, iso(p.from), iso(p.to), iso(e.Start), iso(e.End))
				}
				return
			}
		}
		t.Errorf("%s %s %s: not in the seeds' calendar", y, kind, aud)
	}
	for _, y := range years {
		inside(y.label, seeds.EventCertification, seeds.AudienceLycee, y.certLycee)
		inside(y.label, seeds.EventCertifRattrapage, seeds.AudienceLycee, y.certLyceeCatch)
		inside(y.label, seeds.EventCertification, seeds.AudienceCollege, y.certCollege)
		inside(y.label, seeds.EventCertifRattrapage, seeds.AudienceCollege, y.certCollegeCatch)
	}
}

func TestNationalSchools(t *testing.T) {
	plan := newNationalPlan(1, natSchools)
	uais := map[string]bool{}
	var pupils int
	types := map[string]int{}
	for i := 0; i < natSchools; i++ {
		s := nationalSchool(1, plan, i)
		if !seeds.ValidUAI(s.uai) {
			t.Fatalf("school %d: invalid UAI %s", i, s.uai)
		}
		if uais[s.uai] {
			t.Fatalf("school %d: duplicate UAI %s", i, s.uai)
		}
		if _, ok := seeds.DeptName(s.dept); !ok {
			t.Fatalf("school %d: département %s unknown to seeds", i, s.dept)
		}
		uais[s.uai] = true
		pupils += s.totalPupils(1)
		types[s.comp]++
	}
	if pupils < 5_300_000 || pupils > 5_900_000 {
		t.Errorf("%d pupils nationally, want ≈ 5.6 M", pupils)
	}
	if types["college"] < 6800 || types["college"] > 7200 || types["lycee"]+types["lp"] < 3800 {
		t.Errorf("school types %v", types)
	}
}

// Shapes that make the charts mean something.
func TestShapes(t *testing.T) {
	g := &generator{seed: 1}
	plan := newNationalPlan(1, 200)
	var lowAug, sep, parents, pupils float64
	for i := 0; i < 200; i++ {
		s := nationalSchool(1, plan, i)
		s.setTraits(1)
		oct := g.entValues(s, day(2025, 10, 1), prEleve, time.Time{}, false)
		nov := g.entValues(s, day(2025, 11, 1), prEleve, time.Time{}, false)
		aug := g.entValues(s, day(2025, 8, 1), prEleve, time.Time{}, false)
		par := g.entValues(s, day(2025, 11, 1), prParent, time.Time{}, false)
		if oct.activated > nov.activated {
			t.Fatalf("%s: activated accounts fall from October to November", s.uai)
		}
		lowAug += float64(aug.visitors)
		sep += float64(oct.visitors)
		parents += float64(par.visitors) / float64(max(1, par.accounts))
		pupils += float64(nov.visitors) / float64(max(1, nov.accounts))
	}
	if lowAug > 0.1*sep {
		t.Errorf("August ENT use %v not near zero beside October %v", lowAug, sep)
	}
	if parents >= pupils {
		t.Errorf("parents connect more than pupils (%v ≥ %v)", parents, pupils)
	}
	// Holidays: a month with two weeks off is quieter.
	if a, b := monthActivity(2025, 12, zoneA, time.Time{}), monthActivity(2025, 11, zoneA, time.Time{}); a >= b {
		t.Errorf("December activity %v ≥ November %v", a, b)
	}
}

// Summary rows per kind add up.
func TestSummaryKinds(t *testing.T) {
	_, sum := academy(t)
	var files int
	var rows int64
	for _, k := range sum.Kinds {
		files += k.Files
		rows += k.Rows
	}
	if files != sum.Files || rows != sum.Rows {
		t.Errorf("kinds add to %d files %d rows, summary %d %d", files, rows, sum.Files, sum.Rows)
	}
	if len(sum.Kinds) != 10 {
		t.Errorf("%d kinds written, want 10: %v", len(sum.Kinds), sum.Kinds)
	}
}
