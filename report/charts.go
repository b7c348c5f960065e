package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// Charts are built with go-echarts and rendered as snippets; the page keeps
// only the snippet's Option (JSON) and initialises every chart itself. The
// snippet's Script is not used: it pastes the option into a <script>
// without escaping, so a school named "</script>…" would end the script.

// Palette: the school in strong blue, comparisons in greys, highlights in
// orange; all readable when printed in black and white (shape or position
// carries the meaning too).
const (
	colSchool = "#1f5aa6"
	colDept   = "#7d8b99"
	colAca    = "#c3ccd5"
	colN1     = "#8fb3e0"
	colLow    = "#d9661f"
	colArea   = "rgba(31,90,166,0.10)"
	colArea2  = "rgba(217,102,31,0.12)"
)

var palette = []string{"#1f5aa6", "#d9661f", "#2e8b57", "#8e44ad", "#b8860b", "#c0392b", "#16a085", "#7f8c8d"}

// chartText makes a user-supplied label safe to hand to go-echarts, which
// turns any string wrapped in "__f__" markers into raw JavaScript (its way
// of passing functions): a zero-width space breaks the marker and the label
// stays data. (go-echarts HTML-escapes then unescapes the option: that round
// trip is exact, '&' and '<' included.)
func chartText(s string) string {
	return strings.ReplaceAll(s, "__f__", "__f_\u200b_")
}

// shorten cuts long labels for axes; the data table keeps the full text.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// chartOption renders the chart's snippet and returns its option as a JS
// literal that is safe inside <script>: valid JSON (no function slipped in)
// with <, >, &, U+2028 and U+2029 escaped.
func chartOption(c render.Renderer) (js template.JS, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendu du graphique impossible : %v", p)
		}
	}()
	snip := c.RenderSnippet()
	raw := bytes.TrimSpace([]byte(snip.Option))
	raw = bytes.TrimSuffix(raw, []byte(";"))
	if !json.Valid(raw) {
		return "", fmt.Errorf("rendu du graphique impossible : option JSON invalide")
	}
	var buf bytes.Buffer
	json.HTMLEscape(&buf, raw)
	return template.JS(buf.String()), nil
}

func baseOpts(id string, height int, legend bool) []charts.GlobalOpts {
	o := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: fmt.Sprintf("%dpx", height)}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Top: "0"}),
	}
	top := "16"
	if legend {
		top = "40"
	}
	o = append(o, charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "8", Right: "32", Top: top, Bottom: "8"}))
	return o
}

// maxPlainLegend: above this many series a line chart's legend scrolls.
const maxPlainLegend = 12

// series is one named list of values for bar and line charts; nil = no data.
type series struct {
	name   string
	values []*float64
	color  string
	dashed bool
	colors []string // per-point colours (bars), "" = series colour
	stack  string
}

func barData(s series) []opts.BarData {
	out := make([]opts.BarData, len(s.values))
	for i, v := range s.values {
		if v == nil {
			out[i] = opts.BarData{Value: "-"}
			continue
		}
		out[i] = opts.BarData{Value: *v}
		if i < len(s.colors) && s.colors[i] != "" {
			out[i].ItemStyle = &opts.ItemStyle{Color: s.colors[i]}
		}
	}
	return out
}

func lineData(s series) []opts.LineData {
	out := make([]opts.LineData, len(s.values))
	for i, v := range s.values {
		if v == nil {
			out[i] = opts.LineData{Value: "-"}
		} else {
			out[i] = opts.LineData{Value: *v}
		}
	}
	return out
}

// wrap breaks a label into at most lines lines of about width characters
// (ECharts draws "\n" in axis labels), cutting the rest with "…".
func wrap(s string, width, lines int) string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > width {
			out = append(out, cur)
			cur = ""
		}
		if cur == "" {
			cur = w
		} else {
			cur += " " + w
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) > lines {
		out[lines-1] = strings.Join(out[lines-1:], " ")
		out = out[:lines]
	}
	for i := range out {
		out[i] = shorten(out[i], width)
	}
	return strings.Join(out, "\n")
}

func safeCats(cats []string, width, lines int) []string {
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = chartText(wrap(c, width, lines))
	}
	return out
}

// barChart draws grouped (or, horizontal, ranked) bars.
func barChart(id string, height int, cats []string, ss []series, unit string, horizontal bool) (template.JS, error) {
	bar := charts.NewBar()
	g := baseOpts(id, height, len(ss) > 1)
	valueAxis := opts.XAxis{Type: "value"}
	if capAt100(unit, ss) {
		valueAxis.Max = 100
	}
	if horizontal {
		g = append(g,
			charts.WithXAxisOpts(valueAxis),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{Interval: "0"}}))
		bar.XYReversal()
	} else {
		y := opts.YAxis{Type: "value"}
		if capAt100(unit, ss) {
			y.Max = 100
		}
		g = append(g,
			charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0"}}),
			charts.WithYAxisOpts(y))
	}
	bar.SetGlobalOptions(g...)
	if horizontal {
		bar.SetXAxis(safeCats(cats, 34, 2))
	} else {
		bar.SetXAxis(safeCats(cats, 16, 2))
	}
	for _, s := range ss {
		so := []charts.SeriesOpts{}
		if s.color != "" {
			so = append(so, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}))
		}
		if s.stack != "" {
			so = append(so, charts.WithBarChartOpts(opts.BarChart{Stack: s.stack}))
		}
		bar.AddSeries(chartText(s.name), barData(s), so...)
	}
	return chartOption(bar)
}

// area is a shaded band on a category axis (a certification window).
type area struct {
	name     string
	from, to string // categories
	color    string
}

// lineChart draws series over categories (months, snapshot dates), with
// optional shaded areas and a horizontal target line.
func lineChart(id string, height int, cats []string, ss []series, unit string, areas []area) (template.JS, error) {
	line := charts.NewLine()
	g := baseOpts(id, height, len(ss) > 1 || len(areas) > 0)
	if len(ss) > maxPlainLegend {
		// A national Pix report draws one line per département (96): a
		// plain legend wraps over the plot; a scroll legend keeps one line
		// (the table under the chart names every series).
		g = append(g, charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Type: "scroll"}))
	}
	y := opts.YAxis{Type: "value"}
	if capAt100(unit, ss) {
		y.Max = 100
	}
	g = append(g,
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(y))
	line.SetGlobalOptions(g...)
	line.SetXAxis(safeCats(cats, 20, 1))
	for i, s := range ss {
		so := []charts.SeriesOpts{
			charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true), ShowSymbol: opts.Bool(true)}),
		}
		ls := opts.LineStyle{Width: 2}
		if s.color != "" {
			ls.Color = s.color
			so = append(so, charts.WithItemStyleOpts(opts.ItemStyle{Color: s.color}))
		}
		if s.dashed {
			ls.Type = "dashed"
		}
		so = append(so, charts.WithLineStyleOpts(ls))
		if i == 0 && len(areas) > 0 {
			var data [][]opts.MarkAreaData
			for _, a := range areas {
				data = append(data, []opts.MarkAreaData{
					{Name: chartText(a.name), XAxis: chartText(a.from), MarkAreaStyle: opts.MarkAreaStyle{ItemStyle: &opts.ItemStyle{Color: a.color}}},
					{XAxis: chartText(a.to)},
				})
			}
			so = append(so, charts.WithMarkAreaData(data...),
				charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{Label: &opts.Label{Show: opts.Bool(true), Color: "#333", FontSize: 11}}))
		}
		line.AddSeries(chartText(s.name), lineData(s), so...)
	}
	return chartOption(line)
}

// box is the five numbers of a boxplot.
type box struct {
	name                     string
	min, q1, med, q3, max, n float64
}

func boxChart(id string, height int, bs []box, unit string) (template.JS, error) {
	bp := charts.NewBoxPlot()
	g := baseOpts(id, height, false)
	y := opts.YAxis{Type: "value"}
	var maxes series
	for _, b := range bs {
		maxes.values = append(maxes.values, fp(chartNumber(b.max, unit)))
	}
	if capAt100(unit, []series{maxes}) {
		y.Max = 100
	}
	g = append(g,
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(y))
	bp.SetGlobalOptions(g...)
	cats := make([]string, len(bs))
	data := make([]opts.BoxPlotData, len(bs))
	for i, b := range bs {
		cats[i] = b.name
		data[i] = opts.BoxPlotData{Value: []float64{
			chartNumber(b.min, unit), chartNumber(b.q1, unit), chartNumber(b.med, unit), chartNumber(b.q3, unit), chartNumber(b.max, unit)}}
	}
	bp.SetXAxis(safeCats(cats, 16, 3))
	bp.AddSeries("Répartition", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: colArea, BorderColor: colSchool}))
	return chartOption(bp)
}

func fp(v float64) *float64 { return &v }

// capAt100: a rate axis ends at 100 % unless a value goes beyond (more
// licences assigned than bought happens), which would then be cut.
func capAt100(unit string, ss []series) bool {
	if unit != "taux" {
		return false
	}
	for _, s := range ss {
		for _, v := range s.values {
			if v != nil && *v > 100 {
				return false
			}
		}
	}
	return true
}
