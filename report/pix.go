package report

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// nearEndDays: a school with no session this many days before the end of
// its certification window (catch-up included) is listed.
const nearEndDays = 21

// buildPix is the SRANE's follow-up of Pix certification: certified pupils
// cumulated month by month against the target population, per département
// and school type, with the certification windows; schools without a
// session near the end of their window; Pix levels. No pupil data is read.
func buildPix(ctx context.Context, st *store, opt Options) (*pageModel, string, error) {
	dep := normDept(opt.Departement)
	where, args := "indicateur LIKE 'certif%'", []any{}
	if dep != "" {
		where += " AND departement_code = $1"
		args = append(args, dep)
	}
	y, err := resolveYear(ctx, st, opt, where, args...)
	if err != nil {
		return nil, "", err
	}
	ys := y.String()
	rows, err := st.loadValues(ctx, "annee_scolaire = $1 AND indicateur IN ('certif_taux', 'certif_niveau')", ys)
	if err != nil {
		return nil, "", err
	}
	var academy map[string]bool
	var schools []school
	if dep != "" {
		if academy, err = academyOf(ctx, st, dep); err != nil {
			return nil, "", err
		}
	}
	all, err := st.loadSchools(ctx, "")
	if err != nil {
		return nil, "", err
	}
	for _, s := range schoolsFromValues(all, rows) {
		if academy == nil || academy[s.UAI] {
			schools = append(schools, s)
		}
	}
	inScope := func(s school) bool { return dep == "" || s.DeptCode == dep }
	var scope []school
	for _, s := range schools {
		if inScope(s) {
			scope = append(scope, s)
		}
	}
	if dep != "" && len(scope) == 0 {
		return nil, "", fmt.Errorf("aucun établissement du département %s dans la base", dep)
	}
	vs := newValueSet(rows)

	title := "Certification Pix"
	running := "Certification Pix — " + ys
	sub := "Suivi de la certification Pix des élèves " + ys
	if dep != "" {
		name := dep
		if len(scope) > 0 && scope[0].Dept != "" {
			name = scope[0].Dept + " (" + dep + ")"
		}
		title += " — " + name
		running = "Certification Pix — " + name + " — " + ys
	}
	// A database may hold several academies (a national one): the title and
	// the dashed total name what the report covers, not its first school's.
	total := pixTotal{label: "Académie", note: "l'académie"}
	if acas := academyNames(schools); len(acas) > 1 {
		total = pixTotal{label: "Ensemble", note: "l'ensemble des établissements"}
		if dep == "" {
			title += fmt.Sprintf(" — %d académies", len(acas))
		}
	} else if dep == "" && len(acas) == 1 {
		title += " — académie de " + acas[0]
	}
	page := &pageModel{Title: title, Subtitle: sub, Running: running}
	page.Meta = []metaItem{{"Année scolaire", ys}, {"Données au", frDate(opt.AsOf)}, {"Établissements", fmt.Sprint(len(scope))},
		{"Seuil de masquage", fmt.Sprintf("moins de %d élèves", opt.Seuil)}}
	page.Notices = append(page.Notices, "Population cible : élèves de 3e (collèges), de Tle, Tle pro et CAP2 (lycées). Certifiés : certification Pix « Validée », un élève compté une fois. Aucune donnée nominative n'est lue ; un total calculé sur moins de "+fmt.Sprint(opt.Seuil)+" élèves est masqué.")
	if ok, why := st.valuesUsable(); !ok {
		page.Notices = append(page.Notices, "Aucun indicateur : "+why+".")
	}

	targets, err := pixTargets(ctx, st, vs, schools, y)
	if err != nil {
		return nil, "", err
	}
	ws, err := st.certWindows(ctx, y)
	if err != nil {
		return nil, "", err
	}
	sessions, sessionsKnown, err := st.sessions(ctx, "", y)
	if err != nil {
		return nil, "", err
	}

	// Months from September to the report date.
	months := y.months()
	last := len(months) - 1
	for i, m := range months {
		if m > dayOf(opt.AsOf).Format("2006-01") {
			last = i - 1
			break
		}
	}
	if last < 0 {
		last = 0
	}
	months = months[:last+1]
	cum := cumulative(vs, schools, ys, months)

	// 1. Monthly curves, one chart per school type.
	curves := &Section{ID: "suivi", Title: "Élèves certifiés, mois par mois",
		Intro: "Part de la population cible certifiée, cumulée depuis septembre, par département ; les fenêtres nationales de certification sont grisées."}
	if len(cum) == 0 {
		curves.missing("aucun résultat de certification (indicateur certif_taux de ind_valeurs) pour " + ys + " ; chargez les résultats de certification Pix puis lancez « filmnum indicateurs ».")
	}
	if ws == nil {
		curves.missing("seed_calendrier (fenêtres de certification) : les fenêtres ne sont pas tracées.")
	}
	types := map[string]int{}
	for _, s := range scope {
		types[s.TypeComp]++
	}
	var summary []pixSummary
	for _, t := range sortedTypes(types) {
		fig, sums, err := pixCurve(t, schools, scope, dep, months, cum, targets, ws, y, opt.Seuil, total)
		if err != nil {
			return nil, "", err
		}
		if fig != nil && len(cum) > 0 {
			curves.add(Block{Figure: fig})
		}
		summary = append(summary, sums...)
	}
	page.Sections = append(page.Sections, curves)

	// 2. Per département and type: where things stand.
	sumSec := &Section{ID: "bilan", Title: "Par département et type d'établissement"}
	sessionsBy := map[string][]certSession{}
	for _, s := range sessions {
		sessionsBy[s.UAI] = append(sessionsBy[s.UAI], s)
	}
	if !sessionsKnown {
		sumSec.missing("stg_certification_sessions (sessions de certification) : le nombre de sessions n'est pas connu.")
	}
	st2 := &Table{Caption: "Population cible, certifiés et sessions à la date du rapport", Head: []Col{
		{Label: "Département"}, {Label: "Type"}, {Label: "Établissements", Num: true}, {Label: "Population cible", Num: true}, {Label: "Certifiés", Num: true},
		{Label: "Taux", CSVLabel: "Taux (%)", Num: true}, {Label: "Sans résultat chargé", Num: true}, {Label: "Avec session", CSVLabel: "Établissements avec session", Num: true}}}
	for _, sm := range summary {
		withSession, noResult := 0, 0
		for _, s := range scope {
			if s.DeptCode != sm.dept || s.TypeComp != sm.typ {
				continue
			}
			if len(sessionsBy[s.UAI]) > 0 {
				withSession++
			}
			if _, ok := cum[s.UAI]; !ok {
				noResult++
			}
		}
		row := Row{Cells: []Cell{textCell(sm.deptLabel), textCell(typeLabel(sm.typ)), intCell(int64(sm.schools))}}
		if sm.target < float64(opt.Seuil) {
			row.Cells = append(row.Cells, maskedCell(""), maskedCell(""), maskedCell(""))
		} else {
			row.Cells = append(row.Cells, countCell(nf(sm.target)), countCell(nf(sm.certified)), valCell(nf(sm.certified/sm.target), "taux"))
		}
		row.Cells = append(row.Cells, intCell(int64(noResult)))
		if sessionsKnown {
			row.Cells = append(row.Cells, intCell(int64(withSession)))
		} else {
			row.Cells = append(row.Cells, Cell{Text: "–", CSV: strp(""), Num: true})
		}
		st2.Rows = append(st2.Rows, row)
	}
	if len(summary) > 0 {
		sumSec.add(Block{Table: st2.finish("pix_bilan", "pix_bilan")})
	}
	page.Sections = append(page.Sections, sumSec)

	// 3. Schools with no session near the end of their window.
	late := &Section{ID: "sans-session", Title: "Établissements sans session en fin de fenêtre",
		Intro: fmt.Sprintf("Établissements qui n'ont tenu aucune session de certification dans leur fenêtre, quand il reste moins de %d jours avant sa fin (rattrapage compris) ou qu'elle est close.", nearEndDays)}
	if ws == nil {
		late.missing("seed_calendrier (fenêtres de certification) : impossible de dire quelles fenêtres se terminent.")
	} else {
		lt := &Table{Caption: "Établissements à relancer", Sortable: true, Head: []Col{{Label: "Établissement"}, {Label: "UAI"}, {Label: "Type"}, {Label: "Département"},
			{Label: "Fin de fenêtre"}, {Label: "Échéance"}, {Label: "Population cible", Num: true}, {Label: "Certifiés", Num: true}}}
		asOf := dayOf(opt.AsOf)
		for _, s := range scope {
			mw, end, ok := mainWindow(ws, certPublic(s.TypeComp))
			if !ok || asOf.Before(mw.from) || asOf.Before(end.AddDate(0, 0, -nearEndDays)) {
				continue
			}
			held := false
			for _, ss := range sessionsBy[s.UAI] {
				if !ss.Date.Before(mw.from) && !ss.Date.After(end) {
					held = true
				}
			}
			certified := 0.0
			if c := cum[s.UAI]; len(c) > 0 {
				certified = c[len(c)-1]
			}
			// A certified pupil means a session was held, whatever the
			// session list says (it may come from fewer exports).
			held = held || certified > 0
			if held {
				continue
			}
			days := int(end.Sub(asOf).Hours() / 24)
			due := "dans " + nb(days, "jour", "jours")
			if days < 0 {
				due = "close depuis " + nb(-days, "jour", "jours")
			} else if days == 0 {
				due = "aujourd'hui"
			}
			row := Row{Class: "low", Cells: []Cell{textCell(s.name()), textCell(s.UAI), textCell(typeLabel(s.TypeComp)), textCell(deptLabel(s)),
				dateCell(sql.NullTime{Time: end, Valid: true}), {Text: due, Sort: fmt.Sprint(days)}}}
			tg := targets[s.UAI]
			if tg > 0 && tg < float64(opt.Seuil) {
				row.Cells = append(row.Cells, maskedCell(""), maskedCell(""))
			} else {
				row.Cells = append(row.Cells, countCell(nf(tg)), countCell(nf(certified)))
			}
			lt.Rows = append(lt.Rows, row)
		}
		if len(lt.Rows) == 0 {
			late.add(Block{Note: "Aucun établissement dans ce cas à la date du " + frDate(opt.AsOf) + "."})
		} else {
			if !sessionsKnown {
				late.add(Block{Note: "Sessions inconnues (stg_certification_sessions absente) : un établissement est listé quand aucun de ses élèves n'est certifié."})
			}
			late.add(Block{Table: lt.finish("sans_session", "sans_session")})
		}
	}
	page.Sections = append(page.Sections, late)

	// 4. Pix levels of the certified pupils, per school type.
	lv := &Section{ID: "niveaux", Title: "Niveaux Pix des élèves certifiés"}
	fig, err := levelFigure(vs, scope, ys, opt.Seuil)
	if err != nil {
		return nil, "", err
	}
	if fig == nil {
		lv.missing("aucune répartition par niveau (indicateur certif_niveau de ind_valeurs) pour " + ys + ".")
	} else {
		lv.add(Block{Figure: fig})
	}
	page.Sections = append(page.Sections, lv)
	return page, ys, nil
}

func nf(x float64) sql.NullFloat64 { return sql.NullFloat64{Float64: x, Valid: true} }

func deptLabel(s school) string {
	if s.Dept != "" {
		return s.Dept + " (" + s.DeptCode + ")"
	}
	return s.DeptCode
}

// pixTargets: pupils of the certification levels per school, from the
// certification indicator's denominator, else from seed_effectifs.
func pixTargets(ctx context.Context, st *store, vs *valueSet, schools []school, y schoolYear) (map[string]float64, error) {
	out := map[string]float64{}
	levels := map[string]map[string]float64{}
	if st.has("seed_effectifs", "uai", "annee_scolaire", "niveau", "eleves") {
		rows, err := st.query(ctx, `SELECT uai, niveau, sum(eleves) FROM seed_effectifs
			WHERE annee_scolaire = $1 AND niveau IN ('3e', 'Tle', 'Tle pro', 'CAP2') GROUP BY ALL`, y.String())
		if err != nil {
			return nil, fmt.Errorf("lecture de seed_effectifs : %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var u, n string
			var e sql.NullFloat64
			if err := rows.Scan(&u, &n, &e); err != nil {
				return nil, err
			}
			if levels[u] == nil {
				levels[u] = map[string]float64{}
			}
			levels[u][n] = e.Float64
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, s := range schools {
		if r := annual(vs, "certif_taux", s.UAI, y, ""); r != nil && r.Den.Valid {
			out[s.UAI] = r.Den.Float64
			continue
		}
		l := levels[s.UAI]
		if s.TypeComp == "college" {
			out[s.UAI] = l["3e"]
		} else {
			out[s.UAI] = l["Tle"] + l["Tle pro"] + l["CAP2"]
		}
	}
	return out, nil
}

// cumulative gives, per school, the certified pupils at the end of each
// month (a month without a row keeps the previous count).
func cumulative(vs *valueSet, schools []school, ys string, months []string) map[string][]float64 {
	out := map[string][]float64{}
	for _, s := range schools {
		var vals []float64
		cur, seen := 0.0, false
		for _, m := range months {
			if r := vs.get("certif_taux", s.UAI, ys, m, ""); r != nil && r.Num.Valid {
				cur, seen = r.Num.Float64, true
			}
			vals = append(vals, cur)
		}
		if seen {
			out[s.UAI] = vals
		}
	}
	return out
}

// pixTotal names the dashed series of every school in the report: the
// academy, or all of them when the database holds several academies.
type pixTotal struct{ label, note string }

// academyNames: the distinct academy names of schools, sorted.
func academyNames(schools []school) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range schools {
		if s.Aca != "" && !seen[s.Aca] {
			seen[s.Aca] = true
			out = append(out, s.Aca)
		}
	}
	sort.Strings(out)
	return out
}

type pixSummary struct {
	dept, deptLabel, typ string
	schools              int
	target, certified    float64
}

// pixCurve: one chart for a school type: per département (and the academy)
// the certified share of the target population, month by month.
func pixCurve(typ string, schools, scope []school, dep string, months []string, cum map[string][]float64, targets map[string]float64, ws map[string][]window, y schoolYear, seuil int, total pixTotal) (*Figure, []pixSummary, error) {
	type group struct {
		key, label    string
		target        float64
		certs         []float64
		schools       int
		academy, show bool
	}
	groups := map[string]*group{}
	var order []string
	addTo := func(key, label string, s school, academy bool) {
		g := groups[key]
		if g == nil {
			g = &group{key: key, label: label, certs: make([]float64, len(months)), academy: academy}
			groups[key] = g
			order = append(order, key)
		}
		g.schools++
		g.target += targets[s.UAI]
		for i, c := range cum[s.UAI] {
			g.certs[i] += c
		}
	}
	// A school without a target population (no headcount of its
	// certification levels in seed_effectifs, so no certif_taux) would add
	// its certified pupils to a share it has no part in: 669 of 11 000
	// schools of the national sample so pushed a département's lycées to
	// 161 %. It takes no part in the curves and sums; a note counts them.
	untargeted := 0
	for _, s := range schools {
		if s.TypeComp != typ {
			continue
		}
		inDep := dep == "" || s.DeptCode == dep
		if targets[s.UAI] <= 0 {
			if _, certified := cum[s.UAI]; certified && inDep {
				untargeted++
			}
			continue
		}
		if inDep {
			addTo("d"+s.DeptCode, deptLabel(s), s, false)
		}
		addTo("academie", total.label, s, true)
	}
	sort.SliceStable(order, func(i, j int) bool {
		if groups[order[i]].academy != groups[order[j]].academy {
			return !groups[order[i]].academy
		}
		return order[i] < order[j]
	})
	var ss []series
	var sums []pixSummary
	head := []Col{{Label: "Mois"}}
	var shown []*group
	for i, k := range order {
		g := groups[k]
		if !g.academy {
			sums = append(sums, pixSummary{dept: strings.TrimPrefix(k, "d"), deptLabel: g.label, typ: typ, schools: g.schools, target: g.target, certified: g.certs[len(g.certs)-1]})
		}
		if g.target < float64(seuil) {
			continue
		}
		s := series{name: g.label, color: palette[i%len(palette)]}
		if g.academy {
			s.color, s.dashed = "#444", true
		}
		for _, c := range g.certs {
			s.values = append(s.values, fp(chartNumber(c/g.target, "taux")))
		}
		ss = append(ss, s)
		shown = append(shown, g)
		short := strings.TrimPrefix(k, "d")
		if g.academy {
			short = total.label
		}
		head = append(head, Col{Label: short, CSVLabel: g.label + " certifiés", Num: true}, Col{Label: short + " %", CSVLabel: g.label + " (%)", Num: true})
	}
	if len(ss) == 0 {
		return nil, sums, nil
	}
	cats := make([]string, len(months))
	for i, m := range months {
		cats[i] = monthLabel(m)
	}
	var areas []area
	var notes []string
	if mw, end, ok := mainWindow(ws, certPublic(typ)); ok {
		from, to := mw.from.Format("2006-01"), end.Format("2006-01")
		if from <= months[len(months)-1] {
			if to > months[len(months)-1] {
				to = months[len(months)-1]
			}
			areas = append(areas, area{name: "Fenêtre", from: monthLabel(from), to: monthLabel(to), color: "rgba(125,139,153,0.16)"})
		}
		notes = append(notes, fmt.Sprintf("Fenêtre %s : du %s au %s (rattrapage compris).", strings.ToLower(typeLabel(typ)), frShortDate(mw.from), frShortDate(end)))
	}
	t := &Table{Caption: "Certifiés cumulés (par code de département) et part de la population cible (%)", Head: head}
	for i, m := range months {
		row := Row{Cells: []Cell{{Text: monthLabel(m), CSV: strp(m), Sort: m}}}
		for _, g := range shown {
			row.Cells = append(row.Cells, countCell(nf(g.certs[i])), valCell(nf(g.certs[i]/g.target), "taux"))
		}
		t.Rows = append(t.Rows, row)
	}
	row := Row{Cells: []Cell{{Text: "Population cible", CSV: strp("cible")}}}
	for _, g := range shown {
		row.Cells = append(row.Cells, countCell(nf(g.target)), textCell(""))
	}
	t.Rows = append(t.Rows, row)
	id := "certif_cumul_" + typ
	h := 320
	opt, err := lineChart(id, h, cats, ss, "taux", areas)
	if err != nil {
		return nil, nil, err
	}
	notes = append(notes, "En pointillés : "+total.note+".")
	if untargeted > 0 {
		notes = append(notes, fmt.Sprintf("%d établissement(s) avec des certifiés mais sans effectif de la population cible dans les référentiels (seed_effectifs) : écartés des parts.", untargeted))
	}
	return &Figure{ID: id, Title: typeLabel(typ) + " : part des élèves certifiés, cumulée", Height: h, Unit: "taux", Option: opt,
		Note: strings.Join(notes, " "), Table: t.finish(id, id)}, sums, nil
}

// levelFigure: certified pupils per Pix level, as a share of the certified
// pupils of each school type.
func levelFigure(vs *valueSet, scope []school, ys string, seuil int) (*Figure, error) {
	counts := map[string]map[string]float64{}
	totals := map[string]float64{}
	types := map[string]int{}
	for _, s := range scope {
		for _, l := range pixLevels {
			if r := vs.get("certif_niveau", s.UAI, ys, "annee", l); r != nil {
				// A share of the certified (taux): its numerator is the
				// count; a plain count otherwise.
				c := r.Val
				if r.Unite == "taux" {
					c = r.Num
				}
				if !c.Valid {
					continue
				}
				if counts[s.TypeComp] == nil {
					counts[s.TypeComp] = map[string]float64{}
				}
				counts[s.TypeComp][l] += c.Float64
				totals[s.TypeComp] += c.Float64
				types[s.TypeComp]++
			}
		}
	}
	if len(types) == 0 {
		return nil, nil
	}
	var ss []series
	head := []Col{{Label: "Niveau Pix"}}
	var shown []string
	for i, t := range sortedTypes(types) {
		if totals[t] < float64(seuil) {
			continue
		}
		s := series{name: typeLabel(t), color: typeColor(i)}
		for _, l := range pixLevels {
			s.values = append(s.values, fp(chartNumber(counts[t][l]/totals[t], "taux")))
		}
		ss = append(ss, s)
		shown = append(shown, t)
		head = append(head, Col{Label: typeShort(t), CSVLabel: typeLabel(t) + " (élèves)", Num: true}, Col{Label: typeShort(t) + " %", CSVLabel: typeLabel(t) + " (%)", Num: true})
	}
	if len(ss) == 0 {
		return nil, nil
	}
	t := &Table{Caption: "Élèves certifiés par niveau Pix : nombre et part des certifiés de chaque type d'établissement", Head: head}
	for _, l := range pixLevels {
		row := Row{Cells: []Cell{textCell(l)}}
		for _, ty := range shown {
			c := counts[ty][l]
			row.Cells = append(row.Cells, countCell(nf(c)), valCell(nf(c/totals[ty]), "taux"))
		}
		t.Rows = append(t.Rows, row)
	}
	id := "certif_niveaux"
	opt, err := barChart(id, 320, pixLevels, ss, "taux", false)
	if err != nil {
		return nil, err
	}
	return &Figure{ID: id, Title: "Répartition des certifiés par niveau Pix, par type d'établissement", Height: 320, Unit: "taux", Option: opt, Table: t.finish(id, id)}, nil
}
