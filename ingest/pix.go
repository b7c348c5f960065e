package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Pix exports, as Pix's own serializers write them (formats-pix.md): labels
// changed over the years, so columns are matched by header text, never by
// position, and every known generation of a label is accepted.

// competences are Pix's 16 competences (index → name) and 5 areas.
var competences = [][2]string{
	{"1.1", "Mener une recherche et une veille d’information"},
	{"1.2", "Gérer des données"},
	{"1.3", "Traiter des données"},
	{"2.1", "Interagir"},
	{"2.2", "Partager et publier"},
	{"2.3", "Collaborer"},
	{"2.4", "S’insérer dans le monde numérique"},
	{"3.1", "Développer des documents textuels"},
	{"3.2", "Développer des documents multimédia"},
	{"3.3", "Adapter les documents à leur finalité"},
	{"3.4", "Programmer"},
	{"4.1", "Sécuriser l’environnement numérique"},
	{"4.2", "Protéger les données personnelles et la vie privée"},
	{"4.3", "Protéger la santé, le bien-être et l’environnement"},
	{"5.1", "Résoudre des problèmes techniques"},
	{"5.2", "Construire un environnement numérique"},
}

var areas = [][2]string{
	{"1", "Information et données"},
	{"2", "Communication et collaboration"},
	{"3", "Création de contenu"},
	{"4", "Protection et sécurité"},
	{"5", "Environnement numérique"},
}

// resolveName maps a competence or area name, whatever its apostrophes,
// accents or small spelling variations, to its index; unknown names give
// "?<folded name>" so that nothing is silently dropped or mislabelled.
func resolveName(name string, table [][2]string) string {
	f := normHeader(name)
	for _, c := range table {
		if normHeader(c[1]) == f {
			return c[0]
		}
	}
	// Spelling varies in Pix's content ("multimédia"/"multimédias", a
	// missing article): accept a clear best match on words.
	best, bestScore, second := "", 0.0, 0.0
	for _, c := range table {
		sc := wordOverlap(f, normHeader(c[1]))
		if sc > bestScore {
			best, second, bestScore = c[0], bestScore, sc
		} else if sc > second {
			second = sc
		}
	}
	if bestScore >= 0.6 && bestScore-second >= 0.2 {
		return best
	}
	return "?" + f
}

// wordOverlap is the Jaccard index of the words (≥ 3 letters, plural s
// dropped) of two folded names.
func wordOverlap(a, b string) float64 {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\'' || r == ',' || r == '-' }) {
			if len(w) < 3 {
				continue
			}
			m[strings.TrimSuffix(w, "s")] = true
		}
		return m
	}
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	inter := 0
	for w := range wa {
		if wb[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(wa)+len(wb)-inter)
}

var (
	reDateTime = regexp.MustCompile(`^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$`)
	reDateFR   = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)
	reDateISO  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	rePalier   = regexp.MustCompile(`^palier obtenu \(/(\d+)\)$`)
	reBadge    = regexp.MustCompile(`^(.+) obtenu \(o/n\)$`)
)

// reDateTimeSec: a spreadsheet re-saving an export may write the seconds.
var reDateTimeSec = regexp.MustCompile(`^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$`)

// sniffTimestamp decides the strptime format of date columns from sample
// values; old exports write YYYY-MM-DD (UTC), new ones DD/MM/YYYY HH:mm (Paris).
func sniffTimestamp(s *sniffed, cols []int, fallback string) string {
	for _, rec := range s.Sample {
		for _, c := range cols {
			if c < 0 || c >= len(rec) {
				continue
			}
			v := strings.TrimSpace(rec[c])
			switch {
			case reDateTime.MatchString(v):
				return "%d/%m/%Y %H:%M"
			case reDateTimeSec.MatchString(v):
				return "%d/%m/%Y %H:%M:%S"
			case reDateISO.MatchString(v):
				return "%Y-%m-%d"
			case reDateFR.MatchString(v):
				return "%d/%m/%Y"
			}
		}
	}
	return fallback
}

// tzExpr converts a TIMESTAMP read from the file into a TIMESTAMPTZ: new
// exports give Paris wall-clock time, old ones UTC dates.
func tzExpr(col, format string) string {
	if format == "%Y-%m-%d" {
		return fmt.Sprintf("timezone('UTC', %s)", col)
	}
	return fmt.Sprintf("timezone('Europe/Paris', %s)", col)
}

// layoutBuilder accumulates columns and staging expressions.
type layoutBuilder struct {
	s     *sniffed
	hi    *headerIndex
	cols  []Column
	stage []string
}

func newBuilder(s *sniffed) *layoutBuilder {
	b := &layoutBuilder{s: s, hi: newHeaderIndex(s.Header), cols: make([]Column, len(s.Header))}
	for i, h := range s.Header {
		b.cols[i] = Column{Name: colName(i), Header: h, Type: "VARCHAR"}
	}
	return b
}

// col finds a column by label, types it and returns its SQL name ("" if absent).
func (b *layoutBuilder) col(typ string, labels ...string) string {
	i := b.hi.find(labels...)
	if i < 0 {
		return ""
	}
	b.cols[i].Type = typ
	return colName(i)
}

func (b *layoutBuilder) add(expr, as string) {
	b.stage = append(b.stage, expr+" AS "+as)
}

// orNull returns expr, or a typed NULL when the column is absent.
func orNull(col, typ string) string {
	if col == "" {
		return "NULL::" + typ
	}
	return col
}

func unguard(col string) string {
	if col == "" {
		return "NULL::VARCHAR"
	}
	return "_unguard(" + col + ")"
}

func headerOf(b *layoutBuilder, col string) string {
	if col == "" {
		return ""
	}
	i, _ := strconv.Atoi(strings.TrimPrefix(col, "c"))
	return b.s.Header[i]
}

// yesNoCheck rejects values other than Oui / Non.
func yesNoCheck(b *layoutBuilder, col, as string) Check {
	return Check{Column: headerOf(b, col), Bad: fmt.Sprintf("%s IS NOT NULL AND %s NOT IN ('Oui', 'Non')", as, as),
		Value: as, Motif: "valeur attendue « Oui » ou « Non »"}
}

func fractionCheck(b *layoutBuilder, col, as string) Check {
	return Check{Column: headerOf(b, col), Bad: fmt.Sprintf("%s < 0 OR %s > 1", as, as),
		Value: as + "::VARCHAR", Motif: "fraction hors de 0..1 (Pix écrit 0,67 pour 67 %)"}
}

func missingCheck(b *layoutBuilder, col, as, what string) Check {
	return Check{Column: headerOf(b, col), Bad: as + " IS NULL", Value: "NULL",
		Motif: what + " manquant(e)"}
}

var campagneRequired = []string{"Nom de l'organisation", "ID Campagne", "Nom de la campagne", "Parcours",
	"Nom du Participant", "Prénom du Participant", "% de progression", "Date et heure de début (Europe/Paris)",
	"Partage (O/N)"}

func init() {
	registerKind(&Kind{Name: "pix_campagne", Label: "campagne d'évaluation Pix Orga", Required: campagneRequired, Match: matchCampagne})
	registerKind(&Kind{Name: "pix_profils", Label: "collecte de profils Pix Orga", Required: profilsRequired, Match: matchProfils})
	registerKind(&Kind{Name: "pix_certif_session", Label: "résultats de certification Pix (par session)", Required: certifSessionRequired, Match: matchCertifSession})
	registerKind(&Kind{Name: "pix_certif_classe", Label: "résultats de certification Pix (par classe)", Required: certifClasseRequired, Match: matchCertifClasse})
}

// missingOf lists the required labels (each a set of alternatives, the
// first being shown) absent from the header.
func missingOf(hi *headerIndex, req [][]string) []string {
	var out []string
	for _, alts := range req {
		if !hi.has(alts...) {
			out = append(out, alts[0])
		}
	}
	return out
}

var campagneAlts = [][]string{
	{"Nom de l'organisation"}, {"ID Campagne"}, {"Nom de la campagne"}, {"Parcours", "Nom du Profil Cible"},
	{"Nom du Participant"}, {"Prénom du Participant"}, {"% de progression"},
	{"Date et heure de début (Europe/Paris)", "Date de début"}, {"Partage (O/N)"},
}

func matchCampagne(s *sniffed) (*Layout, []string) {
	b := newBuilder(s)
	if missing := missingOf(b.hi, campagneAlts); len(missing) > 0 {
		return nil, missing
	}
	l := &Layout{DecimalComma: true}
	c := b.orgaColumns()
	parcours := b.col("VARCHAR", "Parcours", "Nom du Profil Cible")
	prog := b.col("DOUBLE", "% de progression")
	debut := b.col("TIMESTAMP", "Date et heure de début (Europe/Paris)", "Date de début")
	partage := b.col("VARCHAR", "Partage (O/N)")
	partageLe := b.col("TIMESTAMP", "Date et heure du partage (Europe/Paris)", "Date du partage")
	maitrise := b.col("DOUBLE", "% maitrise de l'ensemble des acquis du profil")
	c.idExt = b.externalID(prog)
	progPos := idx(prog)

	palier, palierMax := "", "NULL::INTEGER"
	var badges, maitrises []string
	comp := map[string][3]string{} // code → [pct, nb, acquired] column names
	var compOrder []string
	setComp := func(portee, code string, slot int, col string) {
		key := portee + "|" + code
		v, ok := comp[key]
		if !ok {
			compOrder = append(compOrder, key)
		}
		v[slot] = col
		comp[key] = v
	}
	prefixes := []struct {
		prefix string
		portee string
		slot   int
		typ    string
	}{
		{"% de maitrise des acquis de la competence ", "competence", 0, "DOUBLE"},
		{"nombre d'acquis du profil cible dans la competence ", "competence", 1, "INTEGER"},
		{"acquis maitrises dans la competence ", "competence", 2, "INTEGER"},
		{"% de maitrise des acquis du domaine ", "domaine", 0, "DOUBLE"},
		{"nombre d'acquis du profil cible du domaine ", "domaine", 1, "INTEGER"},
		{"acquis maitrises du domaine ", "domaine", 2, "INTEGER"},
	}
	for i, f := range b.hi.folded {
		if b.hi.used[i] {
			continue
		}
		if m := rePalier.FindStringSubmatch(f); m != nil {
			b.hi.used[i] = true
			b.cols[i].Type = "INTEGER"
			palier, palierMax = colName(i), m[1]
			continue
		}
		matched := false
		for _, p := range prefixes {
			if strings.HasPrefix(f, p.prefix) {
				name := strings.TrimPrefix(f, p.prefix)
				table := competences
				if p.portee == "domaine" {
					table = areas
				}
				b.hi.used[i] = true
				b.cols[i].Type = p.typ
				setComp(p.portee, resolveName(name, table), p.slot, colName(i))
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if m := reBadge.FindStringSubmatch(f); m != nil && i > progPos {
			b.hi.used[i] = true
			badge := strings.TrimSpace(s.Header[i])
			badge = badge[:len(badge)-len(" obtenu (O/N)")]
			badges = append(badges, fmt.Sprintf("CASE WHEN %s = 'Oui' THEN %s END", colName(i), quoteSQL(badge)))
		}
		// Remaining columns are per-skill results (OK / KO / Non testé):
		// read as text, not stored.
	}
	for _, key := range compOrder {
		v := comp[key]
		portee, code, _ := strings.Cut(key, "|")
		maitrises = append(maitrises, fmt.Sprintf(
			"{'portee': '%s', 'code': %s, 'maitrise': %s, 'acquis_profil': %s, 'acquis_maitrises': %s}",
			portee, quoteSQL(code), orNull(v[0], "DOUBLE"), orNull(v[1], "INTEGER"), orNull(v[2], "INTEGER")))
	}

	tsFormat := sniffTimestamp(s, []int{idx(debut), idx(partageLe)}, defaultFormat(b, debut))
	l.TimestampFormat = tsFormat
	b.stageOrga(c)
	b.add(unguard(parcours), "parcours")
	b.add(prog, "progression")
	b.add(tzExpr(debut, tsFormat), "debut")
	b.add(partage, "partage")
	b.add(tzExpr(orNull(partageLe, "TIMESTAMP"), tsFormat), "partage_le")
	b.add(orNull(palier, "INTEGER"), "palier")
	// The campaign's number of levels is in the palier header: staged as a
	// column, so that campaigns of different profiles share a batch.
	b.add(palierMax+"::INTEGER", "palier_max")
	b.add(orNull(maitrise, "DOUBLE"), "maitrise")
	if len(badges) > 0 {
		b.add("list_filter(["+strings.Join(badges, ", ")+"], x -> x IS NOT NULL)", "badges")
	} else {
		b.add("[]::VARCHAR[]", "badges")
	}
	if len(maitrises) > 0 {
		b.add("list_filter(["+strings.Join(maitrises, ", ")+"], x -> x.maitrise IS NOT NULL OR x.acquis_maitrises IS NOT NULL)", "maitrises")
	} else {
		b.add("[]::STRUCT(portee VARCHAR, code VARCHAR, maitrise DOUBLE, acquis_profil INTEGER, acquis_maitrises INTEGER)[]", "maitrises")
	}
	l.Columns, l.Stage = b.cols, b.stage
	l.Checks = append(b.orgaChecks(c),
		missingCheck(b, debut, "debut", "date de début"),
		fractionCheck(b, prog, "progression"),
		fractionCheck(b, maitrise, "maitrise"),
		yesNoCheck(b, partage, "partage"),
	)
	// Per-competence values are checked on the raw columns: a plain
	// vectorised comparison, no lambda over the list.
	for _, key := range compOrder {
		v := comp[key]
		if v[0] != "" {
			l.Checks = append(l.Checks, Check{Column: headerOf(b, v[0]), Bad: fmt.Sprintf("%s < 0 OR %s > 1", v[0], v[0]),
				Value: v[0], Motif: "fraction hors de 0..1 (Pix écrit 0,67 pour 67 %)"})
		}
		if v[1] != "" && v[2] != "" {
			l.Checks = append(l.Checks, Check{Column: headerOf(b, v[2]), Bad: fmt.Sprintf("%s < 0 OR %s > %s", v[2], v[2], v[1]),
				Value: v[2], Motif: "plus d'acquis maîtrisés que d'acquis dans le profil cible"})
		}
	}
	if palier != "" {
		l.Checks = append(l.Checks, Check{Column: headerOf(b, palier),
			Bad:   fmt.Sprintf("palier < 0 OR palier > %s", palierMax),
			Value: "palier::VARCHAR", Motif: "palier hors de 0.." + palierMax})
	}
	l.Names = [2]string{"nom", "prenom"}
	// The school year is computed on the Paris wall-clock value as read
	// (cheaper than on a TIMESTAMPTZ, and the same day in Paris).
	l.Meta = orgaMeta()
	l.Meta.Year, l.Meta.MaxDate = "_annee("+debut+")", "max(greatest(debut, partage_le))::TIMESTAMP"
	l.Replace = Replace{FileLevel: true, Tables: []string{"raw_pix_participations", "raw_pix_maitrises"}}
	l.Load = func() []string {
		return []string{
			`INSERT INTO raw_pix_participations
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, _f.f_uai, coalesce(_annee, _f.f_annee),
       organisation, campagne_id, campagne_code, campagne_nom, parcours,
       _pseudok(_f.f_uai, _nk), classe, progression, debut, partage = 'Oui', partage_le,
       palier, palier_max, maitrise, badges
FROM _s JOIN _f USING (_fichier)`,
			`INSERT INTO raw_pix_maitrises
SELECT fichier_id, rang, m.portee, m.code, m.maitrise, m.acquis_profil, m.acquis_maitrises
FROM (SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER AS rang, unnest(maitrises) AS m
      FROM _s JOIN _f USING (_fichier))`,
			identitiesSQL("NULL::DATE", "NULL::VARCHAR"),
		}
	}
	return l, nil
}

// identitiesSQL inserts each person's identity once per school year. GROUP
// BY rather than DISTINCT ON: no sort of the whole batch. Grouped by school
// and name key, the pseudonym (a SHA-256) is computed once per person, not
// once per row as the data statements already did.
// The identities already stored are looked up among those of the batch's
// schools only: a pseudonym is drawn from the school, so no other can match,
// and DuckDB then reads only the row groups of those schools. Against the
// whole table the lookup grew with it: replayed on a national database
// (9.5 M identities) with 3 000 identities of département 59 as the new
// ones, 0.14-0.21 s against 0.03-0.05 s so. Identities without a school are
// looked up too (none today: resolve refuses a Pix export without one).
func identitiesSQL(birthDate, birthPlace string) string {
	return fmt.Sprintf(`INSERT INTO raw_identites
SELECT n.* FROM (
    SELECT _pseudok(g.uai, g.nk) AS personne, g.* EXCLUDE (nk) FROM (
        SELECT coalesce(_annee, _f.f_annee) AS annee_scolaire, _f.f_uai AS uai, _nk AS nk,
               any_value(nom) AS nom, any_value(prenom) AS prenom, any_value(%s) AS date_naissance,
               any_value(%s) AS lieu_naissance, any_value(id_externe) AS id_externe,
               min(_f.fichier_id) AS fichier_id
        FROM _s JOIN _f USING (_fichier)
        GROUP BY ALL) g) n
ANTI JOIN (
    SELECT personne, annee_scolaire FROM raw_identites WHERE uai IN (SELECT f_uai FROM _f)
    UNION ALL
    SELECT personne, annee_scolaire FROM raw_identites WHERE uai IS NULL
) i ON i.personne = n.personne AND i.annee_scolaire = n.annee_scolaire`, birthDate, birthPlace)
}

func idx(col string) int {
	if col == "" {
		return -1
	}
	i, _ := strconv.Atoi(col[1:])
	return i
}

// defaultFormat: with no dated row to look at, the label generation tells.
func defaultFormat(b *layoutBuilder, debut string) string {
	if normHeader(headerOf(b, debut)) == normHeader("Date de début") {
		return "%Y-%m-%d"
	}
	return "%d/%m/%Y %H:%M"
}

// orgaCols are the columns every Pix Orga campaign export starts with.
type orgaCols struct{ org, id, code, name, nom, prenom, classe, idExt string }

func (b *layoutBuilder) orgaColumns() orgaCols {
	return orgaCols{
		org:    b.col("VARCHAR", "Nom de l'organisation"),
		id:     b.col("BIGINT", "ID Campagne"),
		code:   b.col("VARCHAR", "Code"),
		name:   b.col("VARCHAR", "Nom de la campagne"),
		nom:    b.col("VARCHAR", "Nom du Participant"),
		prenom: b.col("VARCHAR", "Prénom du Participant"),
		classe: b.col("VARCHAR", "Classe"),
	}
}

// externalID finds the external id column, whose header is free text
// chosen by the campaign's creator: the first column not yet recognised
// before the column named before. Personal data, kept with the identity.
func (b *layoutBuilder) externalID(before string) string {
	for i := 0; i < idx(before); i++ {
		if !b.hi.used[i] {
			b.hi.used[i] = true
			return colName(i)
		}
	}
	return ""
}

func (b *layoutBuilder) stageOrga(c orgaCols) {
	b.add(unguard(c.org), "organisation")
	b.add(c.id, "campagne_id")
	b.add(unguard(c.code), "campagne_code")
	b.add(unguard(c.name), "campagne_nom")
	b.add(unguard(c.nom), "nom")
	b.add(unguard(c.prenom), "prenom")
	b.add(unguard(c.classe), "classe")
	b.add(unguard(c.idExt), "id_externe")
}

func (b *layoutBuilder) orgaChecks(c orgaCols) []Check {
	return []Check{
		missingCheck(b, c.id, "campagne_id", "identifiant de campagne"),
		{Column: headerOf(b, c.nom), Bad: "nom IS NULL AND prenom IS NULL", Value: "NULL", Motif: "participant sans nom ni prénom"},
	}
}

// orgaMeta: the school comes from the organisation name when nothing else
// says it; a newer export of the same campaign replaces the older one.
func orgaMeta() Meta {
	return Meta{Org: "min(organisation)", Key: "string_agg(DISTINCT campagne_id::VARCHAR, ',' ORDER BY campagne_id::VARCHAR)"}
}

func quoteSQL(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

var profilsRequired = []string{"Nom de l'organisation", "ID Campagne", "Nom de la campagne", "Nom du Participant",
	"Prénom du Participant", "Envoi (O/N)", "Nombre de pix total", "Certifiable (O/N)", "Nombre de compétences certifiables"}

var profilsAlts = [][]string{
	{"Nom de l'organisation"}, {"ID Campagne"}, {"Nom de la campagne"}, {"Nom du Participant"},
	{"Prénom du Participant"}, {"Envoi (O/N)"}, {"Nombre de pix total"}, {"Certifiable (O/N)"},
	{"Nombre de compétences certifiables"},
}

func matchProfils(s *sniffed) (*Layout, []string) {
	b := newBuilder(s)
	if missing := missingOf(b.hi, profilsAlts); len(missing) > 0 {
		return nil, missing
	}
	l := &Layout{DecimalComma: true}
	c := b.orgaColumns()
	envoi := b.col("VARCHAR", "Envoi (O/N)")
	envoiLe := b.col("TIMESTAMP", "Date et heure de l'envoi (Europe/Paris)", "Date de l'envoi")
	pix := b.col("INTEGER", "Nombre de pix total")
	certifiable := b.col("VARCHAR", "Certifiable (O/N)")
	nbCert := b.col("INTEGER", "Nombre de compétences certifiables")
	c.idExt = b.externalID(envoi)
	type pair struct{ niveau, pix string }
	comp := map[string]*pair{}
	var order []string
	for i, f := range b.hi.folded {
		if b.hi.used[i] {
			continue
		}
		var slot string
		var name string
		switch {
		case strings.HasPrefix(f, "niveau pour la competence "):
			slot, name = "niveau", strings.TrimPrefix(f, "niveau pour la competence ")
		case strings.HasPrefix(f, "nombre de pix pour la competence "):
			slot, name = "pix", strings.TrimPrefix(f, "nombre de pix pour la competence ")
		default:
			continue
		}
		b.hi.used[i] = true
		b.cols[i].Type = "INTEGER"
		c := resolveName(name, competences)
		p, ok := comp[c]
		if !ok {
			p = &pair{}
			comp[c] = p
			order = append(order, c)
		}
		if slot == "niveau" {
			p.niveau = colName(i)
		} else {
			p.pix = colName(i)
		}
	}
	var items []string
	for _, c := range order {
		p := comp[c]
		items = append(items, fmt.Sprintf("{'code': %s, 'niveau': %s, 'pix': %s}", quoteSQL(c), orNull(p.niveau, "INTEGER"), orNull(p.pix, "INTEGER")))
	}
	fallback := "%d/%m/%Y %H:%M"
	if normHeader(headerOf(b, envoiLe)) == normHeader("Date de l'envoi") {
		fallback = "%Y-%m-%d"
	}
	tsFormat := sniffTimestamp(s, []int{idx(envoiLe)}, fallback)
	l.TimestampFormat = tsFormat
	b.stageOrga(c)
	b.add(envoi, "envoi")
	b.add(tzExpr(orNull(envoiLe, "TIMESTAMP"), tsFormat), "envoi_le")
	b.add(pix, "pix_total")
	b.add(certifiable, "certifiable")
	b.add(nbCert, "competences_certifiables")
	if len(items) > 0 {
		b.add("list_filter(["+strings.Join(items, ", ")+"], x -> x.niveau IS NOT NULL OR x.pix IS NOT NULL)", "competences")
	} else {
		b.add("[]::STRUCT(code VARCHAR, niveau INTEGER, pix INTEGER)[]", "competences")
	}
	l.Columns, l.Stage = b.cols, b.stage
	l.Checks = append(b.orgaChecks(c),
		yesNoCheck(b, envoi, "envoi"),
		yesNoCheck(b, certifiable, "certifiable"),
		Check{Column: headerOf(b, pix), Bad: "pix_total < 0", Value: "pix_total::VARCHAR", Motif: "nombre de pix négatif"},
		Check{Column: headerOf(b, nbCert), Bad: "competences_certifiables < 0 OR competences_certifiables > 16",
			Value: "competences_certifiables::VARCHAR", Motif: "nombre de compétences certifiables hors de 0..16"},
	)
	for _, code := range order {
		p := comp[code]
		if p.niveau != "" {
			l.Checks = append(l.Checks, Check{Column: headerOf(b, p.niveau), Bad: fmt.Sprintf("%s < 0 OR %s > 8", p.niveau, p.niveau),
				Value: p.niveau, Motif: "niveau de compétence hors de 0..8"})
		}
		if p.pix != "" {
			l.Checks = append(l.Checks, Check{Column: headerOf(b, p.pix), Bad: p.pix + " < 0", Value: p.pix, Motif: "nombre de pix négatif"})
		}
	}
	l.Names = [2]string{"nom", "prenom"}
	l.Meta = orgaMeta()
	l.Meta.MaxDate = "max(envoi_le)::TIMESTAMP"
	if envoiLe != "" {
		l.Meta.Year = "_annee(" + envoiLe + ")"
	}
	l.Replace = Replace{FileLevel: true, Tables: []string{"raw_pix_profils", "raw_pix_profil_competences"}}
	l.Load = func() []string {
		return []string{
			`INSERT INTO raw_pix_profils
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, _f.f_uai, coalesce(_annee, _f.f_annee),
       organisation, campagne_id, campagne_code, campagne_nom, _pseudok(_f.f_uai, _nk), classe,
       envoi = 'Oui', envoi_le, pix_total, certifiable = 'Oui', competences_certifiables
FROM _s JOIN _f USING (_fichier)`,
			`INSERT INTO raw_pix_profil_competences
SELECT fichier_id, rang, c.code, c.niveau, c.pix
FROM (SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER AS rang, unnest(competences) AS c
      FROM _s JOIN _f USING (_fichier))`,
			identitiesSQL("NULL::DATE", "NULL::VARCHAR"),
		}
	}
	return l, nil
}

var certifCommon = [][]string{
	{"Numéro de certification"}, {"Prénom"}, {"Nom"}, {"Date de naissance"}, {"Statut"},
	{"Session"}, {"Date de passage de la certification"},
}

var certifClasseRequired = []string{"Numéro de certification", "Prénom", "Nom", "Date de naissance", "Statut",
	"Nombre de Pix", "Session", "Date de passage de la certification"}

var certifSessionRequired = []string{"Numéro de certification", "Prénom", "Nom", "Date de naissance", "Statut",
	"Niveau", "Score en Pix", "Session", "Centre de certification", "Date de passage de la certification"}

func matchCertifSession(s *sniffed) (*Layout, []string) {
	hi := newHeaderIndex(s.Header)
	missing := missingOf(hi, append(append([][]string{}, certifCommon...), []string{"Centre de certification"}))
	if !hi.has("Score en Pix", "Résultat", "Nombre de Pix") {
		missing = append(missing, "Score en Pix")
	}
	if len(missing) > 0 {
		return nil, missing
	}
	return certifLayout(s, true), nil
}

func matchCertifClasse(s *sniffed) (*Layout, []string) {
	hi := newHeaderIndex(s.Header)
	missing := missingOf(hi, certifCommon)
	if !hi.has("Nombre de Pix", "Résultat", "Score en Pix") {
		missing = append(missing, "Nombre de Pix")
	}
	if len(missing) > 0 {
		return nil, missing
	}
	return certifLayout(s, false), nil
}

// Status labels of certification exports (old and new wording).
const statutSQL = `CASE statut_libelle
    WHEN 'Validée' THEN 'validee' WHEN 'Rejetée' THEN 'rejetee' WHEN 'Non obtenue' THEN 'rejetee'
    WHEN 'Annulée' THEN 'annulee' WHEN 'En erreur' THEN 'en_erreur' WHEN 'Démarrée' THEN 'demarree' END`

// levelFromScore applies Pix's score bands (formats-pix.md).
const levelFromScore = `CASE WHEN score IS NULL THEN NULL WHEN score < 64 THEN NULL
    WHEN score < 128 THEN 'Novice 1' WHEN score < 256 THEN 'Novice 2'
    WHEN score < 384 THEN 'Indépendant 1' WHEN score < 512 THEN 'Indépendant 2'
    WHEN score < 640 THEN 'Avancé 1' WHEN score < 768 THEN 'Avancé 2'
    WHEN score < 896 THEN 'Expert 1' ELSE 'Expert 2' END`

func certifLayout(s *sniffed, session bool) *Layout {
	b := newBuilder(s)
	l := &Layout{DecimalComma: false, DateFormat: "%d/%m/%Y"}
	numero := b.col("VARCHAR", "Numéro de certification")
	prenom := b.col("VARCHAR", "Prénom")
	nom := b.col("VARCHAR", "Nom")
	naissance := b.col("DATE", "Date de naissance")
	lieu := b.col("VARCHAR", "Lieu de naissance")
	idExt := b.col("VARCHAR", "Identifiant Externe")
	typ := b.col("VARCHAR", "Type de certification")
	statut := b.col("VARCHAR", "Statut")
	niveau := b.col("VARCHAR", "Niveau")
	nbPix := b.col("INTEGER", "Nombre de Pix", "Score en Pix")
	resultat := b.col("VARCHAR", "Résultat")
	sessionC := b.col("BIGINT", "Session")
	centre := b.col("VARCHAR", "Centre de certification")
	date := b.col("DATE", "Date de passage de la certification")
	var comps, compCols []string
	for _, c := range competences {
		if col := b.col("INTEGER", c[0]); col != "" {
			comps = append(comps, fmt.Sprintf("{'code': '%s', 'niveau': %s}", c[0], col))
			compCols = append(compCols, col)
		}
	}
	// Date columns: the sample tells whether the old ISO form is used.
	if f := sniffTimestamp(s, []int{idx(date), idx(naissance)}, "%d/%m/%Y"); f == "%Y-%m-%d" {
		l.DateFormat = f
	}
	b.add(numero, "numero")
	b.add(nom, "nom")
	b.add(prenom, "prenom")
	b.add(naissance, "date_naissance")
	b.add(orNull(lieu, "VARCHAR"), "lieu_naissance")
	b.add(orNull(idExt, "VARCHAR"), "id_externe")
	b.add("coalesce("+orNull(typ, "VARCHAR")+", 'Pix')", "type_certification")
	b.add(statut, "statut_libelle")
	// Score: "Nombre de Pix" / "Score en Pix" (an integer), or "Résultat"
	// ("266 pix", "55", "Novice 1 (5 Pix)").
	scoreExpr := orNull(nbPix, "INTEGER")
	levelExpr := orNull(niveau, "VARCHAR")
	if resultat != "" {
		scoreExpr = fmt.Sprintf(`coalesce(%s, TRY_CAST(nullif(regexp_extract(%s, '(\d+)\s*(?i:pix)?\)?\s*$', 1), '') AS INTEGER))`, scoreExpr, resultat)
		levelExpr = fmt.Sprintf(`coalesce(%s, nullif(regexp_extract(%s, '^((Novice|Indépendant|Avancé|Expert) [12])', 1), ''))`, levelExpr, resultat)
		l.Checks = append(l.Checks, Check{Column: headerOf(b, resultat),
			Bad:   fmt.Sprintf(`%s IS NOT NULL AND NOT regexp_full_match(trim(%s), '(\d+( (?i:pix))?|(Novice|Indépendant|Avancé|Expert) [12]( \(\d+ (?i:pix)\))?)')`, "resultat", "resultat"),
			Value: "resultat", Motif: "résultat illisible (attendu « 266 pix », « 55 » ou « Novice 1 (5 Pix) »)"})
		b.add(resultat, "resultat")
	}
	b.add(scoreExpr, "score")
	b.add(levelExpr, "niveau_fichier")
	b.add(sessionC, "session_id")
	b.add(orNull(centre, "VARCHAR"), "centre")
	b.add(date, "date_passage")
	if len(comps) > 0 {
		b.add("list_filter(["+strings.Join(comps, ", ")+"], x -> x.niveau IS NOT NULL)", "competences")
	} else {
		b.add("[]::STRUCT(code VARCHAR, niveau INTEGER)[]", "competences")
	}
	l.Columns, l.Stage = b.cols, b.stage
	l.Checks = append(l.Checks,
		Check{Column: headerOf(b, statut), Bad: "(" + statutSQL + ") IS NULL", Value: "statut_libelle",
			Motif: "statut inconnu (attendu Validée, Rejetée, Non obtenue, Annulée, En erreur ou Démarrée)"},
		missingCheck(b, numero, "numero", "numéro de certification"),
		Check{Column: headerOf(b, nbPix), Bad: "score < 0 OR score > 1024", Value: "score::VARCHAR", Motif: "score Pix hors de 0..1024"},
		Check{Column: headerOf(b, niveau), Bad: "niveau_fichier IS NOT NULL AND niveau_fichier NOT IN ('Novice 1','Novice 2','Indépendant 1','Indépendant 2','Avancé 1','Avancé 2','Expert 1','Expert 2')",
			Value: "niveau_fichier", Motif: "niveau inconnu (Novice 1 … Expert 2)"},
	)
	var compBad []string
	for _, cc := range compCols {
		compBad = append(compBad, fmt.Sprintf("%s < 0 OR %s > 8", cc, cc))
	}
	if len(compBad) > 0 {
		l.Checks = append(l.Checks, Check{Column: "1.1 … 5.2", Bad: strings.Join(compBad, " OR "),
			Value: "competences::VARCHAR", Motif: "niveau de compétence hors de 0..8"})
	}
	classExpr := "NULL::VARCHAR"
	l.Names = [2]string{"nom", "prenom"}
	l.Meta = Meta{Org: "min(centre)", Year: "_annee(" + date + ")", MaxDate: "max(date_passage)::TIMESTAMP"}
	if session {
		l.Meta.Key = "'session:' || string_agg(DISTINCT session_id::VARCHAR, ',' ORDER BY session_id::VARCHAR)"
	} else {
		// Per-class export: the class is only in the file name
		// (YYYYMMDD_resultats_<division>.csv).
		classExpr = `nullif(regexp_extract(_f.f_nom, '_resultats_(.+)\.csv$', 1), '')`
		l.Meta.Org = ""
		l.Meta.Key = `'classe:' || coalesce(any_value(nullif(regexp_extract(_f.f_nom, '_resultats_(.+)\.csv$', 1), '')), any_value(_f.f_nom))`
	}
	l.Replace = Replace{FileLevel: true, Tables: []string{"raw_pix_certifications", "raw_pix_certification_competences"}}
	l.Load = func() []string {
		return []string{
			fmt.Sprintf(`INSERT INTO raw_pix_certifications
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, _f.f_uai, coalesce(_annee, _f.f_annee),
       numero, _pseudok(_f.f_uai, _nk), %s, type_certification, %s, statut_libelle,
       score, coalesce(niveau_fichier, %s), session_id, centre, date_passage
FROM _s JOIN _f USING (_fichier)`, classExpr, statutSQL, levelFromScore),
			`INSERT INTO raw_pix_certification_competences
SELECT fichier_id, rang, c.code, c.niveau
FROM (SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER AS rang, unnest(competences) AS c
      FROM _s JOIN _f USING (_fichier))`,
			identitiesSQL("date_naissance", "lieu_naissance"),
		}
	}
	return l
}
