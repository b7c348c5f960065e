// Package report turns the indicator tables (ind_valeurs and a few stg_
// detail tables, see CONTRACT.md) into the three HTML reports of filmnum:
// the school's year-end report, the département comparison and the Pix
// certification follow-up. Each report is one self-contained French page:
// ECharts inlined, no request, printable on A4, every chart with its data
// table and CSV. The same data and --as-of give the same bytes.
package report

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"time"

	"filmnum/internal/fail"
)

// Kind is one of the three reports.
type Kind string

const (
	Etablissement Kind = "etablissement"
	Departement   Kind = "departement"
	Pix           Kind = "pix"
)

// DefaultSeuil is the small-number threshold of comparison reports.
const DefaultSeuil = 10

// Options select and tune a report.
type Options struct {
	UAI         string    // etablissement
	Departement string    // departement (required), pix (optional filter)
	Annee       string    // school year "2025-2026"; "" = latest year in the data
	AsOf        time.Time // report date: the only date printed, drives the checks
	Seuil       int       // small-number threshold (0 = DefaultSeuil)
	Nominatif   bool      // etablissement: list the pupils to support by name
	// InlineAssets inlines echarts.min.js (the default for users); false
	// references "echarts.min.js" next to the page (small golden files).
	InlineAssets bool
}

//go:embed assets/echarts/echarts.min.js
var echartsJS string

//go:embed assets/report.css
var reportCSS string

//go:embed assets/report.js
var reportJS string

//go:embed assets/page.html.tmpl
var pageTmpl string

var tmpl = template.Must(template.New("page").Parse(pageTmpl))

// Report is a built report, ready to be written.
type Report struct {
	Kind  Kind
	Annee string
	opt   Options
	page  *pageModel
	// queries holds every statement run to build it (tests check that the
	// comparison reports never read identity data).
	queries []string
}

// Build reads the database through conn and builds the report. conn should
// come from a read-only database.
func Build(ctx context.Context, conn *sql.Conn, kind Kind, opt Options) (*Report, error) {
	if opt.Seuil <= 0 {
		opt.Seuil = DefaultSeuil
	}
	opt.Departement = normDept(opt.Departement)
	opt.UAI = strings.ToUpper(strings.TrimSpace(opt.UAI))
	if opt.AsOf.IsZero() {
		return nil, fmt.Errorf("date du rapport manquante")
	}
	if opt.Annee != "" {
		if _, err := parseYear(opt.Annee); err != nil {
			return nil, fail.Usage(err.Error(), "passez --annee 2025-2026")
		}
	}
	st, err := newStore(ctx, conn)
	if err != nil {
		return nil, err
	}
	r := &Report{Kind: kind, opt: opt}
	switch kind {
	case Etablissement:
		r.page, r.Annee, err = buildEtablissement(ctx, st, opt)
	case Departement:
		st.noRaw = true
		r.page, r.Annee, err = buildDepartement(ctx, st, opt)
	case Pix:
		st.noRaw = true
		r.page, r.Annee, err = buildPix(ctx, st, opt)
	default:
		err = fmt.Errorf("rapport inconnu « %s »", kind)
	}
	r.queries = st.log
	if err != nil {
		return nil, err
	}
	r.page.Kind = string(kind)
	r.page.number()
	r.page.AsOf = frDate(opt.AsOf)
	return r, nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// FileName is the default output name: report, school or département, year.
func (r *Report) FileName() string {
	var who string
	switch r.Kind {
	case Etablissement:
		who = "-" + r.opt.UAI
	case Departement:
		who = "-" + r.opt.Departement
	case Pix:
		if r.opt.Departement != "" {
			who = "-" + r.opt.Departement
		}
	}
	return unsafeName.ReplaceAllString("rapport-"+string(r.Kind)+who+"-"+r.Annee, "_") + ".html"
}

// Write renders the page.
func (r *Report) Write(w io.Writer) error {
	data := struct {
		Page    *pageModel
		Inline  bool
		CSS     template.CSS
		JS      template.JS
		ECharts template.JS
	}{Page: r.page, Inline: r.opt.InlineAssets, CSS: template.CSS(reportCSS), JS: template.JS(reportJS)}
	if r.opt.InlineAssets {
		// echarts.min.js holds no "</script" (checked by a test), so it can
		// sit inside a <script> element as it is.
		data.ECharts = template.JS(echartsJS)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return fmt.Errorf("mise en page du rapport : %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Queries returns the SQL statements run to build the report.
func (r *Report) Queries() []string { return append([]string(nil), r.queries...) }

// resolveYear picks the school year: the one asked for, else the latest
// present in the rows of ind_valeurs matching where, else the as-of date's.
func resolveYear(ctx context.Context, st *store, opt Options, where string, args ...any) (schoolYear, error) {
	if opt.Annee != "" {
		return parseYear(opt.Annee)
	}
	if ok, _ := st.valuesUsable(); ok {
		q := "SELECT max(annee_scolaire) FROM ind_valeurs"
		if where != "" {
			q += " WHERE " + where
		}
		ys, err := st.strings(ctx, q, args...)
		if err != nil {
			return schoolYear{}, fmt.Errorf("lecture de ind_valeurs : %w", err)
		}
		if len(ys) == 1 && ys[0] != "" {
			if y, err := parseYear(ys[0]); err == nil {
				return y, nil
			}
		}
	}
	return yearOf(opt.AsOf), nil
}
