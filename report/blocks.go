package report

import (
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Blocks shared by the reports: value cells, comparison tables, trends,
// per-dimension bars.

func sortKey(v sql.NullFloat64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatFloat(v.Float64, 'g', -1, 64)
}

// valCell shows a value in its unit; the CSV gets the bare number.
func valCell(v sql.NullFloat64, unite string) Cell {
	if !v.Valid {
		return Cell{Text: "–", CSV: strp(""), Num: true}
	}
	return Cell{Text: fmtValue(v, unite), CSV: strp(csvNumber(v, unite)), Sort: sortKey(v), Num: true}
}

func countCell(v sql.NullFloat64) Cell {
	if !v.Valid {
		return Cell{Text: "–", CSV: strp(""), Num: true}
	}
	return Cell{Text: fmtCount(v), CSV: strp(csvNumber(v, "nombre")), Sort: sortKey(v), Num: true}
}

func intCell(n int64) Cell {
	v := sql.NullFloat64{Float64: float64(n), Valid: true}
	return countCell(v)
}

func maskedCell(only string) Cell {
	return Cell{Text: "effectif insuffisant", CSV: strp("effectif insuffisant"), Masked: true, Only: only}
}

func unitName(u string) string {
	switch u {
	case "taux":
		return "%"
	case "heures":
		return "heures"
	case "score":
		return "score Pix"
	}
	return "nombre"
}

// ratio shows "numerator / denominator" when both are counts (the ENT's
// yearly rate, a mean of monthly rates, has a sum of rates over a number of
// months instead: not shown as a ratio).
func ratio(num, den sql.NullFloat64) string {
	if !num.Valid || !den.Valid || num.Float64 != math.Trunc(num.Float64) || den.Float64 != math.Trunc(den.Float64) {
		return ""
	}
	return fmtCount(num) + " / " + fmtCount(den)
}

func rangeText(q1, q3 sql.NullFloat64, unite string) string {
	if !q1.Valid || !q3.Valid {
		return "–"
	}
	return fmtValue(q1, unite) + " – " + fmtValue(q3, unite)
}

func rankText(rang, n sql.NullInt64) string {
	if !rang.Valid || !n.Valid {
		return "–"
	}
	return fmt.Sprintf("%d / %d", rang.Int64, n.Int64)
}

// itemLabel names an indicator × dimension.
func itemLabel(def indicator, dim string) string {
	if dim == "" {
		return def.label
	}
	return def.label + " — " + dimLabel(dim)
}

// cmpItem is one school value compared with its groups.
type cmpItem struct {
	def indicator
	dim string
	r   *value
	n1  sql.NullFloat64
	gap sql.NullFloat64
}

// comparisonTable: the school's values beside the département and academy
// quartiles of the schools of the same type, and N-1.
func comparisonTable(items []cmpItem, caption string) *Table {
	t := &Table{Caption: caption, Head: []Col{
		{Label: "Indicateur"},
		{Label: "Unité", Only: "csv"},
		{Label: "Valeur", Num: true},
		{Label: "Num. / dén.", Num: true, Only: "html"},
		{Label: "Numérateur", Only: "csv"}, {Label: "Dénominateur", Only: "csv"},
		{Label: "N-1", Num: true}, {Label: "Écart N-1", Num: true},
		{Label: "Médiane dép.", Num: true}, {Label: "Q1 – Q3 dép.", Num: true, Only: "html"},
		{Label: "Q1 dép.", Only: "csv"}, {Label: "Q3 dép.", Only: "csv"},
		{Label: "Rang dép.", Num: true},
		{Label: "Médiane acad.", Num: true}, {Label: "Q1 – Q3 acad.", Num: true, Only: "html"},
		{Label: "Q1 acad.", Only: "csv"}, {Label: "Q3 acad.", Only: "csv"},
	}}
	for _, it := range items {
		r := it.r
		u := r.Unite
		gap := Cell{Text: fmtGap(it.gap, u), CSV: strp(csvNumber(it.gap, gapUnit(u))), Sort: sortKey(it.gap), Num: true}
		if gap.Text == "" {
			gap.Text = "–"
		}
		row := Row{Cells: []Cell{
			textCell(itemLabel(it.def, it.dim)),
			{Text: unitName(u), Only: "csv"},
			valCell(r.Val, u),
			{Text: ratio(r.Num, r.Den), Num: true, Only: "html"},
			withOnly(countCell(r.Num), "csv"), withOnly(countCell(r.Den), "csv"),
			valCell(it.n1, u), gap,
			valCell(r.DepMed, u), {Text: rangeText(r.DepQ1, r.DepQ3, u), Num: true, Only: "html"},
			withOnly(valCell(r.DepQ1, u), "csv"), withOnly(valCell(r.DepQ3, u), "csv"),
			{Text: rankText(r.DepRang, r.DepN), Num: true, Sort: sortKey(sql.NullFloat64{Float64: float64(r.DepRang.Int64), Valid: r.DepRang.Valid})},
			valCell(r.AcaMed, u), {Text: rangeText(r.AcaQ1, r.AcaQ3, u), Num: true, Only: "html"},
			withOnly(valCell(r.AcaQ1, u), "csv"), withOnly(valCell(r.AcaQ3, u), "csv"),
		}}
		if r.Estimation {
			row.Cells[0].Text += " (estimation)"
		}
		if bad, why := alert(it.def, r); bad {
			row.Class = "low"
			row.Cells[0].Text += " — " + why
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func withOnly(c Cell, only string) Cell { c.Only = only; return c }

// gapUnit: a gap of rates is in points, written as a plain number.
func gapUnit(u string) string {
	if u == "taux" {
		return "points"
	}
	return u
}

// minQuartileN: below this many schools of the same type in the
// département, quartiles say little and no school is flagged.
const minQuartileN = 4

// alert: the school's value stands out on the wrong side of the schools of
// its type in the département: under the first quartile, or over the third
// for an indicator where less is better.
func alert(def indicator, r *value) (bool, string) {
	if def.neutral || !r.Val.Valid || !r.DepN.Valid || r.DepN.Int64 < minQuartileN {
		return false, ""
	}
	if def.lowerBetter {
		if r.DepQ3.Valid && r.Val.Float64 > r.DepQ3.Float64 {
			return true, "au-dessus du 3e quartile du département"
		}
		return false, ""
	}
	if r.DepQ1.Valid && r.Val.Float64 < r.DepQ1.Float64 {
		return true, "sous le 1er quartile du département"
	}
	return false, ""
}

// comparisonChart plots the rates of the items: school, département median,
// academy median. Its data table is the comparison table.
func comparisonChart(id, title string, items []cmpItem) (*Figure, error) {
	var cats []string
	school := series{name: "Établissement", color: colSchool}
	dep := series{name: "Médiane du département", color: colDept}
	aca := series{name: "Médiane de l'académie", color: colAca}
	for _, it := range items {
		if it.r.Unite != "taux" {
			continue
		}
		cats = append(cats, itemLabel(it.def, it.dim))
		school.values = append(school.values, chartVal(it.r.Val, "taux"))
		dep.values = append(dep.values, chartVal(it.r.DepMed, "taux"))
		aca.values = append(aca.values, chartVal(it.r.AcaMed, "taux"))
	}
	if len(cats) == 0 {
		return nil, nil
	}
	h := 70 + 60*len(cats)
	opt, err := barChart(id, h, cats, []series{school, dep, aca}, "taux", true)
	if err != nil {
		return nil, err
	}
	return &Figure{ID: id, Title: title, Height: h, Unit: "taux", Option: opt}, nil
}

func chartVal(v sql.NullFloat64, unite string) *float64 {
	if !v.Valid {
		return nil
	}
	return fp(chartNumber(v.Float64, unite))
}

// trendFigure: the monthly series of an indicator for the given dimensions,
// with the first dimension's N-1 dashed.
func trendFigure(def indicator, vs *valueSet, uai string, y schoolYear) (*Figure, error) {
	months := y.months()
	type line struct {
		name string
		vals []sql.NullFloat64
		n1   bool
	}
	var lines []line
	unit := ""
	last := -1
	var firstDim *string
	for _, dim := range def.trend {
		l := line{name: dimLabel(dim), vals: make([]sql.NullFloat64, len(months))}
		has := false
		for i, m := range months {
			if r := vs.get(def.id, uai, y.String(), m, dim); r != nil {
				l.vals[i] = r.Val
				unit = r.Unite
				has = has || r.Val.Valid
				if r.Val.Valid && i > last {
					last = i
				}
			}
		}
		if has {
			if firstDim == nil {
				d := dim
				firstDim = &d
			}
			if len(def.trend) == 1 {
				l.name = y.String()
			}
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return nil, nil
	}
	// N-1 of the first dimension, same months a year earlier.
	prev := line{name: dimLabel(*firstDim) + " " + y.prev().String(), vals: make([]sql.NullFloat64, len(months)), n1: true}
	if len(def.trend) == 1 {
		prev.name = y.prev().String()
	}
	anyPrev := false
	for i, m := range months {
		if r := vs.get(def.id, uai, y.prev().String(), shiftYear(m, -1), *firstDim); r != nil && r.Val.Valid {
			prev.vals[i] = r.Val
			anyPrev = true
			if i > last {
				last = i
			}
		}
	}
	if anyPrev {
		lines = append(lines, prev)
	}
	first := last
	for _, l := range lines {
		for i, v := range l.vals {
			if v.Valid && i < first {
				first = i
			}
		}
	}
	months = months[first : last+1]
	for i := range lines {
		lines[i].vals = lines[i].vals[first : last+1]
	}
	cats := make([]string, len(months))
	for i, m := range months {
		cats[i] = monthLabel(m)
	}
	var ss []series
	head := []Col{{Label: "Mois"}}
	for i, l := range lines {
		s := series{name: l.name, color: palette[i%len(palette)]}
		if l.n1 {
			s.color, s.dashed = colN1, true
		}
		for j := range months {
			s.values = append(s.values, chartVal(l.vals[j], unit))
		}
		ss = append(ss, s)
		head = append(head, Col{Label: l.name, CSVLabel: l.name + " (" + unitName(unit) + ")", Num: true})
	}
	t := &Table{Caption: "Données du graphique", Head: head}
	for j, m := range months {
		row := Row{Cells: []Cell{{Text: monthLabel(m), CSV: strp(m), Sort: m}}}
		for _, l := range lines {
			row.Cells = append(row.Cells, valCell(l.vals[j], unit))
		}
		t.Rows = append(t.Rows, row)
	}
	id := def.id + "_mois"
	opt, err := lineChart(id, 300, cats, ss, unit, nil)
	if err != nil {
		return nil, err
	}
	title := def.label + " — mois par mois"
	note := ""
	if def.cumulative {
		note = "Valeurs cumulées depuis septembre."
	}
	if anyPrev {
		note = strings.TrimSpace(note + " En pointillés : l'année précédente, mêmes mois.")
	}
	return &Figure{ID: id, Title: title, Note: note, Height: 300, Unit: unit, Option: opt, Table: t.finish(id, id)}, nil
}

// byDimFigure: one bar per dimension value (resource, theme, level…).
func byDimFigure(def indicator, vs *valueSet, uai string, y schoolYear, label func(string) string) (*Figure, error) {
	var rows []*value
	for _, d := range vs.dims(def.id, uai, y.String(), "annee") {
		if d != "" {
			rows = append(rows, vs.get(def.id, uai, y.String(), "annee", d))
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	switch def.id {
	case "certif_niveau":
		sort.SliceStable(rows, func(i, j int) bool { return levelIndex(rows[i].Dim) < levelIndex(rows[j].Dim) })
	case "campagne_maitrise":
		// competence codes 1.1 … 5.2 sort as strings
	default:
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Val.Float64 > rows[j].Val.Float64 })
	}
	unit := rows[0].Unite
	s := series{name: "Établissement", color: colSchool}
	var cats []string
	dimName := def.dimName
	if dimName == "" {
		dimName = "Dimension"
	}
	t := &Table{Caption: "Données du graphique", Head: []Col{{Label: dimName}, {Label: "Valeur", CSVLabel: "Valeur (" + unitName(unit) + ")", Num: true}, {Label: "Numérateur", Num: true}, {Label: "Dénominateur", Num: true}}}
	for _, r := range rows {
		cats = append(cats, label(r.Dim))
		s.values = append(s.values, chartVal(r.Val, unit))
		t.Rows = append(t.Rows, Row{Cells: []Cell{textCell(label(r.Dim)), valCell(r.Val, unit), countCell(r.Num), countCell(r.Den)}})
	}
	h := 50 + 26*len(cats)
	opt, err := barChart(def.id, h, cats, []series{s}, unit, true)
	if err != nil {
		return nil, err
	}
	return &Figure{ID: def.id, Title: def.label + " (" + y.String() + ")", Height: h, Unit: unit, Option: opt, Table: t.finish(def.id, def.id)}, nil
}

func levelIndex(l string) int {
	for i, x := range pixLevels {
		if strings.EqualFold(x, l) {
			return i
		}
	}
	return len(pixLevels)
}
