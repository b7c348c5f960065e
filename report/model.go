package report

import (
	"html/template"
)

// The page model: what the template renders. Builders fill it from the
// database; every string in it is plain text that html/template escapes,
// except the chart options (template.JS, made safe in chartOption) and the
// CSV data: URIs (template.URL, built from base64).

type pageModel struct {
	Kind     string // etablissement, departement, pix
	Title    string
	Subtitle string
	Running  string // running header of printed pages
	AsOf     string
	Meta     []metaItem
	Notices  []string
	Sections []*Section
}

type metaItem struct{ Label, Value string }

// Section is one h2 part of a report.
type Section struct {
	ID      string
	Title   string
	Intro   string
	Missing []string // "source manquante : …", one per missing source
	Blocks  []Block
}

func (s *Section) add(b Block) { s.Blocks = append(s.Blocks, b) }

func (s *Section) missing(msg string) { s.Missing = append(s.Missing, msg) }

// Block is one element of a section; exactly one field is set.
type Block struct {
	Heading string
	Para    string
	Note    string
	Keys    []KeyFigure
	Figure  *Figure
	Table   *Table
	Checks  []Check
	Missing string
}

// KeyFigure is one big number with its context.
type KeyFigure struct {
	Label    string
	Value    string
	Detail   string // numerator / denominator
	Compare  string // medians
	N1       string // last year
	Estimate bool
	Low      bool // on the wrong side of the département's quartiles
}

// Figure is a chart with its data table.
type Figure struct {
	Num    int // "Graphique N", numbered in page order
	ID     string
	Title  string
	Note   string
	Height int
	Unit   string // taux, nombre, score, heures: drives the JS formatter
	Option template.JS
	Table  *Table
}

// Table is a data table, downloadable as CSV.
type Table struct {
	ID       string
	Caption  string
	Head     []Col
	Rows     []Row
	Sortable bool
	CSVName  string
	CSVHref  template.URL
}

type Col struct {
	Label    string
	CSVLabel string // header in the CSV when it differs (units)
	Num      bool
	Only     string // "html" or "csv": column shown in one output only
}

type Row struct {
	Cells []Cell
	Class string // "low" highlights a value of concern
}

type Cell struct {
	Text   string
	CSV    *string // CSV value when it differs from Text (raw numbers)
	Sort   string  // data-sort key for sortable tables
	Num    bool
	Masked bool
	Strong bool
	Only   string // as the column's Only
}

// Check is one line of "Le film annuel".
type Check struct {
	Period string
	Action string
	Status string // fait, a_faire, en_retard, a_venir, non_evaluable
	Label  string // French status
	Figure string // the figure that says so
}

func textCell(s string) Cell { return Cell{Text: s, Sort: s} }

func strp(s string) *string { return &s }

// finish computes the CSV link of every table once its rows are final.
func (t *Table) finish(id, name string) *Table {
	t.ID = id
	t.CSVName = name + ".csv"
	t.CSVHref = csvHref(t)
	return t
}

// number gives every figure its number, in page order.
func (p *pageModel) number() {
	n := 0
	for _, s := range p.Sections {
		for _, b := range s.Blocks {
			if b.Figure != nil {
				n++
				b.Figure.Num = n
			}
		}
	}
}
