package seeds

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestEmbeddedFilesHaveNoProblem(t *testing.T) {
	for _, p := range Check(Embedded()) {
		t.Error(p)
	}
}

func TestReadSchoolsEmbedded(t *testing.T) {
	schools, err := ReadSchools(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	// Orders of magnitude of the académie de Limoges (formats-other.md).
	count := map[string]int{}
	for _, s := range schools {
		count[s.DeptCode+" "+s.ComparisonType]++
		if !strings.HasPrefix(s.UAI, "0"+s.DeptCode) {
			t.Errorf("%s %s : l'UAI ne commence pas par 0%s", s.UAI, s.Name, s.DeptCode)
		}
		if s.AcademyCode != "22" || s.AcademyName != "Limoges" || s.Sector != "Public" {
			t.Errorf("%s : académie %s %s, secteur %s", s.UAI, s.AcademyCode, s.AcademyName, s.Sector)
		}
		for _, y := range []string{"2024-2025", "2025-2026"} {
			n, ok := s.PupilsAt(y)
			if !ok || n < 70 {
				t.Errorf("%s %s : %d élèves en %s", s.UAI, s.Name, n, y)
			}
			if s.Teachers[y] == 0 || s.Staff[y] <= s.Teachers[y] {
				t.Errorf("%s %s : %d enseignants, %d personnels", s.UAI, y, s.Teachers[y], s.Staff[y])
			}
		}
	}
	want := map[string]int{
		"19 college": 25, "23 college": 18, "87 college": 34,
		"19 lycee": 6, "19 lp": 5, "23 lycee": 3, "23 lp": 4, "87 lycee": 10, "87 lp": 6,
	}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("établissements par département et groupe : %v, attendu %v", count, want)
	}

	byUAI := map[string]School{}
	for _, s := range schools {
		byUAI[s.UAI] = s
	}
	gl := byUAI["0870015U"]
	if gl.Name != "Lycée Gay-Lussac" || gl.Type != TypeLGT || gl.Commune != "Limoges" || gl.DeptName != "Haute-Vienne" {
		t.Errorf("0870015U : %+v", gl)
	}
	// effectifs.csv lines of the smallest collège.
	plateau := byUAI["0230648E"]
	if plateau.Name != "Collège du Plateau" || plateau.Commune != "Royère-de-Vassivière" {
		t.Errorf("0230648E : %+v", plateau)
	}
	if n, _ := plateau.PupilsAt("2025-2026"); n != 78 {
		t.Errorf("Collège du Plateau : %d élèves en 2025-2026, attendu 78", n)
	}
	bourdan := byUAI["0230001B"].Pupils["2024-2025"]
	if !reflect.DeepEqual(bourdan, map[string]int{"2nde": 310, "1re": 271, "Tle": 277}) {
		t.Errorf("Lycée Pierre Bourdan 2024-2025 : %v", bourdan)
	}
	if c := byUAI["0870027G"]; c.Type != TypeCite || c.ComparisonType != CompareLycee || c.Pupils["2025-2026"]["6e"] == 0 || c.Pupils["2025-2026"]["Tle pro"] == 0 {
		t.Errorf("cité scolaire de Saint-Junien : %+v", c)
	}
}

func TestAnnuaireDownloaded(t *testing.T) {
	schools, err := ReadSchools(os.DirFS("testdata/annuaire"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ uai, typ, cmp, sector, dept, deptName, commune, academy string }
	var got []row
	for _, s := range schools {
		got = append(got, row{s.UAI, s.Type, s.ComparisonType, s.Sector, s.DeptCode, s.DeptName, s.Commune, s.AcademyCode})
		if len(s.Pupils) != 0 || s.Pupils == nil {
			t.Errorf("%s : effectifs %v (le répertoire n'en donne pas par niveau)", s.UAI, s.Pupils)
		}
	}
	// The école and the closed collège are skipped; "087", "0087", "019",
	// "0019", "02A", "0971" normalised.
	want := []row{
		{"0870900F", "Collège", "college", "Public", "87", "Haute-Vienne", "Isle", "22"},
		{"0870901G", "LGT", "lycee", "Public", "87", "Haute-Vienne", "Limoges", "22"},
		{"0870902H", "LPO", "lycee", "Public", "87", "Haute-Vienne", "Limoges", "22"},
		{"0870903J", "LP", "lp", "Public", "87", "Haute-Vienne", "Limoges", "22"},
		{"0190904E", "LP", "lp", "Public", "19", "Corrèze", "Tulle", "22"},
		{"0870905L", "EREA", "lp", "Public", "87", "Haute-Vienne", "Feytiat", "22"},
		{"0190908J", "Collège", "college", "Privé", "19", "Corrèze", "Brive-la-Gaillarde", "22"},
		{"6200650M", "Collège", "college", "Public", "2A", "Corse-du-Sud", "Ajaccio", "27"},
		{"9710001Z", "LGT", "lycee", "Public", "971", "Guadeloupe", "Les Abymes", "32"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if schools[1].Name != "Lycée général et technologique Gay-Lussac" || schools[1].AcademyName != "Limoges" {
		t.Errorf("nom, académie : %q %q", schools[1].Name, schools[1].AcademyName)
	}
}

func TestAnnuaireAPILowerCase(t *testing.T) {
	schools, err := ReadSchools(os.DirFS("testdata/annuaire-api"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range schools {
		got = append(got, s.UAI+" "+s.Type+" "+s.DeptCode)
	}
	want := []string{"0870900F Collège 87", "0870901G LGT 87", "0870902H LPO 87", "0870903J LP 87"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// withFiles returns the embedded files with some replaced.
func withFiles(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	entries, err := fs.ReadDir(Embedded(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(Embedded(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: data}
	}
	for name, text := range files {
		if text == "" {
			delete(m, name)
			continue
		}
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

func TestCheckReportsProblems(t *testing.T) {
	fsys := withFiles(t, map[string]string{
		FileSchools: `uai;nom;type;type_comparaison;secteur;departement_code;departement;commune;academie_code;academie
0870015A;Lycée Gay-Lussac;LGT;lycee;Public;87;Haute-Vienne;Limoges;22;Limoges
0870550A;Collège Maupassant;Collège;college;Public;87;Haute-Vienne;Limoges;22;Limoges
0870550a;Collège Maupassant bis;Collège;college;Public;87;;Limoges;22;Limoges
0230001B;Lycée Pierre Bourdan;Lycée agricole;lycee;Public;23;Creuse;Guéret;22;Limoges
0190001Y;Lycée Edmond Perrier;LGT;lycee;Public;99;;Tulle;22;Limoges
0190005C;Lycée René Cassin;LP;lp;Associatif;019;;Tulle;22;Limoges
0190009G;Lycée d'Arsonval;LGT;lycee;Public;19
`,
		FilePupils: `uai;annee_scolaire;niveau;eleves
0870550A;2025-2026;6e;-3
0870550A;2025-2026;5e;12,5
0870550A;2025-2026;7e;100
0870550A;2025-26;4e;100
0870012R;2025-2026;4e;100
0870550A;2025-2026;3e;100
0870550A;2025-2026;3E;101
`,
		FileStaff: `uai;annee_scolaire;enseignants;personnels
0870550A;2025-2026;40;30
`,
		FileLevelRules: `ordre;motif;niveau;exemple
10;^3(;3e;3A
20;^T;Terminale;TG2
20;^6;6e;6A
`,
		FileCalendar: `annee_scolaire;evenement;public;debut;fin;libelle
2025-2026;vacances;tous;2025-13-01;2025-11-02;Toussaint
2025-2026;examen;tous;2025-10-18;2025-11-02;Brevet
2025-2026;vacances;tous;2025-11-02;2025-10-18;Toussaint
2025-2026;vacances;tous;2026-07-04;2026-09-01;Été
`,
		FileCompetences: "code;libelle;domaine_code\n1.1;Mener une recherche;1\n",
		FilePixLevels:   "ordre;niveau;score_min;score_max\n1;Novice 1;64;127\n2;Novice 2;130;255\n",
	})
	got := Check(fsys)
	want := []Problem{
		{FileSchools, 2, "uai", "UAI « 0870015A » invalide : la lettre de contrôle devrait être U"},
		{FileSchools, 4, "uai", "UAI 0870550A en double (déjà ligne 3)"},
		{FileSchools, 5, "type", "type inconnu « Lycée agricole » : Collège, LGT, LPO, LP, EREA, Cité scolaire attendu"},
		{FileSchools, 6, "departement_code", "département inconnu « 99 » (ex. 19, 23, 87, 2A, 971)"},
		{FileSchools, 7, "secteur", "secteur inconnu « Associatif » : Public ou Privé attendu"},
		{FileSchools, 8, "", "6 colonnes au lieu de 10 (celles de l'en-tête)"},
		{FilePupils, 2, "eleves", "nombre négatif (-3)"},
		{FilePupils, 3, "eleves", "« 12,5 » n'est pas un nombre entier"},
		{FilePupils, 4, "niveau", "niveau inconnu « 7e » : 6e, 5e, 4e, 3e, 2nde, 1re, Tle, CAP1, CAP2, 2nde pro, 1re pro, Tle pro attendu"},
		{FilePupils, 5, "annee_scolaire", "année scolaire « 2025-26 » invalide : AAAA-AAAA attendu (ex. 2025-2026)"},
		{FilePupils, 6, "uai", "UAI 0870012R absent de la liste des établissements"},
		{FilePupils, 8, "", "effectif 0870550A 2025-2026 3e en double (déjà ligne 7)"},
		{FileStaff, 2, "personnels", "30 personnels pour 40 enseignants : « personnels » compte tout le personnel, enseignants compris"},
		{FileLevelRules, 2, "motif", "expression régulière invalide : error parsing regexp: missing closing ): `^3(`"},
		{FileLevelRules, 3, "niveau", "niveau inconnu « Terminale » : 6e, 5e, 4e, 3e, 2nde, 1re, Tle, CAP1, CAP2, 2nde pro, 1re pro, Tle pro attendu"},
		{FileLevelRules, 4, "ordre", "ordre 20 en double (déjà ligne 3)"},
		{FileCalendar, 2, "debut", "date « 2025-13-01 » invalide : AAAA-MM-JJ attendu"},
		{FileCalendar, 3, "evenement", "événement inconnu « examen » : rentree, vacances, certification ou certification_rattrapage attendu"},
		{FileCalendar, 4, "fin", "fin avant le début"},
		{FileCalendar, 5, "", "dates hors de l'année scolaire 2025-2026 (1er septembre – 31 août)"},
		{FileCompetences, 1, "domaine", "colonne obligatoire absente de l'en-tête"},
		{FilePixLevels, 3, "score_min", "le niveau Novice 2 devrait commencer à 128 (le précédent finit à 127)"},
	}
	if !reflect.DeepEqual(got, want) {
		for _, p := range got {
			t.Logf("got  %#v", p)
		}
		t.Errorf("%d problèmes, attendu %d", len(got), len(want))
	}
	if _, err := ReadSchools(fsys); err == nil || !strings.HasPrefix(err.Error(), "13 problème(s) dans les fichiers de référence : etablissements.csv:2: colonne « uai » : UAI « 0870015A »") {
		t.Errorf("ReadSchools : %v", err)
	}
}

func TestCheckMissingFilesAndIndeterminateLycee(t *testing.T) {
	fsys := fstest.MapFS{
		FileAnnuaire: {Data: []byte("Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_departement;Voie_generale;Voie_technologique;Voie_professionnelle;libelle_nature\n" +
			"0870015U;Lycée Gay-Lussac;Lycée;87;;;;LYCEE CLIMATIQUE\n" +
			"0870550A;Collège Maupassant;Collège;87;;;;COLLEGE\n")},
	}
	got := Check(fsys)
	want := []Problem{
		{FileAnnuaire, 2, "libelle_nature", "type de lycée indéterminé : voies générale, technologique et professionnelle vides, nature « LYCEE CLIMATIQUE »"},
		{FileLevelRules, 0, "", "fichier absent"},
		{FileCalendar, 0, "", "fichier absent"},
		{FileCompetences, 0, "", "fichier absent"},
		{FilePixLevels, 0, "", "fichier absent"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	// Both lists of schools at once: refused, not merged.
	fsys[FileSchools] = &fstest.MapFile{Data: []byte("uai;nom\n")}
	if p := Check(fsys); len(p) == 0 || p[0].Msg != "deux listes d'établissements : gardez etablissements.csv ou fr-en-annuaire-education.csv, pas les deux" {
		t.Errorf("deux listes : %v", p)
	}
}

func TestWindows1252AndComments(t *testing.T) {
	// "Collège" in Windows-1252 (è = 0xE8), as Excel saves it.
	fsys := withFiles(t, map[string]string{
		FileSchools: "# commentaire\r\nuai;nom;type;secteur;departement_code;commune\r\n0870550A;Coll\xe8ge Maupassant;Coll\xe8ge;Public;87;Limoges\r\n",
		FilePupils:  "",
		FileStaff:   "",
	})
	schools, err := ReadSchools(fsys)
	if err != nil {
		t.Fatal(err)
	}
	s := schools[0]
	if len(schools) != 1 || s.Name != "Collège Maupassant" || s.Type != TypeCollege || s.ComparisonType != CompareCollege || s.DeptName != "Haute-Vienne" {
		t.Errorf("%+v", schools)
	}
}

func TestProblemString(t *testing.T) {
	cases := map[Problem]string{
		{"effectifs.csv", 12, "eleves", "nombre négatif (-3)"}: "effectifs.csv:12: colonne « eleves » : nombre négatif (-3)",
		{"effectifs.csv", 12, "", "ligne illisible"}:           "effectifs.csv:12: ligne illisible",
		{"calendrier.csv", 0, "", "fichier absent"}:            "calendrier.csv: fichier absent",
	}
	for p, want := range cases {
		if got := p.String(); got != want {
			t.Errorf("%q, attendu %q", got, want)
		}
	}
}

func TestNormalizeDept(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"87", "87", true}, {"087", "87", true}, {"0087", "87", true}, {" 19 ", "19", true},
		{"2A", "2A", true}, {"02a", "2A", true}, {"002B", "2B", true}, {"971", "971", true},
		{"0971", "971", true}, {"1", "01", true}, {"01", "01", true}, {"976", "976", true},
		{"20", "20", false}, {"99", "99", false}, {"96", "96", false}, {"979", "979", false}, {"", "", false},
	}
	for _, c := range cases {
		got, ok := NormalizeDept(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeDept(%q) = %q %v, attendu %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestSchoolYear(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 9, 1, 0, 0, 0, 0, paris), "2025-2026"},
		{time.Date(2025, 8, 31, 23, 59, 59, 0, paris), "2024-2025"},
		{time.Date(2026, 1, 15, 12, 0, 0, 0, paris), "2025-2026"},
		{time.Date(2026, 6, 30, 0, 0, 0, 0, paris), "2025-2026"},
		{time.Date(2026, 12, 31, 0, 0, 0, 0, paris), "2026-2027"},
	}
	for _, c := range cases {
		if got := SchoolYear(c.t); got != c.want {
			t.Errorf("SchoolYear(%v) = %s, attendu %s", c.t, got, c.want)
		}
	}
	first, last, err := SchoolYearBounds("2025-2026")
	if err != nil || first.Format(time.DateOnly) != "2025-09-01" || last.Format(time.DateOnly) != "2026-08-31" {
		t.Errorf("SchoolYearBounds : %v %v %v", first, last, err)
	}
	for _, bad := range []string{"2025-2027", "2025/2026", "2025-26", "25-26", "abcd-efgh", ""} {
		if ValidSchoolYear(bad) {
			t.Errorf("%q accepté", bad)
		}
	}
}

func TestCalendarEmbedded(t *testing.T) {
	events, err := ReadCalendar(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	find := func(year, kind, audience string) (string, string) {
		for _, e := range events {
			if e.SchoolYear == year && e.Kind == kind && e.Audience == audience {
				return e.Start.Format(time.DateOnly), e.End.Format(time.DateOnly)
			}
		}
		return "", ""
	}
	cases := []struct{ year, kind, audience, start, end string }{
		{"2025-2026", EventCertification, AudienceLycee, "2025-11-03", "2026-03-06"},
		{"2025-2026", EventCertifRattrapage, AudienceLycee, "2026-03-09", "2026-03-13"},
		{"2025-2026", EventCertification, AudienceCollege, "2026-03-16", "2026-06-13"},
		{"2025-2026", EventCertifRattrapage, AudienceCollege, "2026-06-15", "2026-06-19"},
		{"2024-2025", EventCertification, AudienceLycee, "2024-11-04", "2025-03-07"},
		{"2025-2026", EventRentree, AudienceAll, "2025-09-01", "2025-09-01"},
	}
	for _, c := range cases {
		if s, e := find(c.year, c.kind, c.audience); s != c.start || e != c.end {
			t.Errorf("%s %s %s : %s → %s, attendu %s → %s", c.year, c.kind, c.audience, s, e, c.start, c.end)
		}
	}
	holidays := 0
	for _, e := range events {
		if e.Kind == EventVacances && e.SchoolYear == "2025-2026" {
			holidays++
			if e.Start.Weekday() != time.Saturday || (e.End.Weekday() != time.Sunday && e.End.Format("01-02") != "08-31") {
				t.Errorf("%s : %s (%s) → %s (%s)", e.Label, e.Start.Format(time.DateOnly), e.Start.Weekday(), e.End.Format(time.DateOnly), e.End.Weekday())
			}
		}
	}
	if holidays != 5 {
		t.Errorf("%d périodes de vacances en 2025-2026, attendu 5", holidays)
	}
}

func TestPixLevels(t *testing.T) {
	d, err := Read(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	cases := map[int]string{0: "", 63: "", 64: "Novice 1", 127: "Novice 1", 128: "Novice 2", 383: "Indépendant 1",
		384: "Indépendant 2", 639: "Avancé 1", 767: "Avancé 2", 768: "Expert 1", 895: "Expert 1", 896: "Expert 2", 1024: "Expert 2", 1025: ""}
	for score, want := range cases {
		if got := PixLevelOf(d.PixLevels, score); got != want {
			t.Errorf("%d pix : %q, attendu %q", score, got, want)
		}
	}
	if len(d.Competences) != 16 || d.Competences[15].Code != "5.2" || d.Competences[15].Name != "Construire un environnement numérique" {
		t.Errorf("compétences : %d, dernière %+v", len(d.Competences), d.Competences[len(d.Competences)-1])
	}
	areas := map[string]string{}
	for _, c := range d.Competences {
		areas[c.AreaCode] = c.Area
	}
	want := map[string]string{"1": "Information et données", "2": "Communication et collaboration", "3": "Création de contenu",
		"4": "Protection et sécurité", "5": "Environnement numérique"}
	if !reflect.DeepEqual(areas, want) {
		t.Errorf("domaines : %v", areas)
	}
}

func TestDirOverlay(t *testing.T) {
	// A directory with only its own schools: calendar and rules come from the
	// embedded set, headcounts do not (they belong to the sample schools).
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileSchools), []byte("uai;nom;type;secteur;departement_code;commune\n0870550A;Collège Maupassant;Collège;Public;87;Limoges\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := Dir(dir)
	if p := Check(fsys); len(p) != 0 {
		t.Fatalf("%v", p)
	}
	d, err := Read(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Schools) != 1 || len(d.Schools[0].Pupils) != 0 || len(d.Calendar) != 20 || len(d.LevelRules) != 16 {
		t.Errorf("%d établissements, effectifs %v, %d événements, %d règles", len(d.Schools), d.Schools[0].Pupils, len(d.Calendar), len(d.LevelRules))
	}
	// A directory without school files uses the embedded sample entirely.
	empty := t.TempDir()
	schools, err := ReadSchools(Dir(empty))
	if err != nil || len(schools) != 111 || len(schools[0].Pupils) != 2 {
		t.Errorf("dossier vide : %d établissements, %v", len(schools), err)
	}
}
