package report

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"filmnum/internal/fail"
)

// lowActivation: a class below this EduConnect activation rate is listed
// as "à relancer" (credentials to send again, film annuel Nov–Dec).
const lowActivation = 0.5

// buildEtablissement is the principal's year-end report.
func buildEtablissement(ctx context.Context, st *store, opt Options) (*pageModel, string, error) {
	uai := strings.ToUpper(strings.TrimSpace(opt.UAI))
	if uai == "" {
		return nil, "", fail.Usage("il manque l'établissement", "filmnum rapport etablissement --uai 0870015U")
	}
	sch, err := findSchool(ctx, st, uai)
	if err != nil {
		return nil, "", err
	}
	if sch == nil {
		return nil, "", fail.New(fmt.Sprintf("l'établissement %s est inconnu de la base", uai),
			"vérifiez l'UAI, ou chargez les données de référence et les exports de cet établissement")
	}
	y, err := resolveYear(ctx, st, opt, "uai = $1", uai)
	if err != nil {
		return nil, "", err
	}
	rows, err := st.loadValues(ctx, "uai = $1 AND annee_scolaire IN ($2, $3)", uai, y.String(), y.prev().String())
	if err != nil {
		return nil, "", err
	}
	vs := newValueSet(rows)
	page := &pageModel{
		Title:    sch.name(),
		Subtitle: "Bilan numérique de l'année " + y.String(),
		Running:  sch.name() + " — " + y.String(),
	}
	page.Meta = []metaItem{{"UAI", sch.UAI}}
	if sch.Type != "" {
		page.Meta = append(page.Meta, metaItem{"Type", sch.Type})
	}
	if sch.Commune != "" {
		page.Meta = append(page.Meta, metaItem{"Commune", sch.Commune})
	}
	if sch.Dept != "" || sch.DeptCode != "" {
		page.Meta = append(page.Meta, metaItem{"Département", strings.TrimSpace(sch.Dept + " (" + sch.DeptCode + ")")})
	}
	page.Meta = append(page.Meta, metaItem{"Année scolaire", y.String()}, metaItem{"Données au", frDate(opt.AsOf)})
	if sch.NotInSeeds {
		page.Notices = append(page.Notices, fmt.Sprintf("Établissement absent des données de référence (seeds/etablissements.csv) : ni type, ni département, ni effectifs ; aucune comparaison avec le département ou l'académie. N-1 : année %s.", y.prev()))
	} else {
		page.Notices = append(page.Notices, fmt.Sprintf("Comparaisons : établissements de même type (%s) du département et de l'académie ; médiane et quartiles (Q1, Q3). N-1 : année %s.",
			strings.ToLower(typeLabel(sch.TypeComp)), y.prev()))
	}
	if ok, why := st.valuesUsable(); !ok {
		page.Notices = append(page.Notices, "Aucun indicateur : "+why+".")
	}
	page.Notices = append(page.Notices, st.valueNotes()...)

	comps, err := st.competenceNames(ctx)
	if err != nil {
		return nil, "", err
	}
	fd := &filmData{sch: *sch, y: y, asOf: dayOf(opt.AsOf), vs: vs}
	for _, fam := range families {
		sec, err := familySection(ctx, st, fam, vs, *sch, y, opt, comps, fd)
		if err != nil {
			return nil, "", err
		}
		page.Sections = append(page.Sections, sec)
	}
	film, err := filmSection(ctx, st, fd)
	if err != nil {
		return nil, "", err
	}
	page.Sections = append(page.Sections, film)
	return page, y.String(), nil
}

// findSchool looks the school up in the reference data, else in the
// indicators.
func findSchool(ctx context.Context, st *store, uai string) (*school, error) {
	ss, err := st.loadSchools(ctx, "upper(uai) = $1", uai)
	if err != nil {
		return nil, err
	}
	if len(ss) > 0 {
		return &ss[0], nil
	}
	if ok, _ := st.valuesUsable(); !ok {
		return nil, nil
	}
	rows, err := st.query(ctx, "SELECT "+st.selectCols("ind_valeurs", []colSpec{{"nom", "VARCHAR"}, {"type_comparaison", "VARCHAR"}, {"departement_code", "VARCHAR"}, {"departement", "VARCHAR"}})+
		" FROM ind_valeurs WHERE uai = $1 LIMIT 1", uai)
	if err != nil {
		return nil, fmt.Errorf("lecture de ind_valeurs : %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var n, t, dc, d sql.NullString
	if err := rows.Scan(&n, &t, &dc, &d); err != nil {
		return nil, err
	}
	return &school{UAI: uai, Nom: n.String, TypeComp: t.String, DeptCode: dc.String, Dept: d.String, NotInSeeds: true}, nil
}

// orderedIndicators: the family's indicators present for the year,
// catalogue order first, then unknown ids alphabetically.
func orderedIndicators(vs *valueSet, fam, uai string, y schoolYear) []indicator {
	present := map[string]bool{}
	for _, id := range vs.indicatorsOf(fam, uai, y.String()) {
		present[id] = true
	}
	var out []indicator
	for _, ind := range indicators {
		if present[ind.id] {
			out = append(out, ind)
			delete(present, ind.id)
		}
	}
	var rest []string
	for id := range present {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		def, _ := indicatorByID(id)
		out = append(out, def)
	}
	return out
}

// annual is the school-year row of an indicator: periode 'annee', else the
// latest period (last snapshot, last month of a cumulative count).
func annual(vs *valueSet, ind, uai string, y schoolYear, dim string) *value {
	if r := vs.get(ind, uai, y.String(), "annee", dim); r != nil {
		return r
	}
	ps := vs.periods(ind, uai, y.String())
	for i := len(ps) - 1; i >= 0; i-- {
		if r := vs.get(ind, uai, y.String(), ps[i], dim); r != nil {
			return r
		}
	}
	return nil
}

// lastYear returns N-1 and the gap: from the row's columns, else from the
// N-1 rows loaded.
func lastYear(vs *valueSet, r *value, uai string, y schoolYear) (n1, gap sql.NullFloat64) {
	n1, gap = r.N1, r.EcartN1
	if !n1.Valid {
		if p := annual(vs, r.Ind, uai, y.prev(), r.Dim); p != nil {
			n1 = p.Val
		}
	}
	if !gap.Valid && n1.Valid && r.Val.Valid {
		d := r.Val.Float64 - n1.Float64
		if r.Unite == "taux" {
			d *= 100
		}
		gap = sql.NullFloat64{Float64: d, Valid: true}
	}
	return n1, gap
}

func keyFigure(def indicator, r *value, n1, gap sql.NullFloat64) KeyFigure {
	bad, why := alert(def, r)
	k := KeyFigure{Label: itemLabel(def, r.Dim), Value: fmtValue(r.Val, r.Unite), Estimate: r.Estimation, Low: bad}
	if r.Unite == "taux" {
		k.Detail = ratio(r.Num, r.Den)
		if k.Detail == "" && r.Den.Valid && def.id == "ent_connexion" {
			k.Detail = fmt.Sprintf("moyenne de %s mois", frNumber(r.Den.Float64, 0))
		}
	} else if r.Effectif.Valid {
		k.Detail = "sur " + frNumber(float64(r.Effectif.Int64), 0)
	}
	var cmp []string
	if r.DepMed.Valid {
		cmp = append(cmp, "médiane dép. "+fmtValue(r.DepMed, r.Unite))
	}
	if r.AcaMed.Valid {
		cmp = append(cmp, "acad. "+fmtValue(r.AcaMed, r.Unite))
	}
	if r.DepRang.Valid && r.DepN.Valid {
		cmp = append(cmp, fmt.Sprintf("rang %d / %d", r.DepRang.Int64, r.DepN.Int64))
	}
	k.Compare = strings.Join(cmp, " · ")
	if n1.Valid {
		k.N1 = "N-1 : " + fmtValue(n1, r.Unite)
		if g := fmtGap(gap, r.Unite); g != "" {
			k.N1 += " (" + g + ")"
		}
	}
	if bad {
		k.Compare = strings.TrimSpace(k.Compare + " — " + why)
	}
	return k
}

// familySection builds one indicator family's section.
func familySection(ctx context.Context, st *store, fam family, vs *valueSet, sch school, y schoolYear, opt Options, comps map[string]string, fd *filmData) (*Section, error) {
	sec := &Section{ID: fam.key, Title: fam.title, Intro: fam.intro}
	inds := orderedIndicators(vs, fam.key, sch.UAI, y)
	if len(inds) == 0 {
		src := fam.table
		if ok, why := st.valuesUsable(); !ok {
			src = why
		}
		sec.missing(fmt.Sprintf("aucune donnée %s pour cet établissement en %s ; chargez %s puis lancez « filmnum indicateurs ».", src, y, fam.export))
	}
	var keys []KeyFigure
	var items []cmpItem
	for _, def := range inds {
		dims := def.keyDims
		if len(dims) == 0 && !def.byDim && len(def.compare) == 0 {
			// Unknown or secondary indicator: every dimension of the year.
			dims = vs.dims(def.id, sch.UAI, y.String(), "annee")
		}
		for _, dim := range union(dims, def.compare) {
			r := annual(vs, def.id, sch.UAI, y, dim)
			if r == nil {
				continue
			}
			n1, gap := lastYear(vs, r, sch.UAI, y)
			if contains(def.keyDims, dim) {
				keys = append(keys, keyFigure(def, r, n1, gap))
			}
			items = append(items, cmpItem{def: def, dim: dim, r: r, n1: n1, gap: gap})
		}
	}
	if len(keys) > 0 {
		sec.add(Block{Keys: keys})
	}
	if len(items) > 0 {
		id := fam.key + "_comparaison"
		t := comparisonTable(items, "Valeurs "+y.String()+" et comparaisons ; rang 1 = valeur la plus haute ; – : non disponible").finish(id, id)
		fig, err := comparisonChart(id, "Établissement, médianes du département et de l'académie ("+strings.ToLower(typeLabel(sch.TypeComp))+")", items)
		if err != nil {
			return nil, err
		}
		if fig != nil {
			fig.Table = t
			sec.add(Block{Figure: fig})
		} else {
			sec.add(Block{Table: t})
		}
	}
	for _, def := range inds {
		if len(def.trend) == 0 || fam.key == "educonnect" {
			continue
		}
		fig, err := trendFigure(def, vs, sch.UAI, y)
		if err != nil {
			return nil, err
		}
		if fig != nil {
			sec.add(Block{Figure: fig})
		}
	}
	for _, def := range inds {
		if !def.byDim {
			continue
		}
		label := dimLabel
		if def.id == "campagne_maitrise" {
			label = func(code string) string {
				if l := comps[code]; l != "" {
					return code + " " + l
				}
				return code
			}
		}
		fig, err := byDimFigure(def, vs, sch.UAI, y, label)
		if err != nil {
			return nil, err
		}
		if fig != nil {
			sec.add(Block{Figure: fig})
		}
	}
	var err error
	switch fam.key {
	case "gar":
		err = garBlocks(ctx, st, sec, sch, y, fd)
	case "certification":
		err = sessionBlocks(ctx, st, sec, sch, y, fd)
	case "educonnect":
		err = educonnectBlocks(sec, vs, sch, y, fd)
	case "campagnes":
		err = campaignBlocks(ctx, st, sec, sch, y, opt, fd)
	}
	return sec, err
}

func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func dateCell(t sql.NullTime) Cell {
	if !t.Valid {
		return Cell{Text: "–", CSV: strp("")}
	}
	return Cell{Text: frShortDate(t.Time), CSV: strp(t.Time.Format("2006-01-02")), Sort: t.Time.Format("2006-01-02")}
}

func nullIntCell(n sql.NullInt64) Cell {
	if !n.Valid {
		return Cell{Text: "–", CSV: strp(""), Num: true}
	}
	return intCell(n.Int64)
}

// garBlocks: subscriptions, unassigned licences, renewals to decide.
func garBlocks(ctx context.Context, st *store, sec *Section, sch school, y schoolYear, fd *filmData) error {
	subs, ok, err := st.garSubscriptions(ctx, sch.UAI, y)
	if err != nil {
		return err
	}
	fd.garKnown = ok
	sec.add(Block{Heading: "Abonnements et renouvellements"})
	if !ok {
		sec.add(Block{Missing: "stg_gar_ressources (affectations GAR avec dates de fin) : chargez l'export des affectations du GAR."})
		return nil
	}
	if len(subs) == 0 {
		sec.add(Block{Note: "Aucun abonnement GAR connu pour " + y.String() + "."})
		return nil
	}
	t := &Table{Caption: "Ressources GAR : exemplaires achetés, attribués aux élèves et aux enseignants, fin d'abonnement", Head: []Col{
		{Label: "Ressource"}, {Label: "Éditeur"}, {Label: "Exemplaires", Num: true}, {Label: "Élèves", CSVLabel: "Attribués élèves", Num: true},
		{Label: "Enseignants", CSVLabel: "Attribués enseignants", Num: true}, {Label: "Non attribués", Num: true}, {Label: "Fin"}, {Label: "À renouveler"}}}
	for _, g := range subs {
		copies := nullIntCell(g.Copies)
		if g.Unlimited {
			copies = Cell{Text: "illimité", CSV: strp("illimité"), Num: true}
		}
		unassigned := nullIntCell(g.Unassigned)
		renew := "non"
		row := Row{}
		if g.endsBeforeNextYear(y) {
			renew = "oui"
			fd.garRenew = append(fd.garRenew, g)
			row.Class = "low"
		}
		row.Cells = []Cell{textCell(g.Name), textCell(g.Publisher), copies, nullIntCell(g.Pupils), nullIntCell(g.Teachers), unassigned, dateCell(g.End), textCell(renew)}
		t.Rows = append(t.Rows, row)
	}
	fd.garTotal = len(subs)
	sec.add(Block{Table: t.finish("gar_abonnements", "gar_abonnements")})
	sec.add(Block{Note: fmt.Sprintf("%s sur %d : fin avant la rentrée %d, renouvellement à décider entre mai et juillet.", nb(len(fd.garRenew), "abonnement", "abonnements"), len(subs), y.start+1)})
	return nil
}

// sessionBlocks: the certification sessions held by the school.
func sessionBlocks(ctx context.Context, st *store, sec *Section, sch school, y schoolYear, fd *filmData) error {
	ss, ok, err := st.sessions(ctx, sch.UAI, y)
	if err != nil {
		return err
	}
	fd.sessionsKnown, fd.sessions = ok, ss
	sec.add(Block{Heading: "Sessions de certification"})
	if !ok {
		sec.add(Block{Missing: "stg_certification_sessions (sessions de certification) : chargez les résultats de certification Pix."})
		return nil
	}
	if len(ss) == 0 {
		sec.add(Block{Note: "Aucune session de certification connue pour " + y.String() + "."})
		return nil
	}
	t := &Table{Caption: "Sessions de certification Pix tenues", Head: []Col{{Label: "Date"}, {Label: "Session"}, {Label: "Inscrits", Num: true}, {Label: "Certifiés", Num: true}}}
	for _, s := range ss {
		id := "–"
		if s.ID.Valid {
			id = fmt.Sprint(s.ID.Int64)
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{dateCell(sql.NullTime{Time: s.Date, Valid: true}), textCell(id), intCell(s.Candidates), intCell(s.Certified)}})
	}
	sec.add(Block{Table: t.finish("certif_sessions", "certif_sessions")})
	return nil
}

// educonnectBlocks: activation curve over the snapshots and the classes
// lowest at the latest one.
func educonnectBlocks(sec *Section, vs *valueSet, sch school, y schoolYear, fd *filmData) error {
	var dates []string
	seen := map[string]bool{}
	for _, ind := range []string{"educonnect_eleves", "educonnect_responsables"} {
		for _, p := range vs.periods(ind, sch.UAI, y.String()) {
			if len(p) == 10 && !seen[p] {
				seen[p] = true
				dates = append(dates, p)
			}
		}
	}
	sort.Strings(dates)
	fd.ecDates = dates
	if len(dates) == 0 {
		return nil
	}
	labels := make([]string, len(dates))
	for i, d := range dates {
		labels[i] = periodLabel(d)
	}
	t := &Table{Caption: "Données du graphique", Head: []Col{{Label: "Relevé"}, {Label: "Élèves", CSVLabel: "Élèves (%)", Num: true}, {Label: "Responsables", CSVLabel: "Responsables (%)", Num: true}}}
	pupils := series{name: "Élèves", color: palette[0]}
	parents := series{name: "Responsables légaux", color: palette[1]}
	for i, d := range dates {
		e := vs.get("educonnect_eleves", sch.UAI, y.String(), d, "")
		r := vs.get("educonnect_responsables", sch.UAI, y.String(), d, "")
		ev, rv := sql.NullFloat64{}, sql.NullFloat64{}
		if e != nil {
			ev = e.Val
		}
		if r != nil {
			rv = r.Val
		}
		pupils.values = append(pupils.values, chartVal(ev, "taux"))
		parents.values = append(parents.values, chartVal(rv, "taux"))
		t.Rows = append(t.Rows, Row{Cells: []Cell{{Text: labels[i], CSV: strp(d), Sort: d}, valCell(ev, "taux"), valCell(rv, "taux")}})
	}
	id := "educonnect_releves"
	opt, err := lineChart(id, 280, labels, []series{pupils, parents}, "taux", nil)
	if err != nil {
		return err
	}
	sec.add(Block{Figure: &Figure{ID: id, Title: "Activation des comptes EduConnect, relevé après relevé", Height: 280, Unit: "taux", Option: opt, Table: t.finish(id, id)}})

	// Classes at the latest snapshot, lowest first.
	last := dates[len(dates)-1]
	type cls struct {
		name string
		e, r *value
	}
	byName := map[string]*cls{}
	var classes []*cls
	for _, ind := range []string{"educonnect_eleves", "educonnect_responsables"} {
		for _, d := range vs.dims(ind, sch.UAI, y.String(), last) {
			if d == "" {
				continue
			}
			c := byName[d]
			if c == nil {
				c = &cls{name: d}
				byName[d] = c
				classes = append(classes, c)
			}
			if ind == "educonnect_eleves" {
				c.e = vs.get(ind, sch.UAI, y.String(), last, d)
			} else {
				c.r = vs.get(ind, sch.UAI, y.String(), last, d)
			}
		}
	}
	if len(classes) == 0 {
		sec.add(Block{Note: "Pas de détail par classe dans les relevés EduConnect."})
		return nil
	}
	rate := func(v *value) float64 {
		if v == nil || !v.Val.Valid {
			return 2 // unknown sorts last
		}
		return v.Val.Float64
	}
	sort.SliceStable(classes, func(i, j int) bool {
		a, b := min(rate(classes[i].r), rate(classes[i].e)), min(rate(classes[j].r), rate(classes[j].e))
		if a != b {
			return a < b
		}
		return classes[i].name < classes[j].name
	})
	ct := &Table{Caption: "Classes au relevé du " + periodLabel(last) + ", les moins activées d'abord", Sortable: true, Head: []Col{
		{Label: "Classe"}, {Label: "Élèves activés", CSVLabel: "Élèves activés (%)", Num: true}, {Label: "Élèves", Num: true},
		{Label: "Responsables activés", CSVLabel: "Responsables activés (%)", Num: true}, {Label: "Responsables", Num: true}, {Label: "À relancer"}}}
	low := 0
	for _, c := range classes {
		var ev, en, rv, rn sql.NullFloat64
		if c.e != nil {
			ev, en = c.e.Val, c.e.Den
		}
		if c.r != nil {
			rv, rn = c.r.Val, c.r.Den
		}
		row := Row{Cells: []Cell{textCell(c.name), valCell(ev, "taux"), countCell(en), valCell(rv, "taux"), countCell(rn)}}
		relancer := "non"
		if (ev.Valid && ev.Float64 < lowActivation) || (rv.Valid && rv.Float64 < lowActivation) {
			relancer, row.Class = "oui", "low"
			low++
		}
		row.Cells = append(row.Cells, textCell(relancer))
		ct.Rows = append(ct.Rows, row)
	}
	fd.ecLowClasses, fd.ecClasses = low, len(classes)
	sec.add(Block{Heading: "Classes à relancer"})
	sec.add(Block{Table: ct.finish("educonnect_classes", "educonnect_classes")})
	sec.add(Block{Note: fmt.Sprintf("%s sur %d : moins de %s de comptes élèves ou responsables activés ; renvoyer les identifiants.", nb(low, "classe", "classes"), len(classes), frNumber(lowActivation*100, 0)+nnbsp+"%")})
	return nil
}

// campaignBlocks: campaigns launched, pupils to support (counts, and names
// only with --nominatif).
func campaignBlocks(ctx context.Context, st *store, sec *Section, sch school, y schoolYear, opt Options, fd *filmData) error {
	cs, ok, err := st.campaigns(ctx, sch.UAI, y)
	if err != nil {
		return err
	}
	fd.campaignsKnown, fd.campaigns = ok, cs
	sec.add(Block{Heading: "Campagnes lancées"})
	if !ok {
		sec.add(Block{Missing: "stg_campagnes (campagnes Pix Orga) : chargez les exports des campagnes Pix."})
	} else if len(cs) == 0 {
		sec.add(Block{Note: "Aucune campagne Pix connue pour " + y.String() + "."})
	} else {
		t := &Table{Caption: "Campagnes Pix Orga de l'année", Sortable: true, Head: []Col{{Label: "Campagne"}, {Label: "Type"}, {Label: "Niveaux"}, {Label: "Première participation"},
			{Label: "Participants", Num: true}, {Label: "Terminés", Num: true}, {Label: "Partagés", Num: true}}}
		for _, c := range cs {
			typ := map[string]string{"evaluation": "évaluation", "collecte_profils": "collecte de profils"}[c.Type]
			if typ == "" {
				typ = c.Type
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{textCell(c.Name), textCell(typ), textCell(c.Levels), dateCell(c.First), nullIntCell(c.Participants), nullIntCell(c.Finished), nullIntCell(c.Shared)}})
		}
		sec.add(Block{Table: t.finish("campagnes_liste", "campagnes_liste")})
	}

	sec.add(Block{Heading: "Élèves à accompagner vers la certification"})
	counts, ok, err := st.supportByClass(ctx, sch.UAI, y)
	if err != nil {
		return err
	}
	fd.supportKnown = ok
	if !ok {
		sec.add(Block{Missing: "stg_eleves_a_accompagner (profils non certifiables) : chargez une collecte de profils Pix des niveaux certifiés."})
		return nil
	}
	total := int64(0)
	t := &Table{Caption: "Élèves des niveaux certifiés dont le profil n'est pas encore certifiable, par classe", Head: []Col{{Label: "Classe"}, {Label: "Niveau"}, {Label: "Élèves", Num: true}}}
	for _, c := range counts {
		total += c.Count
		t.Rows = append(t.Rows, Row{Cells: []Cell{textCell(c.Class), textCell(c.Level), intCell(c.Count)}})
	}
	fd.supportCount = total
	if len(counts) == 0 {
		sec.add(Block{Note: "Aucun élève à accompagner d'après les collectes de profils."})
		return nil
	}
	sec.add(Block{Table: t.finish("a_accompagner_classes", "a_accompagner_classes")})
	if !opt.Nominatif {
		sec.add(Block{Note: "La liste nominative n'est produite qu'à la demande (option --nominatif) : elle contient des données personnelles d'élèves."})
		return nil
	}
	ps, _, err := st.supportNominative(ctx, sch.UAI, y)
	if err != nil {
		return err
	}
	nt := &Table{Caption: "Liste nominative — document interne à l'établissement, à ne pas diffuser", Head: []Col{{Label: "Nom"}, {Label: "Prénom"}, {Label: "Classe"}, {Label: "Niveau"},
		{Label: "Compétences au niveau 1 ou plus", Num: true}, {Label: "Pix", Num: true}}}
	for _, p := range ps {
		nom, prenom := p.Nom, p.Prenom
		if !p.Identified {
			nom, prenom = "(identité non chargée)", ""
		}
		nt.Rows = append(nt.Rows, Row{Cells: []Cell{textCell(nom), textCell(prenom), textCell(p.Class), textCell(p.Level), nullIntCell(p.Competences), nullIntCell(p.Pix)}})
	}
	sec.add(Block{Table: nt.finish("a_accompagner_nominatif", "a_accompagner_nominatif")})
	return nil
}
