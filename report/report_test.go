package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-echarts/go-echarts/v2/render"
)

var update = flag.Bool("update", false, "réécrit testdata/*.golden.html (relisez-les avant de les valider)")

// goldenCases are the reports kept byte for byte in testdata/, over the
// fixture, with ECharts referenced instead of inlined.
var goldenCases = []struct {
	name string
	kind Kind
	opt  Options
}{
	{"etablissement", Etablissement, Options{UAI: "0870001D", Nominatif: true}},
	{"departement", Departement, Options{Departement: "87"}},
	{"pix", Pix, Options{}},
}

func TestGolden(t *testing.T) {
	fx := fixturePath(t)
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			got := renderHTML(t, build(t, fx, c.kind, c.opt))
			path := filepath.Join("testdata", c.name+".golden.html")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./report -run TestGolden -update crée le fichier)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s diffère du rapport produit (%d octets au lieu de %d) ; première différence : %s\nSi le changement est voulu : go test ./report -run TestGolden -update, puis relisez le fichier.",
					path, len(got), len(want), firstDiff(got, want))
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			lo := max(0, i-60)
			return strings.TrimSpace(string(a[lo:min(len(a), i+60)])) + "  ≠  " + strings.TrimSpace(string(b[lo:min(len(b), i+60)]))
		}
	}
	return "longueurs différentes"
}

// Same data, same date: same bytes, and nothing from the clock.
func TestDeterministic(t *testing.T) {
	fx := fixturePath(t)
	for _, c := range goldenCases {
		a := renderHTML(t, build(t, fx, c.kind, c.opt))
		b := renderHTML(t, build(t, fx, c.kind, c.opt))
		if !bytes.Equal(a, b) {
			t.Errorf("%s : deux rendus diffèrent : %s", c.name, firstDiff(a, b))
		}
		if bytes.Contains(a, []byte(time.Now().Format("02/01/2006"))) || bytes.Contains(a, []byte("goecharts_")) {
			t.Errorf("%s : date du jour ou identifiant aléatoire dans la page", c.name)
		}
		ids := regexp.MustCompile(`<div class="chart" id="([^"]+)"`).FindAllSubmatch(a, -1)
		seen := map[string]bool{}
		for _, m := range ids {
			if seen[string(m[1])] {
				t.Errorf("%s : identifiant de graphique en double %s", c.name, m[1])
			}
			seen[string(m[1])] = true
		}
	}
}

// The vendored ECharts is npm echarts 5.6.0 as published, with its licence,
// and can be inlined in a <script> as it is.
func TestVendoredECharts(t *testing.T) {
	sum := sha256.Sum256([]byte(echartsJS))
	if got := hex.EncodeToString(sum[:]); got != "bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1" {
		t.Errorf("assets/echarts/echarts.min.js n'est pas celui d'echarts 5.6.0 (sha256 %s)", got)
	}
	if strings.Contains(strings.ToLower(echartsJS), "</script") {
		t.Error("echarts.min.js contient </script : il ne peut pas être inclus tel quel")
	}
	for _, f := range []string{"LICENSE", "NOTICE", "licenses/LICENSE-d3"} {
		if _, err := os.Stat(filepath.Join("assets", "echarts", f)); err != nil {
			t.Errorf("licence d'ECharts absente : %v", err)
		}
	}
	fx := fixturePath(t)
	page := renderHTML(t, build(t, fx, Pix, Options{InlineAssets: true}))
	if bytes.Count(page, []byte(echartsJS)) != 1 {
		t.Error("ECharts doit être inclus une fois")
	}
	// Outside ECharts (whose code names the SVG namespace), no address.
	rest := bytes.Replace(page, []byte(echartsJS), nil, 1)
	if m := regexp.MustCompile(`(?i)(src|href|url)\s*[=(]\s*["']?(https?:|//)`).Find(rest); m != nil || bytes.Contains(rest, []byte(`src="`)) {
		t.Errorf("la page référence une adresse externe : %s", m)
	}
}

// optionsOf returns the chart options of a page, by chart id.
func optionsOf(t *testing.T, page []byte) map[string]map[string]any {
	t.Helper()
	re := regexp.MustCompile(`<script type="application/json" class="chart-option" data-for="([^"]+)">(.*?)</script>`)
	out := map[string]map[string]any{}
	for _, m := range re.FindAllSubmatch(page, -1) {
		var o map[string]any
		if err := json.Unmarshal(m[2], &o); err != nil {
			t.Fatalf("option de %s : JSON invalide : %v", m[1], err)
		}
		out[string(m[1])] = o
	}
	return out
}

func categories(o map[string]any) []string {
	var out []string
	for _, ax := range []string{"xAxis", "yAxis"} {
		list, _ := o[ax].([]any)
		for _, a := range list {
			m, _ := a.(map[string]any)
			data, _ := m["data"].([]any)
			for _, d := range data {
				if s, ok := d.(string); ok {
					out = append(out, strings.ReplaceAll(s, "\n", " "))
				}
			}
		}
	}
	return out
}

// Names from the data reach the page as text: escaped in HTML, plain
// strings in the chart options, whatever go-echarts does with "__f__" or "&".
func TestEscaping(t *testing.T) {
	fx := fixturePath(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "hostile.duckdb")
	hostile := `__f__alert(3)__f__ & <b>Éluard</b>`
	if err := copyFile(fx, db); err != nil {
		t.Fatal(err)
	}
	if err := execSQL(db, `UPDATE seed_etablissements SET nom = '`+hostile+`' WHERE uai = '0870011P';
		UPDATE ind_valeurs SET nom = '`+hostile+`' WHERE uai = '0870011P'`); err != nil {
		t.Fatal(err)
	}
	page := renderHTML(t, build(t, db, Departement, Options{Departement: "87"}))
	for _, bad := range []string{"<script>alert(1)</script>", "<b>Éluard</b>", "<i>A", "alert(3)__f__\""} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("texte des données non échappé dans la page : %q", bad)
		}
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("le nom <script>alert(1)</script> n'apparaît pas, échappé, dans le tableau")
	}
	opts := optionsOf(t, page)
	found := map[string]bool{}
	for _, o := range opts {
		for _, c := range categories(o) {
			found[strings.ReplaceAll(c, "\u200b", "")] = true
		}
	}
	for _, name := range []string{"<script>alert(1)</script>", hostile} {
		ok := false
		for c := range found {
			if strings.HasPrefix(strings.ReplaceAll(name, " ", ""), strings.TrimSuffix(strings.ReplaceAll(c, " ", ""), "…")) && len(c) > 10 {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%q absent des libellés des graphiques (libellés : %v)", name, keys(found))
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// csvOf decodes the CSV behind a table's download link.
func csvOf(t *testing.T, page []byte, table string) string {
	t.Helper()
	re := regexp.MustCompile(`<table id="tab-` + regexp.QuoteMeta(table) + `"(?s:.*?)<a download="[^"]+" href="data:text/csv;charset=utf-8;base64,([^"]+)"`)
	m := re.FindSubmatch(page)
	if m == nil {
		t.Fatalf("pas de lien CSV pour le tableau %s", table)
	}
	b, err := base64.StdEncoding.DecodeString(html.UnescapeString(string(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every table's CSV: BOM, ';', formulas neutralised, the same rows.
func TestCSVDownloads(t *testing.T) {
	fx := fixturePath(t)
	page := renderHTML(t, build(t, fx, Etablissement, Options{UAI: "0870001D", Nominatif: true}))
	tables := regexp.MustCompile(`<table id="tab-([^"]+)"`).FindAllSubmatch(page, -1)
	links := bytes.Count(page, []byte(`href="data:text/csv;charset=utf-8;base64,`))
	if len(tables) == 0 || links != len(tables) {
		t.Fatalf("%d tableaux, %d liens CSV", len(tables), links)
	}
	if figs := bytes.Count(page, []byte(`<figure class="graphique"`)); figs == 0 || figs > len(tables) {
		t.Errorf("%d graphiques pour %d tableaux : chaque graphique a son tableau", figs, len(tables))
	}
	gar := csvOf(t, page, "gar_abonnements")
	if !strings.HasPrefix(gar, "\ufeffRessource;Éditeur;Exemplaires;Attribués élèves;") {
		t.Errorf("en-tête CSV : %q", strings.SplitN(gar, "\n", 2)[0])
	}
	for _, want := range []string{
		`"'=HYPERLINK(""http://exemple.invalid"",""clic"")";'@éditeur;60;36;4;20;2026-07-07;oui`,
		"Lumni;France Télévisions;illimité;518;42;;2028-08-31;non",
	} {
		if !strings.Contains(gar, want+"\n") {
			t.Errorf("CSV des abonnements sans la ligne %q :\n%s", want, gar)
		}
	}
	nom := csvOf(t, page, "a_accompagner_nominatif")
	if !strings.Contains(nom, "\n'=CMD|' /C calc'!A0;<img src=x onerror=alert(2)>;3 B;3e;4;102\n") {
		t.Errorf("CSV nominatif : formule non neutralisée ou ligne absente :\n%s", nom)
	}
	cmp := csvOf(t, page, "ent_comparaison")
	if !strings.Contains(cmp, "\nTaux de connexion à l'ENT — Élèves;%;62;6,2;10;58;4;55;44,8;64;2 / 4;50;46,5;59,5\n") {
		t.Errorf("CSV des comparaisons ENT :\n%s", cmp)
	}
}

// The comparison reports read no identity data: no statement names a raw_
// table, and they still work when raw_identites fails on any read.
func TestComparisonReportsReadNoIdentity(t *testing.T) {
	fx := fixturePath(t)
	db := filepath.Join(t.TempDir(), "piege.duckdb")
	if err := copyFile(fx, db); err != nil {
		t.Fatal(err)
	}
	if err := execSQL(db, `DROP TABLE raw_identites;
		CREATE VIEW raw_identites AS SELECT error('lecture interdite de raw_identites') AS personne,
			'' AS annee_scolaire, '' AS nom, '' AS prenom`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind Kind
		opt  Options
	}{{Departement, Options{Departement: "87"}}, {Pix, Options{}}, {Pix, Options{Departement: "19"}}} {
		r := build(t, db, c.kind, c.opt)
		for _, q := range r.Queries() {
			if strings.Contains(strings.ToLower(q), "raw_") || strings.Contains(strings.ToLower(q), "identite") {
				t.Errorf("%s : requête sur des données d'identité : %s", c.kind, q)
			}
		}
		page := renderHTML(t, r)
		for _, name := range []string{"MARTIN", "DUPONT", "BERNARD", "Léa", "Hugo", "Inès"} {
			if bytes.Contains(page, []byte(name)) {
				t.Errorf("%s : un nom d'élève (%s) dans le rapport", c.kind, name)
			}
		}
	}
	// The school report reads identities only with --nominatif.
	r := build(t, fx, Etablissement, Options{UAI: "0870001D"})
	for _, q := range r.Queries() {
		if strings.Contains(q, "raw_identites") {
			t.Errorf("rapport etablissement sans --nominatif : %s", q)
		}
	}
	page := renderHTML(t, r)
	if bytes.Contains(page, []byte("MARTIN")) || !bytes.Contains(page, []byte("option --nominatif")) {
		t.Error("sans --nominatif, des noms apparaissent ou l'option n'est pas signalée")
	}
	page = renderHTML(t, build(t, fx, Etablissement, Options{UAI: "0870001D", Nominatif: true}))
	if !bytes.Contains(page, []byte("MARTIN")) || !bytes.Contains(page, []byte("&lt;img src=x onerror=alert(2)&gt;")) {
		t.Error("avec --nominatif, la liste nominative (échappée) manque")
	}
	// A report that would read raw_ is refused by the store.
	st := &store{noRaw: true}
	if _, err := st.query(context.Background(), "SELECT * FROM raw_identites"); err == nil {
		t.Error("le garde-fou des rapports de comparaison laisse passer raw_identites")
	}
}

// Small numbers are masked in the comparison reports, never in the school's
// own report.
func TestSmallNumbersMasked(t *testing.T) {
	fx := fixturePath(t)
	page := renderHTML(t, build(t, fx, Departement, Options{Departement: "87"}))
	// Collège de Bellac: 8 pupils in 3e.
	row := regexp.MustCompile(`(?s)<table id="tab-certif_taux_college".*?</table>`).Find(page)
	bellac := regexp.MustCompile(`(?s)<tr[^>]*>\s*<td[^>]*>Collège de Bellac</td>.*?</tr>`).Find(row)
	if bellac == nil || !bytes.Contains(bellac, []byte("effectif insuffisant")) || bytes.Contains(bellac, []byte("87,5")) {
		t.Errorf("valeur de Bellac (8 élèves) non masquée : %s", bellac)
	}
	opts := optionsOf(t, page)
	for _, c := range categories(opts["certif_taux_college"]) {
		if strings.Contains(c, "Bellac") {
			t.Error("Bellac (effectif insuffisant) figure dans le graphique classé")
		}
	}
	if !strings.Contains(strings.Join(categories(opts["certif_taux_college"]), "|"), "Maupassant") {
		t.Error("graphique classé de la certification sans le collège Maupassant")
	}
	// With a threshold of 5, Bellac's 8 pupils are enough.
	page = renderHTML(t, build(t, fx, Departement, Options{Departement: "87", Seuil: 5}))
	row = regexp.MustCompile(`(?s)<table id="tab-certif_taux_college".*?</table>`).Find(page)
	bellac = regexp.MustCompile(`(?s)<tr[^>]*>\s*<td[^>]*>Collège de Bellac</td>.*?</tr>`).Find(row)
	if !bytes.Contains(bellac, []byte("87,5")) {
		t.Errorf("--seuil 5 : la valeur de Bellac devrait paraître : %s", bellac)
	}
	page = renderHTML(t, build(t, fx, Etablissement, Options{UAI: "0870003F"}))
	if !bytes.Contains(page, []byte("87,5")) {
		t.Error("le rapport de l'établissement masque sa propre valeur")
	}
}

// Sparse data: the report is written and each section says what is missing.
func TestSparseData(t *testing.T) {
	fx := fixturePath(t)
	// Collège Louis Durand has ENT data only.
	page := renderHTML(t, build(t, fx, Etablissement, Options{UAI: "0230001B"}))
	if n := bytes.Count(page, []byte(`<p class="manque" role="note">Source manquante : aucune donnée`)); n != 6 {
		t.Errorf("%d sections sans données signalées, 6 attendues (tout sauf l'ENT)", n)
	}
	if !bytes.Contains(page, []byte("Non évaluable")) || !bytes.Contains(page, []byte(`id="ent_connexion_mois"`)) {
		t.Error("film annuel ou courbe ENT manquants")
	}

	// A database with the contract's tables stripped down.
	db := filepath.Join(t.TempDir(), "maigre.duckdb")
	if err := copyFile(fx, db); err != nil {
		t.Fatal(err)
	}
	if err := execSQL(db, `DROP TABLE stg_certification_sessions; DROP TABLE stg_gar_ressources; DROP TABLE stg_campagnes;
		DROP TABLE stg_eleves_a_accompagner; DROP TABLE seed_calendrier; DROP TABLE seed_effectifs;
		ALTER TABLE ind_valeurs DROP COLUMN dep_q1; ALTER TABLE ind_valeurs DROP COLUMN aca_mediane; ALTER TABLE ind_valeurs DROP COLUMN valeur_n1`); err != nil {
		t.Fatal(err)
	}
	for _, c := range goldenCases {
		page := renderHTML(t, build(t, db, c.kind, c.opt))
		if !bytes.Contains(page, []byte("Colonnes absentes de ind_valeurs (comparaisons incomplètes) : dep_q1, aca_mediane, valeur_n1.")) && c.kind != Pix {
			t.Errorf("%s : colonnes absentes non signalées", c.name)
		}
		if c.kind == Pix && !bytes.Contains(page, []byte("Source manquante : seed_calendrier")) {
			t.Error("pix : calendrier absent non signalé")
		}
		if c.kind == Etablissement {
			for _, want := range []string{"stg_gar_ressources", "stg_certification_sessions", "stg_campagnes", "stg_eleves_a_accompagner", "seed_calendrier"} {
				if !bytes.Contains(page, []byte("Source manquante : "+want)) {
					t.Errorf("etablissement : %s absente non signalée", want)
				}
			}
		}
	}
	// A school the seeds do not know (ingested without its reference data):
	// the report says why it compares with nothing.
	unseeded := filepath.Join(t.TempDir(), "sans-referentiel.duckdb")
	if err := copyFile(fx, unseeded); err != nil {
		t.Fatal(err)
	}
	if err := execSQL(unseeded, `DELETE FROM seed_etablissements WHERE uai = '0230001B'`); err != nil {
		t.Fatal(err)
	}
	page = renderHTML(t, build(t, unseeded, Etablissement, Options{UAI: "0230001B"}))
	if !bytes.Contains(page, []byte("Établissement absent des données de référence (seeds/etablissements.csv)")) ||
		bytes.Contains(page, []byte("Comparaisons : établissements de même type")) {
		t.Error("établissement absent des référentiels : pas d'avertissement, ou comparaisons annoncées")
	}
	page = renderHTML(t, build(t, fx, Etablissement, Options{UAI: "0230001B"}))
	if bytes.Contains(page, []byte("absent des données de référence")) {
		t.Error("avertissement pour un établissement des référentiels")
	}

	// Two academies in one database (a national one): the Pix report names
	// how many, and its dashed total is every school, not "the academy".
	twoAca := filepath.Join(t.TempDir(), "deux-academies.duckdb")
	if err := copyFile(fx, twoAca); err != nil {
		t.Fatal(err)
	}
	if err := execSQL(twoAca, `UPDATE seed_etablissements SET academie_code = '04', academie = 'Bordeaux' WHERE departement_code = '19'`); err != nil {
		t.Fatal(err)
	}
	page = renderHTML(t, build(t, twoAca, Pix, Options{}))
	if !bytes.Contains(page, []byte("<h1>Certification Pix — 2 académies</h1>")) || bytes.Contains(page, []byte("académie de Limoges")) ||
		!bytes.Contains(page, []byte("En pointillés : l&#39;ensemble des établissements.")) {
		t.Error("deux académies : titre ou série d'ensemble")
	}
	// With --departement, the report keeps to the département's academy.
	page = renderHTML(t, build(t, twoAca, Pix, Options{Departement: "87"}))
	if bytes.Contains(page, []byte("2 académies")) || !bytes.Contains(page, []byte("En pointillés : l&#39;académie.")) {
		t.Error("département 87 : l'académie de Limoges seule attendue")
	}

	// A collège with certified pupils but no headcount of its 3e: its
	// certified pupils would raise the Corrèze's share with no target behind
	// them; the report leaves the school out of the shares and says so.
	untargeted := filepath.Join(t.TempDir(), "sans-effectifs.duckdb")
	if err := copyFile(fx, untargeted); err != nil {
		t.Fatal(err)
	}
	if err := execSQL(untargeted, `DELETE FROM seed_effectifs WHERE uai = '0190001Y';
		UPDATE ind_valeurs SET denominateur = NULL, valeur = NULL
		WHERE indicateur = 'certif_taux' AND uai = '0190001Y' AND periode = 'annee'`); err != nil {
		t.Fatal(err)
	}
	page = renderHTML(t, build(t, untargeted, Pix, Options{}))
	if !bytes.Contains(page, []byte("1 établissement(s) avec des certifiés mais sans effectif de la population cible dans les référentiels (seed_effectifs) : écartés des parts.")) {
		t.Error("collège sans effectifs : non signalé")
	}
	if page = renderHTML(t, build(t, fx, Pix, Options{})); bytes.Contains(page, []byte("sans effectif de la population cible")) {
		t.Error("note sans objet sur la base complète")
	}

	// No ind_valeurs at all.
	empty := filepath.Join(t.TempDir(), "vide.duckdb")
	if err := execSQL(empty, `CREATE TABLE seed_etablissements AS SELECT '0870001D' AS uai, 'Collège Maupassant' AS nom`); err != nil {
		t.Fatal(err)
	}
	page = renderHTML(t, build(t, empty, Etablissement, Options{UAI: "0870001D"}))
	if !bytes.Contains(page, []byte("table ind_valeurs absente")) {
		t.Error("absence de ind_valeurs non signalée")
	}
}

// Le film annuel: statuses follow the data and the report date.
func TestFilmChecks(t *testing.T) {
	fx := fixturePath(t)
	status := func(uai string, asOf time.Time) map[string]string {
		page := renderHTML(t, build(t, fx, Etablissement, Options{UAI: uai, AsOf: asOf}))
		out := map[string]string{}
		re := regexp.MustCompile(`<tr class="etat-([a-z_]+)"><td>[^<]*</td><td>([^<:]+) :`)
		for _, m := range re.FindAllSubmatch(page, -1) {
			out[html.UnescapeString(string(m[2]))] = string(m[1])
		}
		return out
	}
	june := status("0870001D", asOf)
	want := map[string]string{"Pix": "fait", "EduConnect": "en_retard", "Collège": "a_faire", "Attestation Pix 6e": "fait", "GAR": "a_faire", "Rapport annuel": "fait"}
	for k, v := range want {
		if june[k] != v {
			t.Errorf("Maupassant au 10 juin : %s = %q, attendu %q (%v)", k, june[k], v, june)
		}
	}
	october := status("0870001D", time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC))
	if october["EduConnect"] != "a_faire" || october["GAR"] != "a_venir" || october["Collège"] != "a_venir" {
		t.Errorf("Maupassant au 1er octobre : %v", october)
	}
	july := status("0870001D", time.Date(2026, 7, 10, 0, 0, 0, 0, time.UTC))
	if july["Collège"] != "fait" {
		t.Errorf("Maupassant en juillet, sessions tenues : %v", july)
	}
	lycee := status("0870011P", asOf) // no session, no certified pupil
	if lycee["Lycée"] != "en_retard" {
		t.Errorf("Cité scolaire sans session après la fenêtre : %v", lycee)
	}
}

type panicky struct{}

func (panicky) Render(w io.Writer) error           { return nil }
func (panicky) RenderContent() []byte              { return nil }
func (panicky) RenderSnippet() render.ChartSnippet { panic("template: boom") }

func TestChartPanicBecomesError(t *testing.T) {
	if _, err := chartOption(panicky{}); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panique de go-echarts non rattrapée : %v", err)
	}
}

func TestWrapAndNumbers(t *testing.T) {
	if !capAt100("taux", []series{{values: []*float64{fp(99.5), nil}}}) || capAt100("taux", []series{{values: []*float64{fp(116.1)}}}) || capAt100("nombre", nil) {
		t.Error("axe des taux : plafond à 100 % seulement quand aucune valeur ne le dépasse")
	}
	for _, c := range []struct {
		in   string
		w, l int
		want string
	}{
		{"Taux de connexion à l'ENT — Élèves", 20, 2, "Taux de connexion à\nl'ENT — Élèves"},
		{"Un libellé beaucoup trop long pour deux lignes courtes", 12, 2, "Un libellé\nbeaucoup tr…"},
		{"Court", 20, 2, "Court"},
	} {
		if got := wrap(c.in, c.w, c.l); got != c.want {
			t.Errorf("wrap(%q) = %q, attendu %q", c.in, got, c.want)
		}
	}
	for v, want := range map[float64]string{1234567.5: "1\u202f234\u202f567,5", -0.04: "0,0", 0: "0,0", -12.26: "−12,3"} {
		if got := frNumber(v, 1); got != want {
			t.Errorf("frNumber(%v) = %q, attendu %q", v, got, want)
		}
	}
}

// Up to 12 lines keep a plain legend (every name printed); more scroll, so
// that the legend of a national chart (96 départements) stays above the plot.
func TestLineLegendScrollsWhenCrowded(t *testing.T) {
	for _, c := range []struct {
		n      int
		scroll bool
	}{{3, false}, {12, false}, {13, true}, {96, true}} {
		ss := make([]series, c.n)
		for i := range ss {
			v := float64(i) / 100
			ss[i] = series{name: fmt.Sprintf("Dép. %02d", i+1), values: []*float64{&v}}
		}
		js, err := lineChart("c", 320, []string{"sept. 2025"}, ss, "taux", nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(js), `"type":"scroll"`); got != c.scroll {
			t.Errorf("%d séries : légende défilante %v, attendu %v", c.n, got, c.scroll)
		}
	}
}
