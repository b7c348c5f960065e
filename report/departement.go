package report

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"

	"filmnum/internal/fail"
)

// normDept writes a département code as the seeds do: "087" → "87",
// "2a" → "2A", "971" stays.
func normDept(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	for len(s) > 2 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// buildDepartement is the correspondent's comparison of the schools of one
// département. It reads ind_valeurs and seed_etablissements only; values
// computed on fewer pupils than the threshold are masked.
func buildDepartement(ctx context.Context, st *store, opt Options) (*pageModel, string, error) {
	dep := normDept(opt.Departement)
	if dep == "" {
		return nil, "", fail.Usage("il manque le département", "filmnum rapport departement --departement 87")
	}
	schools, err := st.loadSchools(ctx, "departement_code = $1", dep)
	if err != nil {
		return nil, "", err
	}
	y, err := resolveYear(ctx, st, opt, "departement_code = $1", dep)
	if err != nil {
		return nil, "", err
	}
	// The whole year's school-level rows of the département's academy (all
	// schools when the reference data cannot tell the academy), filtered in
	// SQL: a national database holds every academy's values.
	academy, err := academyOf(ctx, st, dep)
	if err != nil {
		return nil, "", err
	}
	where, args := "annee_scolaire = $1 AND periode = 'annee'", []any{y.String()}
	if academy != nil {
		where += " AND uai IN (" + academySQL("$2") + ")"
		args = append(args, dep)
	}
	acaRows, err := st.loadValues(ctx, where, args...)
	if err != nil {
		return nil, "", err
	}
	var depRows []value
	for _, r := range acaRows {
		if r.DeptCode == dep {
			depRows = append(depRows, r)
		}
	}
	schools = schoolsFromValues(schools, depRows)
	if len(schools) == 0 {
		return nil, "", fail.New(fmt.Sprintf("aucun établissement du département %s dans la base", dep),
			"vérifiez le code (19, 23, 87, 2A…), ou chargez des référentiels qui le contiennent : filmnum ingest --seeds DOSSIER EXPORTS")
	}
	deptName := schools[0].Dept
	title := "Département " + dep
	if deptName != "" {
		title = deptName + " (" + dep + ")"
	}
	page := &pageModel{
		Title:    title,
		Subtitle: "Comparaison des établissements — indicateurs numériques " + y.String(),
		Running:  title + " — " + y.String(),
	}
	counts := map[string]int{}
	for _, s := range schools {
		counts[s.TypeComp]++
	}
	var parts []string
	for _, t := range sortedTypes(counts) {
		parts = append(parts, nb(counts[t], strings.ToLower(typeSingular(t)), strings.ToLower(typeLabel(t))))
	}
	page.Meta = []metaItem{{"Établissements", strings.Join(parts, ", ")}, {"Année scolaire", y.String()}, {"Données au", frDate(opt.AsOf)},
		{"Seuil de masquage", fmt.Sprintf("moins de %d élèves", opt.Seuil)}}
	page.Notices = append(page.Notices,
		fmt.Sprintf("Chaque établissement est comparé aux établissements de même type. Une valeur calculée sur moins de %d personnes est masquée (« effectif insuffisant ») et n'entre pas dans les graphiques ; aucun nom d'élève n'est lu.", opt.Seuil))
	if ok, why := st.valuesUsable(); !ok {
		page.Notices = append(page.Notices, "Aucun indicateur : "+why+".")
	}
	page.Notices = append(page.Notices, st.valueNotes()...)

	dv := newValueSet(depRows)
	av := newValueSet(acaRows)
	var summary []summaryRow
	for _, fam := range families {
		sec := &Section{ID: fam.key, Title: fam.title, Intro: fam.intro}
		has := false
		for _, def := range indicators {
			if familyOf(def.id) != fam.key {
				continue
			}
			for _, dim := range def.compare {
				blocks, sum, err := compareItem(def, dim, schools, dv, av, y, opt.Seuil, dep)
				if err != nil {
					return nil, "", err
				}
				if blocks == nil {
					continue
				}
				has = true
				for _, b := range blocks {
					sec.add(b)
				}
				summary = append(summary, sum...)
			}
		}
		if !has {
			sec.missing(fmt.Sprintf("aucune donnée %s pour les établissements du département en %s ; chargez %s puis lancez « filmnum indicateurs ».", fam.table, y, fam.export))
		}
		page.Sections = append(page.Sections, sec)
	}
	overview := &Section{ID: "synthese", Title: "Le département face à l'académie",
		Intro: "Pour chaque indicateur et chaque type d'établissement : nombre d'établissements comparés, médiane des établissements et taux d'ensemble (somme des numérateurs ÷ somme des dénominateurs), dans le département et dans l'académie ; établissements sous le 1er quartile de leur type."}
	if len(summary) == 0 {
		overview.missing("aucun indicateur comparable pour " + y.String() + ".")
	} else {
		overview.add(Block{Table: summaryTable(summary, dep).finish("synthese", "synthese-departement-"+dep)})
	}
	page.Sections = append([]*Section{overview}, page.Sections...)
	return page, y.String(), nil
}

// academySQL lists the UAIs of the academy of the département given by the
// SQL parameter param.
func academySQL(param string) string {
	return `SELECT uai FROM seed_etablissements WHERE academie_code IN
	(SELECT academie_code FROM seed_etablissements WHERE departement_code = ` + param + ` AND academie_code IS NOT NULL)`
}

// academyOf returns the UAIs of the département's academy (nil when the
// reference data cannot tell: then every school in ind_valeurs counts).
func academyOf(ctx context.Context, st *store, dep string) (map[string]bool, error) {
	if !st.has("seed_etablissements", "uai", "departement_code", "academie_code") {
		return nil, nil
	}
	uais, err := st.strings(ctx, academySQL("$1"), dep)
	if err != nil {
		return nil, fmt.Errorf("lecture de seed_etablissements : %w", err)
	}
	if len(uais) == 0 {
		return nil, nil
	}
	out := map[string]bool{}
	for _, u := range uais {
		out[u] = true
	}
	return out, nil
}

func sortedTypes(m map[string]int) []string {
	var ts []string
	for t := range m {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool {
		if a, b := typeOrder(ts[i]), typeOrder(ts[j]); a != b {
			return a < b
		}
		return ts[i] < ts[j]
	})
	return ts
}

// quantile is DuckDB's quantile_cont: linear interpolation on sorted xs.
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(xs)-1)
	lo := math.Floor(pos)
	hi := math.Ceil(pos)
	return xs[int(lo)] + (xs[int(hi)]-xs[int(lo)])*(pos-lo)
}

func boxOf(name string, xs []float64) box {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return box{name: name, min: s[0], q1: quantile(s, .25), med: quantile(s, .5), q3: quantile(s, .75), max: s[len(s)-1], n: float64(len(s))}
}

// summaryRow: one indicator × type, département vs academy.
type summaryRow struct {
	label, typ, unite    string
	depN, acaN           int
	depMed, acaMed       sql.NullFloat64
	depRate, acaRate     sql.NullFloat64
	below                int
	depMasked, acaMasked bool
}

func summaryTable(rows []summaryRow, dep string) *Table {
	t := &Table{Caption: "Médianes et taux d'ensemble, département " + dep + " et académie", Head: []Col{
		{Label: "Indicateur"}, {Label: "Type"}, {Label: "Unité", Only: "csv"},
		{Label: "Étab. " + dep, Num: true}, {Label: "Médiane " + dep, Num: true}, {Label: "Ensemble " + dep, Num: true},
		{Label: "Étab. acad.", Num: true}, {Label: "Médiane acad.", Num: true}, {Label: "Ensemble acad.", Num: true},
		{Label: "Sous Q1", CSVLabel: "Établissements sous le 1er quartile", Num: true}}}
	for _, r := range rows {
		dr, ar := valCell(r.depRate, r.unite), valCell(r.acaRate, r.unite)
		if r.depMasked {
			dr = maskedCell("")
		}
		if r.acaMasked {
			ar = maskedCell("")
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{textCell(r.label), textCell(typeLabel(r.typ)), {Text: unitName(r.unite), Only: "csv"},
			intCell(int64(r.depN)), valCell(r.depMed, r.unite), dr,
			intCell(int64(r.acaN)), valCell(r.acaMed, r.unite), ar,
			intCell(int64(r.below))}})
	}
	return t
}

// compareItem builds, for one indicator × dimension, the ranked bar chart,
// the sortable table and the distribution per school type.
func compareItem(def indicator, dim string, schools []school, dv, av *valueSet, y schoolYear, seuil int, dep string) ([]Block, []summaryRow, error) {
	ys := y.String()
	type entry struct {
		s      school
		r      *value
		masked bool
		low    bool
		q1     sql.NullFloat64
	}
	var entries []entry
	found := false
	byType := map[string][]float64{}
	for _, s := range schools {
		e := entry{s: s, r: dv.get(def.id, s.UAI, ys, "annee", dim)}
		if e.r != nil {
			found = true
			e.masked = isMasked(e.r, seuil)
			if !e.masked && e.r.Val.Valid {
				byType[s.TypeComp] = append(byType[s.TypeComp], e.r.Val.Float64)
			}
		}
		entries = append(entries, e)
	}
	if !found {
		return nil, nil, nil
	}
	unit := ""
	for _, e := range entries {
		if e.r != nil {
			unit = e.r.Unite
			break
		}
	}
	// First quartile per type: the contract's dep_q1, else computed here
	// over the values shown (masked ones left out).
	for i := range entries {
		e := &entries[i]
		if e.r == nil || e.masked || !e.r.Val.Valid {
			continue
		}
		e.q1 = e.r.DepQ1
		n := len(byType[e.s.TypeComp])
		if e.r.DepN.Valid {
			n = int(e.r.DepN.Int64)
		}
		if !e.q1.Valid && len(byType[e.s.TypeComp]) > 0 {
			xs := append([]float64(nil), byType[e.s.TypeComp]...)
			sort.Float64s(xs)
			e.q1 = sql.NullFloat64{Float64: quantile(xs, .25), Valid: true}
		}
		e.low = n >= minQuartileN && e.q1.Valid && e.r.Val.Float64 < e.q1.Float64
	}

	id := def.id
	if dim != "" {
		id += "_" + dim
	}
	label := itemLabel(def, dim)
	var blocks []Block
	blocks = append(blocks, Block{Heading: label})

	// Per school type (schools are compared with their own type): ranked
	// bars of the values shown, best first, below Q1 in orange, at most
	// maxBars per chart so that a chart fits on a printed page; then the
	// sortable table of every school of the type, masked or missing values
	// said so.
	below := map[string]int{}
	types := map[string]int{}
	for _, e := range entries {
		types[e.s.TypeComp]++
	}
	for ti, typ := range sortedTypes(types) {
		var shown []entry
		for _, e := range entries {
			if e.s.TypeComp == typ && e.r != nil && !e.masked && e.r.Val.Valid {
				shown = append(shown, e)
			}
		}
		sort.SliceStable(shown, func(i, j int) bool { return shown[i].r.Val.Float64 > shown[j].r.Val.Float64 })
		var figs []*Figure
		for start := 0; start < len(shown); start += maxBars {
			part := shown[start:min(start+maxBars, len(shown))]
			s := series{name: typeLabel(typ), color: typeColor(ti)}
			var cats []string
			for _, e := range part {
				cats = append(cats, e.s.name())
				s.values = append(s.values, chartVal(e.r.Val, unit))
				c := ""
				if e.low {
					c = colLow
				}
				s.colors = append(s.colors, c)
			}
			fid := id + "_" + typ
			title := label + " — " + strings.ToLower(typeLabel(typ)) + " classés (" + ys + ")"
			if len(shown) > maxBars {
				fid += fmt.Sprintf("_%d", start/maxBars+1)
				title += fmt.Sprintf(", rangs %d à %d", start+1, start+len(part))
			}
			h := 60 + 22*len(cats)
			opt, err := barChart(fid, h, cats, []series{s}, unit, true)
			if err != nil {
				return nil, nil, err
			}
			figs = append(figs, &Figure{ID: fid, Title: title, Height: h, Unit: unit, Option: opt,
				Note: "En orange : sous le 1er quartile des " + strings.ToLower(typeLabel(typ)) + " du département. Valeurs masquées (effectif insuffisant) et manquantes : dans le tableau seulement."})
		}

		t := &Table{Caption: label + " — " + strings.ToLower(typeLabel(typ)) + " du département", Sortable: true, Head: []Col{
			{Label: "Établissement"}, {Label: "UAI"}, {Label: "Type"}, {Label: "Commune"}, {Label: "Unité", Only: "csv"},
			{Label: "Valeur", Num: true}, {Label: "Num. / dén.", Num: true, Only: "html"}, {Label: "Numérateur", Only: "csv"}, {Label: "Dénominateur", Only: "csv"},
			{Label: "Rang", CSVLabel: "Rang dans le département", Num: true}, {Label: "Q1", CSVLabel: "1er quartile du type", Num: true}, {Label: "N-1", Num: true}, {Label: "Écart N-1", Num: true}, {Label: "Repère"}}}
		for _, e := range entries {
			if e.s.TypeComp != typ {
				continue
			}
			t.Rows = append(t.Rows, schoolRow(e.s, e.r, e.masked, e.low, e.q1, unit, below))
		}
		tid := id + "_" + typ
		t.finish(tid, tid+"-"+dep)
		if len(figs) == 0 {
			blocks = append(blocks, Block{Note: typeLabel(typ) + " : toutes les valeurs sont masquées ou manquantes."}, Block{Table: t})
			continue
		}
		for _, f := range figs[:len(figs)-1] {
			f.Note += " Données dans le tableau qui suit le dernier graphique."
			blocks = append(blocks, Block{Figure: f})
		}
		figs[len(figs)-1].Table = t
		blocks = append(blocks, Block{Figure: figs[len(figs)-1]})
	}

	// Distribution per type, département beside academy; summary rows.
	var boxes []box
	var sums []summaryRow
	acaByType := map[string][]float64{}
	acaNum, acaDen := map[string]float64{}, map[string]float64{}
	depNum, depDen := map[string]float64{}, map[string]float64{}
	acaMed := map[string]sql.NullFloat64{}
	for _, r := range av.rows {
		if r.Ind != def.id || r.Dim != dim || r.Annee != ys || r.Periode != "annee" {
			continue
		}
		if !isMasked(&r, seuil) && r.Val.Valid {
			acaByType[r.Type] = append(acaByType[r.Type], r.Val.Float64)
		}
		if r.Num.Valid && r.Den.Valid {
			acaNum[r.Type] += r.Num.Float64
			acaDen[r.Type] += r.Den.Float64
			if r.DeptCode == dep {
				depNum[r.Type] += r.Num.Float64
				depDen[r.Type] += r.Den.Float64
			}
		}
		if r.AcaMed.Valid {
			acaMed[r.Type] = r.AcaMed
		}
	}
	typesPresent := map[string]int{}
	for t := range byType {
		typesPresent[t]++
	}
	for t := range acaByType {
		typesPresent[t]++
	}
	bt := &Table{Caption: "Répartition des valeurs par type d'établissement (valeurs masquées exclues)", Head: []Col{
		{Label: "Groupe"}, {Label: "Établissements", Num: true}, {Label: "Minimum", Num: true}, {Label: "Q1", Num: true}, {Label: "Médiane", Num: true}, {Label: "Q3", Num: true}, {Label: "Maximum", Num: true}}}
	for _, t := range sortedTypes(typesPresent) {
		sr := summaryRow{label: label, typ: t, unite: unit, depN: len(byType[t]), acaN: len(acaByType[t]), below: below[t]}
		for _, pair := range []struct {
			name string
			xs   []float64
		}{{typeLabel(t) + " — " + dep, byType[t]}, {typeLabel(t) + " — académie", acaByType[t]}} {
			if len(pair.xs) == 0 {
				continue
			}
			b := boxOf(pair.name, pair.xs)
			boxes = append(boxes, b)
			nf := func(x float64) Cell { return valCell(sql.NullFloat64{Float64: x, Valid: true}, unit) }
			bt.Rows = append(bt.Rows, Row{Cells: []Cell{textCell(b.name), intCell(int64(b.n)), nf(b.min), nf(b.q1), nf(b.med), nf(b.q3), nf(b.max)}})
		}
		if xs := byType[t]; len(xs) > 0 {
			sr.depMed = sql.NullFloat64{Float64: boxOf("", xs).med, Valid: true}
		}
		sr.acaMed = acaMed[t]
		if !sr.acaMed.Valid && len(acaByType[t]) > 0 {
			sr.acaMed = sql.NullFloat64{Float64: boxOf("", acaByType[t]).med, Valid: true}
		}
		if unit == "taux" {
			if depDen[t] > 0 {
				sr.depRate = sql.NullFloat64{Float64: depNum[t] / depDen[t], Valid: true}
				sr.depMasked = depDen[t] < float64(seuil)
			}
			if acaDen[t] > 0 {
				sr.acaRate = sql.NullFloat64{Float64: acaNum[t] / acaDen[t], Valid: true}
				sr.acaMasked = acaDen[t] < float64(seuil)
			}
		}
		sums = append(sums, sr)
	}
	if len(boxes) > 0 {
		bid := id + "_types"
		h := 300
		opt, err := boxChart(bid, h, boxes, unit)
		if err != nil {
			return nil, nil, err
		}
		blocks = append(blocks, Block{Figure: &Figure{ID: bid, Title: label + " : répartition par type, département et académie", Height: h, Unit: unit, Option: opt,
			Note: "Boîte : du 1er au 3e quartile, trait : médiane, moustaches : minimum et maximum.", Table: bt.finish(bid, bid+"-"+dep)}})
	}
	return blocks, sums, nil
}

// maxBars: bars per ranked chart, so that one chart fits on an A4 page.
const maxBars = 40

// schoolRow is one school in the département table of an indicator.
func schoolRow(s school, r *value, masked, low bool, q1 sql.NullFloat64, unit string, below map[string]int) Row {
	typ := s.Type
	if typ == "" {
		typ = typeLabel(s.TypeComp)
	}
	row := Row{Cells: []Cell{{Text: s.name(), Sort: strings.ToLower(s.name()), Strong: low}, textCell(s.UAI), textCell(typ), textCell(s.Commune), {Text: unitName(unit), Only: "csv"}}}
	empty := []Cell{{Only: "html"}, {Only: "csv", CSV: strp("")}, {Only: "csv", CSV: strp("")}, textCell(""), textCell(""), textCell(""), textCell("")}
	switch {
	case r == nil:
		row.Cells = append(row.Cells, Cell{Text: "non disponible", CSV: strp(""), Masked: true})
		row.Cells = append(row.Cells, empty...)
		row.Cells = append(row.Cells, textCell("aucune donnée"))
	case masked:
		row.Cells = append(row.Cells, maskedCell(""))
		row.Cells = append(row.Cells, empty...)
		row.Cells = append(row.Cells, textCell("effectif insuffisant"))
	default:
		gap := Cell{Text: fmtGap(r.EcartN1, unit), CSV: strp(csvNumber(r.EcartN1, gapUnit(unit))), Sort: sortKey(r.EcartN1), Num: true}
		rank := Cell{Text: rankText(r.DepRang, r.DepN), Num: true}
		if r.DepRang.Valid {
			rank.Sort = fmt.Sprint(r.DepRang.Int64)
		}
		var marks []string
		if low {
			marks = append(marks, "sous le 1er quartile")
			row.Class = "low"
			below[s.TypeComp]++
		}
		if r.Estimation {
			marks = append(marks, "estimation")
		}
		row.Cells = append(row.Cells, valCell(r.Val, unit), Cell{Text: ratio(r.Num, r.Den), Num: true, Only: "html"},
			withOnly(countCell(r.Num), "csv"), withOnly(countCell(r.Den), "csv"),
			rank, valCell(q1, unit), valCell(r.N1, unit), gap, textCell(strings.Join(marks, " ; ")))
	}
	return row
}

func typeColor(i int) string {
	return []string{colSchool, "#2e8b57", "#8e44ad", "#7f8c8d"}[i%4]
}
