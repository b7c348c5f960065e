package samplegen

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Participation states of a campaign row.
const (
	stStarted = iota // progression < 1, not shared
	stToShare        // progression 1, not shared
	stShared
)

type participation struct {
	p       *pupil
	div     *division
	start   time.Time
	shared  time.Time
	state   int
	prog    int    // hundredths
	acq     []int8 // acquired skills per competence of the parcours
	older   *participation
	mastery int // hundredths of the whole profile, shared rows only
}

// campaign is one Pix Orga campaign of a school and year.
type campaign struct {
	key      string // stable key: rentree-3, 6e-protection, profils-6...
	k        int    // slot, for the id
	name     string
	parcours *parcours // nil for a profiles collection
	from, to time.Time // participation window
	export   time.Time
	levels   []int
}

// campaignID is unique across schools, years and campaigns.
func campaignID(s *school, yi, k int) int { return 150000 + (s.idx*2+yi)*20 + k }

// campaignCode is the access code pupils type (6 letters, 3 digits).
func campaignCode(seed uint64, id int) string {
	r := newRNG(seed, "code", strconv.Itoa(id))
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	b := make([]byte, 9)
	for i := 0; i < 6; i++ {
		b[i] = letters[r.intn(len(letters))]
	}
	for i := 6; i < 9; i++ {
		b[i] = byte('0' + r.intn(10))
	}
	return string(b)
}

// schoolDaysBetween lists school days in [from, to] (zone of the school).
func schoolDaysBetween(from, to time.Time, zone int) []time.Time {
	var out []time.Time
	for t := from; !t.After(to); t = t.AddDate(0, 0, 1) {
		if y := yearOf(t); y != nil && y.isSchoolDay(t, zone) {
			out = append(out, t)
		}
	}
	return out
}

// lessonTime: a school day at a lesson hour.
func lessonTime(r *rng, days []time.Time) time.Time {
	d := days[r.intn(len(days))]
	return at(d, 8+r.intn(9), r.intn(60))
}

// participate draws one pupil's participation in an assessment campaign.
func participate(r *rng, pa *parcours, p *pupil, d *division, days []time.Time, dyn, bonus float64) *participation {
	pt := &participation{p: p, div: d, start: lessonTime(r, days)}
	pStart := 0.05 + 0.08*(1-math.Min(dyn, 1))
	switch u := r.float(); {
	case u < pStart:
		pt.state, pt.prog = stStarted, r.between(5, 95)
	case u < pStart+0.04:
		pt.state, pt.prog = stToShare, 100
	default:
		pt.state, pt.prog = stShared, 100
		pt.shared = pt.start.Add(time.Duration(15+r.intn(70)) * time.Minute)
		if r.chance(0.1) {
			pt.shared = pt.shared.AddDate(0, 0, 1+r.intn(6))
		}
	}
	pt.acq = make([]int8, len(pa.comps))
	total, got := 0, 0
	for i, pc := range pa.comps {
		m := sigmoid(1.1*(p.skill+bonus) + 0.5 + pa.ease + compEase[pc.c] + 0.45*r.normal())
		a := int(math.Round(m * float64(pc.skills)))
		pt.acq[i] = int8(a)
		total += pc.skills
		got += a
	}
	pt.mastery = int(math.Round(100 * float64(got) / float64(total)))
	return pt
}

// withRetry adds, now and then, a newer participation of the same pupil:
// Pix lists it first.
func withRetry(r *rng, pa *parcours, pt *participation, days []time.Time, dyn float64) *participation {
	if pt.state != stShared || !r.chance(0.05) {
		return pt
	}
	later := days[len(days)/2:]
	n := participate(r, pa, pt.p, pt.div, later, dyn, 0.35)
	if !n.start.After(pt.shared) {
		n.start = pt.shared.AddDate(0, 0, 7)
		if !n.shared.IsZero() {
			n.shared = n.start.Add(40 * time.Minute)
		}
	}
	n.older = pt
	return n
}

// sortParticipations orders rows by pupil name, as Pix Orga lists them.
func sortParticipations(ps []*participation) {
	sortByName(ps, func(x *participation) (*pupil, *division) { return x.p, x.div })
}

// sortByName sorts rows by pupil name then class, stably.
func sortByName[T any](xs []T, who func(T) (*pupil, *division)) {
	sort.SliceStable(xs, func(i, j int) bool {
		a, da := who(xs[i])
		b, db := who(xs[j])
		if a.last != b.last {
			return a.last < b.last
		}
		if a.first != b.first {
			return a.first < b.first
		}
		return da.label < db.label
	})
}

// exportVariant is how one Pix Orga export file is written.
type exportVariant struct {
	old      bool   // labels of older Pix versions
	class    bool   // "Classe" column
	extLabel string // external id column header, "" = none
	cp1252   bool   // re-saved in Windows-1252
	straight bool   // competence names with ' instead of ’
	nameOnly bool   // filed under telechargements/ (school known by name only)
}

func (w *worker) variant(s *school, yi int, key string, allowNameOnly bool) exportVariant {
	r := newRNG(w.g.seed, s.uai, years[yi].label, key, "variant")
	v := exportVariant{}
	v.old = yi == 0 && r.chance(0.25)
	v.class = !v.old || r.chance(0.7)
	if s.extStyle() != 2 && r.chance(0.35) {
		v.extLabel = pick(r, []string{"Identifiant élève", "Numéro d'élève", "Identifiant ENT"})
	}
	v.cp1252 = r.chance(0.05)
	v.straight = r.chance(0.3)
	v.nameOnly = allowNameOnly && s.nameOnly && r.chance(0.6)
	return v
}

// pixFile returns the spec of a Pix Orga campaign export.
func (w *worker) pixFile(s *school, yi int, c *campaign, kind string, v exportVariant) *fileSpec {
	id := campaignID(s, yi, c.k)
	t := c.export
	name := "Resultats-" + c.name + "-" + strconv.Itoa(id) + "-" + iso(t) + "-" + hhmm(t) + ".csv"
	f := &fileSpec{kind: kind, uai: s.uai, years: []string{years[yi].label}, enc: EncUTF8BOM, finalNL: true, uaiFrom: FromPath}
	if v.cp1252 {
		f.enc = EncCP1252
	}
	if v.nameOnly {
		f.path = NameOnlyDir + "/" + name
		f.uaiFrom = FromOrg
	} else {
		f.path = s.uai + "/pix/" + name
	}
	return f
}

// writeAssessment writes an assessment campaign export.
func (w *worker) writeAssessment(s *school, yi int, c *campaign, rows []*participation, v exportVariant) error {
	f := w.pixFile(s, yi, c, KindPixCampaign, v)
	cw := w.csv(f, ';')
	pa := c.parcours
	id := campaignID(s, yi, c.k)
	// Areas of the profile, in framework order.
	var areas []int
	for a := 0; a < 5; a++ {
		for _, pc := range pa.comps {
			if compArea[pc.c] == a {
				areas = append(areas, a)
				break
			}
		}
	}
	h := []string{"Nom de l'organisation", "ID Campagne"}
	if !v.old {
		h = append(h, "Code", "Nom de la campagne", "Parcours")
	} else {
		h = append(h, "Nom de la campagne", "Nom du Profil Cible")
	}
	h = append(h, "Nom du Participant", "Prénom du Participant")
	if v.class {
		h = append(h, "Classe")
	}
	if v.extLabel != "" {
		h = append(h, v.extLabel)
	}
	if v.old {
		h = append(h, "% de progression", "Date de début", "Partage (O/N)", "Date du partage")
	} else {
		h = append(h, "% de progression", "Date et heure de début (Europe/Paris)", "Partage (O/N)", "Date et heure du partage (Europe/Paris)")
	}
	if pa.stages > 0 {
		h = append(h, "Palier obtenu (/"+strconv.Itoa(pa.stages)+")")
	}
	if pa.badge != "" {
		h = append(h, pa.badge+" obtenu (O/N)")
	}
	h = append(h, "% maitrise de l'ensemble des acquis du profil")
	for _, pc := range pa.comps {
		n := competenceName(pc.c, v.straight)
		h = append(h, "% de maitrise des acquis de la compétence "+n,
			"Nombre d'acquis du profil cible dans la compétence "+n,
			"Acquis maitrisés dans la compétence "+n)
	}
	for _, a := range areas {
		h = append(h, "% de maitrise des acquis du domaine "+areaTitle[a],
			"Nombre d'acquis du profil cible du domaine "+areaTitle[a],
			"Acquis maitrisés du domaine "+areaTitle[a])
	}
	cw.headerPix(h)
	code := campaignCode(w.g.seed, id)
	after := len(h) - 2 // columns after "Partage (O/N)", for NA rows
	for i, x := range h {
		if x == "Partage (O/N)" {
			after = len(h) - i - 1
		}
	}
	date := func(t time.Time) {
		if v.old {
			cw.pstr(iso(parisToUTC(t))) // digits and '-': written bare
		} else {
			cw.pstr(dmyhm(t))
		}
	}
	for _, top := range rows {
		for pt := top; pt != nil; pt = pt.older {
			cw.pstr(s.name)
			cw.int(id)
			if !v.old {
				cw.pstr(code)
			}
			cw.pstr(c.name)
			cw.pstr(pa.name)
			cw.pstr(pt.p.last)
			cw.pstr(pt.p.first)
			if v.class {
				cw.pstr(pt.div.label)
			}
			if v.extLabel != "" {
				cw.pstr(pt.p.ext)
			}
			cw.frac(pt.prog)
			date(pt.start)
			if pt.state != stShared {
				cw.pstr("Non")
				for i := 0; i < after; i++ {
					cw.pstr("NA")
				}
				cw.end()
				continue
			}
			cw.pstr("Oui")
			date(pt.shared)
			if pa.stages > 0 {
				cw.int(min(pa.stages, pt.mastery*(pa.stages+1)/100))
			}
			if pa.badge != "" {
				cw.pstr(map[bool]string{true: "Oui", false: "Non"}[pt.mastery >= 60])
			}
			cw.frac(pt.mastery)
			var areaSkills, areaAcq [5]int
			for i, pc := range pa.comps {
				a := int(pt.acq[i])
				cw.frac(int(math.Round(100 * float64(a) / float64(pc.skills))))
				cw.int(pc.skills)
				cw.int(a)
				areaSkills[compArea[pc.c]] += pc.skills
				areaAcq[compArea[pc.c]] += a
			}
			for _, a := range areas {
				cw.frac(int(math.Round(100 * float64(areaAcq[a]) / float64(areaSkills[a]))))
				cw.int(areaSkills[a])
				cw.int(areaAcq[a])
			}
			cw.end()
		}
	}
	return w.emit(f, cw)
}

// pix writes every Pix file of a school and year.
func (w *worker) pix(s *school, yi int, divs []division) error {
	y := &years[yi]
	g := w.g
	// The small academy sample keeps, for the previous year, only what
	// year-over-year comparisons use (certification, Pix 6e).
	light := g.sample() && yi < len(years)-1
	if s.has(srcPixCampaigns) {
		// Back-to-school parcours, one campaign per level (6e has Pix 6e).
		for l := l5e; l < nLevels && !light; l++ {
			if s.pupils[yi][l] == 0 || (g.sample() && !sampleRentree[l]) {
				continue
			}
			r := newRNG(g.seed, s.uai, y.label, "rentree", strconv.Itoa(l))
			if r.chance(0.08 + 0.15*(1-math.Min(s.dyn[yi], 1))) {
				continue // this level skipped the rentrée parcours this year
			}
			pa := rentreeParcours[l]
			c := &campaign{key: "rentree-" + strconv.Itoa(l), k: l, parcours: pa,
				from: day(y.start, 9, 8), to: day(y.start, 10, 17)}
			if r.chance(0.5) {
				c.name = "Rentrée " + strconv.Itoa(y.start) + " – " + levelShort(l)
			} else {
				c.name = "Parcours de rentrée " + levelShort(l) + " " + y.label
			}
			c.export = at(day(y.start, 11, 4+r.intn(25)), 8+r.intn(10), r.intn(60))
			days := schoolDaysBetween(c.from, c.to, s.zone)
			var rows []*participation
			for di := range divs {
				d := &divs[di]
				if d.level != l || d.nw == 0 {
					continue
				}
				rp := newRNG(g.seed, s.uai, y.label, c.key, d.label)
				pPart := clamp(0.45+0.45*s.dyn[yi], 0.2, 0.97)
				for pi := range d.written() {
					if !rp.chance(pPart) {
						continue
					}
					pt := participate(rp, pa, &d.pupils[pi], d, days, s.dyn[yi], 0)
					rows = append(rows, withRetry(rp, pa, pt, days, s.dyn[yi]))
				}
			}
			if len(rows) == 0 {
				continue
			}
			if r.chance(0.15) {
				// A pupil who joined after the SIECLE import: no class ("").
				p := newPupil(r, y, l, s.skill[yi], s.extStyle())
				p.ext = ""
				rows = append(rows, participate(r, pa, &p, &division{level: l}, days, s.dyn[yi], 0))
			}
			sortParticipations(rows)
			if err := w.writeAssessment(s, yi, c, rows, w.variant(s, yi, c.key, true)); err != nil {
				return err
			}
		}
		if s.pupils[yi][l6e] > 0 {
			if err := w.pix6e(s, yi, divs); err != nil {
				return err
			}
		}
	}
	if s.has(srcPixProfiles) && !light {
		if err := w.profiles(s, yi, divs); err != nil {
			return err
		}
	}
	if s.has(srcPixCertif) {
		if err := w.certifications(s, yi, divs); err != nil {
			return err
		}
	}
	return nil
}

func levelShort(l int) string {
	switch l {
	case lTle:
		return "Terminale"
	case l2nde:
		return "2de"
	}
	return strings.ToUpper(levelNames[l][:1]) + levelNames[l][1:]
}

// sampleRentree are the levels whose back-to-school campaign the small
// academy sample keeps (an entry level and the certification levels).
var sampleRentree = [nLevels]bool{l5e: true, l3e: true, l2nde: true, lTle: true, l2ndePro: true, lCAP2: true, lTlePro: true}

var levelNames = [nLevels]string{"6e", "5e", "4e", "3e", "2nde", "1re", "Tle", "CAP1", "CAP2", "2nde pro", "1re pro", "Tle pro"}

// pix6e writes the three Pix 6e campaigns and, for some schools, the
// per-class attestation counts typed from Pix Orga's screen.
func (w *worker) pix6e(s *school, yi int, divs []division) error {
	y := &years[yi]
	g := w.g
	dyn := s.dyn[yi]
	type outcome struct{ prot, init, catch *participation }
	type classCount struct {
		label       string
		pupils, att int
	}
	camps := []*campaign{
		{key: "6e-protection", k: 12, parcours: p6eProtection, from: day(y.start, 11, 12), to: day(y.start+1, 1, 30)},
		{key: "6e-initiation", k: 13, parcours: p6eInitiation, from: day(y.start+1, 1, 5), to: day(y.start+1, 3, 27)},
		{key: "6e-rattrapage", k: 14, parcours: p6eCatchUp, from: day(y.start+1, 4, 27), to: day(y.start+1, 5, 29)},
	}
	rows := make([][]*participation, 3)
	var counts []classCount
	for _, c := range camps {
		c.name = c.parcours.name + " " + y.label
		r := newRNG(g.seed, s.uai, y.label, c.key, "export")
		c.export = at(day(y.start+1, 6, 1+r.intn(24)), 8+r.intn(10), r.intn(60))
	}
	days := make([][]time.Time, 3)
	for i, c := range camps {
		days[i] = schoolDaysBetween(c.from, c.to, s.zone)
	}
	for di := range divs {
		d := &divs[di]
		if d.level != l6e {
			continue
		}
		rp := newRNG(g.seed, s.uai, y.label, "6e", d.label)
		cc := classCount{label: d.label, pupils: len(d.pupils)}
		pPart := clamp(0.62+0.32*dyn, 0.3, 0.99)
		for pi := range d.pupils {
			p := &d.pupils[pi]
			var o outcome
			if rp.chance(pPart) {
				o.prot = participate(rp, p6eProtection, p, d, days[0], dyn, 0)
			}
			if rp.chance(pPart - 0.05) {
				o.init = participate(rp, p6eInitiation, p, d, days[1], dyn, 0)
			}
			ok := func(pt *participation) bool { return pt != nil && pt.state == stShared && pt.mastery >= 50 }
			got := ok(o.prot) && ok(o.init)
			if !got && rp.chance(0.65*math.Min(dyn, 1)) {
				o.catch = participate(rp, p6eCatchUp, p, d, days[2], dyn, 0.3)
				got = ok(o.catch)
			}
			if got {
				cc.att++
			}
			if pi < d.nw {
				for i, pt := range []*participation{o.prot, o.init, o.catch} {
					if pt != nil {
						rows[i] = append(rows[i], withRetry(rp, camps[i].parcours, pt, days[i], dyn))
					}
				}
			}
		}
		counts = append(counts, cc)
	}
	for i, c := range camps {
		if len(rows[i]) == 0 {
			continue
		}
		sortParticipations(rows[i])
		if err := w.writeAssessment(s, yi, c, rows[i], w.variant(s, yi, c.key, false)); err != nil {
			return err
		}
	}
	if !g.attestFile(s, yi) || len(counts) == 0 {
		return nil
	}
	// Counts typed by hand from the Orga screen: Excel's CSV, a few weeks
	// after the campaigns, a little ahead of what the exports show.
	r := newRNG(g.seed, s.uai, y.label, "attest-typed")
	when := day(y.start+1, 6, 15+r.intn(12))
	f := &fileSpec{path: s.uai + "/pix/attestations_pix6e_" + iso(when) + ".csv", kind: KindPixAttestations,
		uai: s.uai, years: []string{y.label}, enc: EncCP1252, crlf: true, finalNL: true, uaiFrom: FromColumn}
	if r.chance(0.4) {
		f.enc, f.crlf = EncUTF8BOM, r.chance(0.5)
	}
	cw := w.csv(f, ';')
	cw.headerText([]string{"UAI", "Classe", "Élèves 6e", "Attestations obtenues", "Date"})
	bad := -1
	if g.planted(s, yi, plantNegative) {
		bad = r.intn(len(counts))
	}
	for i, cc := range counts {
		att := min(cc.pupils, cc.att+r.intn(2))
		cw.text(s.uai)
		cw.text(cc.label)
		cw.int(cc.pupils)
		if i == bad {
			att = -2
			f.plants = append(f.plants, Plant{Row: i + 1, Column: "Attestations obtenues", Value: "-2", Reason: "nombre négatif"})
		}
		cw.int(att)
		cw.text(dmy(when))
		cw.end()
	}
	return w.emit(f, cw)
}

// attestFile: does the school type its attestation counts this year?
// Pure in (seed, school, year), so plant planning can ask it too.
func (g *generator) attestFile(s *school, yi int) bool {
	if !s.isCollege() || s.pupils[yi][l6e] == 0 || !s.has(srcPixCampaigns) {
		return false
	}
	p := 0.3
	if yi == 1 {
		p = 0.55
	}
	return newRNG(g.seed, s.uai, years[yi].label, "attest-file").chance(p)
}
