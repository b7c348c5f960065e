package report

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"
)

// Browser tests open the three reports in headless Chromium (Debian package
// chromium) and check what only a browser can tell: charts drawn, no
// request, no console error, no script run from data, print layout.
// FILMNUM_SKIP_BROWSER=1 skips them; FILMNUM_SCREENSHOTS=DIR keeps the
// screenshots (and the printed PDFs) in DIR for a person to look at.

const chromiumPath = "/usr/bin/chromium"

func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("FILMNUM_SKIP_BROWSER") == "1" {
		t.Skip("FILMNUM_SKIP_BROWSER=1 : tests navigateur ignorés")
	}
	path := chromiumPath
	if _, err := os.Stat(path); err != nil {
		var lerr error
		if path, lerr = exec.LookPath("chromium"); lerr != nil {
			t.Fatalf("Chromium introuvable (%s) : installez-le (apt-get install -y chromium) ou lancez les tests avec FILMNUM_SKIP_BROWSER=1", chromiumPath)
		}
	}
	return path
}

// browser starts one headless Chromium for the test, with a fresh profile.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("démarrage de Chromium : %v", err)
	}
	return ctx
}

// pageLog records what a tab did.
type pageLog struct {
	mu       sync.Mutex
	requests []string
	console  []string
	dialogs  []string
}

func (l *pageLog) add(list *[]string, s string) {
	l.mu.Lock()
	*list = append(*list, s)
	l.mu.Unlock()
}

// openReport opens the file in a new tab and waits for its charts.
func openReport(t *testing.T, bctx context.Context, file string) (context.Context, *pageLog) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	t.Cleanup(cancel)
	lg := &pageLog{}
	url := "file://" + file
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			if e.Request.URL != url {
				lg.add(&lg.requests, e.Request.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				lg.add(&lg.console, string(e.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			lg.add(&lg.console, "exception: "+e.ExceptionDetails.Text+" "+exceptionDesc(e.ExceptionDetails))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				lg.add(&lg.console, "log "+string(e.Entry.Level)+": "+e.Entry.Text)
			}
		case *page.EventJavascriptDialogOpening:
			lg.add(&lg.dialogs, string(e.Type)+": "+e.Message)
			// A dialog blocks the page: close it from another goroutine
			// (Listen's func must not send commands).
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}); err != nil {
		t.Fatalf("écoute des événements : %v", err)
	}
	tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx,
		chromedp.EmulateViewport(1100, 900),
		chromedp.Navigate(url),
	); err != nil {
		t.Fatalf("ouverture de %s : %v", file, err)
	}
	// Charts are drawn synchronously at the end of the body (animation
	// off); wait until each chart holds its canvas.
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](
		`document.querySelectorAll(".chart").length === document.querySelectorAll(".chart canvas").length`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("les graphiques de %s ne se dessinent pas : %v", file, err)
	}
	return ctx, lg
}

func exceptionDesc(d *runtime.ExceptionDetails) string {
	if d != nil && d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("évaluation : %v\n%s", err, js)
	}
	return v
}

// screenshotDir is where screenshots go: FILMNUM_SCREENSHOTS, else a
// temporary folder removed after the test.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("FILMNUM_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// A4 in CSS pixels (96 per inch) and the page box of report.css
// (margins 16 / 12 / 14 / 12 mm).
const (
	mmPx         = 96 / 25.4
	printWidthPx = (210 - 24) * mmPx
	printPageHPx = (297 - 30) * mmPx
)

type browserCase struct {
	name    string
	kind    Kind
	opt     Options
	running string // running header expected on every printed page
	xss     string // JS expression true when the hostile name shows as text
}

var browserCases = []browserCase{
	{name: "etablissement", kind: Etablissement, opt: Options{UAI: "0870001D"}, running: "Collège Maupassant — 2025-2026"},
	{name: "etablissement-xss", kind: Etablissement, opt: Options{UAI: "0870004G"}, running: "<script>alert(1)</script> — 2025-2026",
		xss: `document.querySelector("h1").textContent === "<script>alert(1)</script>"`},
	{name: "departement", kind: Departement, opt: Options{Departement: "87"}, running: "Haute-Vienne (87) — 2025-2026",
		xss: `Array.from(document.querySelectorAll("td")).some(td => td.textContent === "<script>alert(1)</script>")`},
	{name: "pix", kind: Pix, opt: Options{}, running: "Certification Pix — 2025-2026"},
}

func TestBrowserReports(t *testing.T) {
	bctx := browser(t)
	fx := fixturePath(t)
	dir := t.TempDir()
	shots := screenshotDir(t)
	for _, bc := range browserCases {
		t.Run(bc.name, func(t *testing.T) {
			start := time.Now()
			opt := bc.opt
			opt.InlineAssets = true
			r := build(t, fx, bc.kind, opt)
			file := filepath.Join(dir, bc.name+".html")
			if err := os.WriteFile(file, renderHTML(t, r), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, lg := openReport(t, bctx, file)
			lap := func(what string) { t.Logf("%s : %s", what, time.Since(start).Round(time.Millisecond)) }
			lap("ouverture")

			// Every chart has a canvas with drawn pixels.
			type canvasInfo struct {
				ID    string  `json:"id"`
				Drawn float64 `json:"drawn"`
				W     float64 `json:"w"`
				H     float64 `json:"h"`
			}
			cs := eval[[]canvasInfo](t, ctx, `Array.from(document.querySelectorAll(".chart")).map(function (el) {
				var c = el.querySelector("canvas");
				if (!c) { return {id: el.id, drawn: 0, w: 0, h: 0}; }
				var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data, n = 0;
				for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } }
				return {id: el.id, drawn: n / (c.width * c.height), w: c.width, h: c.height};
			})`)
			opts := eval[int](t, ctx, `document.querySelectorAll("script.chart-option").length`)
			if len(cs) == 0 || len(cs) != opts {
				t.Fatalf("%d graphiques dessinés pour %d options", len(cs), opts)
			}
			for _, c := range cs {
				if c.W == 0 || c.Drawn < 0.003 {
					t.Errorf("graphique %s vide (%.4f de pixels dessinés sur %vx%v)", c.ID, c.Drawn, c.W, c.H)
				}
			}

			// No request, no console error, no dialog; only our two scripts.
			lg.mu.Lock()
			if len(lg.requests) > 0 {
				t.Errorf("requêtes envoyées : %v", lg.requests)
			}
			if len(lg.console) > 0 {
				t.Errorf("console : %v", lg.console)
			}
			if len(lg.dialogs) > 0 {
				t.Errorf("boîte de dialogue ouverte (script exécuté depuis les données) : %v", lg.dialogs)
			}
			lg.mu.Unlock()
			if n := eval[int](t, ctx, `document.querySelectorAll("script:not([type])").length`); n != 2 {
				t.Errorf("%d éléments script exécutables, 2 attendus (ECharts et le script du rapport)", n)
			}
			if bc.xss != "" && !eval[bool](t, ctx, bc.xss) {
				t.Errorf("le nom <script>alert(1)</script> n'apparaît pas comme texte")
			}
			if bc.kind == Departement {
				// Sorting: a click on « Valeur » orders the rows by value,
				// masked and missing values last; a second click reverses.
				order := func() []string {
					if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#tab-ent_connexion_eleve_college thead th:nth-child(5) button`))); err != nil {
						t.Fatalf("clic de tri : %v", err)
					}
					return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#tab-ent_connexion_eleve_college tbody tr")).map(r => r.cells[4].getAttribute("data-sort") || "")`)
				}
				up, down := order(), order()
				if strings.Join(up, " ") != "0.35 0.48 0.62 0.7" || strings.Join(down, " ") != "0.7 0.62 0.48 0.35" {
					t.Errorf("tri du tableau : croissant %v, décroissant %v", up, down)
				}
			}

			lap("vérifications")
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("capture : %v", err)
			}
			writeShot(t, shots, bc.name+".png", png)
			if os.Getenv("FILMNUM_SCREENSHOTS") != "" {
				// One image per section too: easier to read than one
				// very tall page.
				ids := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("main > section")).map(s => s.id)`)
				for i, id := range append([]string{"entete"}, ids...) {
					sel := "#" + id
					if id == "entete" {
						sel = "header.entete"
					}
					img, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
					if err != nil {
						t.Fatalf("capture de %s : %v", sel, err)
					}
					writeShot(t, shots, fmt.Sprintf("%s-%02d-%s.png", bc.name, i, id), img)
				}
			}

			lap("captures")
			// Print: at the width of an A4 page, every chart fits its
			// figure and a figure is shorter than a page.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(math.Round(printWidthPx)), 1000), func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return chromedp.Void{}, err
			}); err != nil {
				t.Fatalf("émulation impression : %v", err)
			}
			// The media change makes the page redraw its charts at the
			// paper's width (canvas bitmaps are twice the CSS size).
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll("figure.graphique")).every(function (f) {
				var c = f.querySelector("canvas");
				return c && Math.abs(c.width / 2 - f.getBoundingClientRect().width) <= 1;
			})`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				t.Fatalf("graphiques non redessinés à la largeur d'une page A4 : %v", err)
			}
			if os.Getenv("FILMNUM_SCREENSHOTS") != "" {
				img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatalf("capture impression : %v", err)
				}
				writeShot(t, shots, bc.name+"-impression.png", img)
			}
			type box struct {
				ID     string  `json:"id"`
				H      float64 `json:"h"`
				W      float64 `json:"w"`
				Canvas float64 `json:"canvas"`
				Avoid  string  `json:"avoid"`
			}
			boxes := eval[[]box](t, ctx, `Array.from(document.querySelectorAll("figure.graphique")).map(function (f) {
				var r = f.getBoundingClientRect(), c = f.querySelector("canvas");
				return {id: f.id, h: r.height, w: r.width, canvas: c ? c.getBoundingClientRect().width : 0,
					avoid: getComputedStyle(f).breakInside};
			})`)
			for _, b := range boxes {
				if b.H > printPageHPx {
					t.Errorf("%s : %.0f px de haut, plus qu'une page A4 (%.0f px)", b.ID, b.H, printPageHPx)
				}
				if b.Canvas > b.W+1 {
					t.Errorf("%s : graphique de %.0f px dans une figure de %.0f px à l'impression", b.ID, b.Canvas, b.W)
				}
				if b.Avoid != "avoid" {
					t.Errorf("%s : break-inside %q", b.ID, b.Avoid)
				}
			}
			wide := eval[[]string](t, ctx, fmt.Sprintf(`Array.from(document.querySelectorAll("main table")).filter(function (t) {
				return t.getBoundingClientRect().width > %f; }).map(function (t) { return t.id + " (" + Math.round(t.getBoundingClientRect().width) + " px)"; })`, printWidthPx+1))
			if len(wide) > 0 {
				t.Errorf("tableaux plus larges qu'une page A4 (%.0f px) : %v", printWidthPx, wide)
			}
			thead := eval[string](t, ctx, `document.querySelector("thead") ? getComputedStyle(document.querySelector("thead")).display : "table-header-group"`)
			if thead != "table-header-group" {
				t.Errorf("en-têtes de tableaux non répétés à l'impression : thead display %q", thead)
			}

			// The printed PDF: A4 pages, the running header on each, every
			// chart on exactly one page.
			lap("mise en page impression")
			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
			if err != nil {
				t.Fatalf("impression PDF : %v", err)
			}
			lap("PDF")
			writeShot(t, shots, bc.name+".pdf", pdf)
			checkPDF(t, pdf, bc.running, len(cs))
			t.Logf("%s : %d graphiques, %s", bc.name, len(cs), time.Since(start).Round(time.Millisecond))
		})
	}
}

func writeShot(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("FILMNUM_SCREENSHOTS") != "" {
		t.Logf("écrit %s", p)
	}
}

// checkPDF: A4 pages, the running header on every page, each chart (tagged
// figure "Graphique N : …") drawn on one page only.
func checkPDF(t *testing.T, pdf []byte, running string, charts int) {
	t.Helper()
	doc, err := parsePDF(pdf)
	if err != nil {
		t.Fatalf("lecture du PDF : %v", err)
	}
	if len(doc.pages) == 0 {
		t.Fatal("PDF sans page")
	}
	for i, p := range doc.pages {
		if !bytes.Contains(doc.objs[p], []byte("/MediaBox [0 0 594.9")) || !bytes.Contains(doc.objs[p], []byte(" 841.9")) {
			t.Errorf("page %d : format autre que A4", i+1)
			break
		}
	}
	texts, err := doc.pageTexts()
	if err != nil {
		t.Fatalf("texte du PDF : %v", err)
	}
	for i, s := range texts {
		if !strings.Contains(s, norm.NFKC.String(running)) {
			t.Errorf("page %d/%d sans l'en-tête « %s » : %.120q", i+1, len(texts), running, s)
		}
	}
	figs := doc.figurePages()
	n := 0
	for alt, pages := range figs {
		if !strings.HasPrefix(alt, "Graphique ") {
			continue
		}
		n++
		if len(pages) != 1 {
			t.Errorf("« %s » imprimé sur les pages %v : coupé ou absent", alt, pages)
		}
	}
	if n != charts {
		t.Errorf("%d graphiques balisés dans le PDF, %d attendus", n, charts)
	}
}

// TestPDFSplitDetection proves the PDF check can fail: a chart pushed
// across a page break without break-inside: avoid is reported on two pages,
// and with it on one.
func TestPDFSplitDetection(t *testing.T) {
	bctx := browser(t)
	dir := t.TempDir()
	for _, avoid := range []bool{false, true} {
		style := ""
		if avoid {
			style = "break-inside: avoid;"
		}
		page := `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 10mm; } body { margin: 0; }</style>
<script>` + echartsJS + `</script></head><body>
<div style="height: 800px">espace</div>
<div style="` + style + `"><div id="c" role="img" aria-label="Graphique 1 : test" style="width: 600px; height: 500px"></div></div>
<script>echarts.init(document.getElementById("c"), null, {renderer: "canvas"}).setOption({animation: false,
 xAxis: {type: "category", data: ["a", "b", "c"]}, yAxis: {type: "value"}, series: [{type: "bar", data: [1, 3, 2]}]});</script>
</body></html>`
		file := filepath.Join(dir, fmt.Sprintf("split-%t.html", avoid))
		if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, _ := openReport(t, bctx, file)
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := parsePDF(pdf)
		if err != nil {
			t.Fatal(err)
		}
		pages := doc.figurePages()["Graphique 1 : test"]
		if avoid && len(pages) != 1 {
			t.Errorf("avec break-inside: avoid, graphique sur les pages %v", pages)
		}
		if !avoid && len(pages) != 2 {
			t.Errorf("graphique à cheval non détecté : pages %v", pages)
		}
	}
}
