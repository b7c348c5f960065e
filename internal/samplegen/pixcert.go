package samplegen

import (
	"math"
	"sort"
	"strconv"
	"time"
)

// Certification statuses.
const (
	csValidated = iota
	csRejected
	csCancelled
	csError
	csStarted
)

type certif struct {
	num     int
	p       *pupil
	div     *division
	clea    bool // "CléA Numérique by Pix": complementary, must not count
	status  int
	score   int
	levels  [16]int8 // -1 = not tested
	sess    *session
	comment string
}

type session struct {
	id    int
	when  time.Time
	certs []*certif
}

const (
	commentRejected  = "Le candidat a répondu faux à plus de 50 % des questions posées, cela a invalidé l’ensemble de sa certification, et a donc entraîné un score de 0 pix."
	commentCancelled = "Un ou plusieurs problème(s) technique(s), signalé(s) à votre surveillant pendant la session de certification, a/ont affecté la qualité du test de certification. En raison du nombre insuffisant de réponses valides, la certification ne peut être délivrée."
)

// certBase is the mean certification score per level.
func certBase(l int) float64 {
	switch l {
	case l3e:
		return 225
	case lTle:
		return 300
	case lCAP2:
		return 170
	}
	return 210
}

func drawCertif(r *rng, p *pupil, d *division, bonus float64) *certif {
	c := &certif{p: p, div: d}
	c.score = int(math.Round(certBase(d.level) + 75*(p.skill+bonus) + 35*r.normal()))
	pRej := 0.02 + 0.12*sigmoid(-2*(p.skill+bonus))
	switch u := r.float(); {
	case u < 0.012:
		c.status, c.comment = csCancelled, commentCancelled
	case u < 0.02:
		c.status = csError
	case u < 0.02+pRej || c.score < 64:
		c.status, c.comment = csRejected, commentRejected
	default:
		c.status = csValidated
	}
	c.score = max(64, min(1024, c.score))
	for i := range c.levels {
		if r.chance(0.05) {
			c.levels[i] = -1
			continue
		}
		lv := math.Round(float64(c.score)/128 + 0.8*compEase[i] + 0.7*r.normal())
		c.levels[i] = int8(max(0, min(5, int(lv))))
	}
	return c
}

// Certification modes of a school and year: which Pix exports it keeps.
const (
	modeClass   = iota // Pix Orga, per class
	modeSession        // Pix Certif, per session
	modeBoth           // both: the same certification appears twice
)

// certifications writes a school's certification results of one year.
func (w *worker) certifications(s *school, yi int, divs []division) error {
	y := &years[yi]
	g := w.g
	r := newRNG(g.seed, s.uai, y.label, "certif")
	college := s.isCollege()
	window, catch := y.certLycee, y.certLyceeCatch
	if college {
		window, catch = y.certCollege, y.certCollegeCatch
	}
	dyn := s.dyn[yi]
	var first, retakes []*certif
	for di := range divs {
		d := &divs[di]
		if !isCertLevel(d.level) {
			continue
		}
		rp := newRNG(g.seed, s.uai, y.label, "certif", d.label)
		pReg := clamp(0.42+0.5*dyn, 0.2, 0.98)
		// Every pupil of a certification class, even in the small academy
		// sample: one short row each, and certification rates against the
		// seeds' headcounts must mean something in the demo.
		for pi := range d.pupils {
			if !rp.chance(pReg) {
				continue
			}
			c := drawCertif(rp, &d.pupils[pi], d, 0)
			first = append(first, c)
			if c.status != csValidated && rp.chance(0.45) {
				c2 := drawCertif(rp, c.p, d, 0.4)
				retakes = append(retakes, c2)
			}
		}
	}
	if len(first) == 0 {
		return nil
	}
	// Sessions: the school's own rhythm inside the national window
	// (lagging schools certify late), then catch-up sessions.
	days := y.schoolDays(window, s.zone)
	size := r.between(18, 28)
	nSess := max(1, (len(first)+size-1)/size)
	for nSess > 30 {
		size += 4
		nSess = (len(first) + size - 1) / size
	}
	center := clamp(r.uniform(0.1, 0.55)+0.35*(1-math.Min(dyn, 1)), 0, 0.9)
	dates := make([]time.Time, nSess)
	for k := range dates {
		pos := clamp(center+0.22*r.normal(), 0, 1)
		slot := []int{8*60 + 0, 8*60 + 30, 10*60 + 0, 13*60 + 30, 14*60 + 0, 15*60 + 30}[r.intn(6)]
		dates[k] = at(days[int(pos*float64(len(days)-1))], slot/60, slot%60)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	base := (s.idx*2 + yi) * 40
	var sessions []*session
	for k := 0; k < nSess; k++ {
		se := &session{id: 50000 + base + k, when: dates[k]}
		for _, c := range first[k*size : min(len(first), (k+1)*size)] {
			c.sess = se
			se.certs = append(se.certs, c)
		}
		sessions = append(sessions, se)
	}
	if len(retakes) > 0 {
		cdays := y.schoolDays(catch, s.zone)
		for k := 0; k*25 < len(retakes) && nSess+k < 40; k++ {
			se := &session{id: 50000 + base + nSess + k, when: at(cdays[r.intn(len(cdays))], 9, 0)}
			for _, c := range retakes[k*25 : min(len(retakes), (k+1)*25)] {
				c.sess = se
				se.certs = append(se.certs, c)
			}
			sessions = append(sessions, se)
		}
	}
	// CléA Numérique by Pix, taken by some vocational pupils beside Pix.
	if yi == 1 && !college {
		for _, se := range sessions {
			n := len(se.certs)
			for _, c := range se.certs[:n] {
				if c.status == csValidated && !c.clea && (c.div.level == lTlePro || c.div.level == lCAP2) && r.chance(0.12) {
					cl := &certif{p: c.p, div: c.div, clea: true, status: csValidated, score: c.score, levels: c.levels, sess: se}
					if r.chance(0.2) {
						cl.status, cl.comment = csRejected, commentRejected
					}
					se.certs = append(se.certs, cl)
				}
			}
		}
	}
	num := 10000000 + (s.idx*2+yi)*4096
	for _, se := range sessions {
		for _, c := range se.certs {
			c.num = num
			num++
		}
	}
	mode := modeClass
	switch u := r.float(); {
	case u < 0.35:
		mode = modeSession
	case u < 0.5:
		mode = modeBoth
	}
	if mode != modeClass {
		for _, se := range sessions {
			if err := w.writeSession(s, yi, se, r); err != nil {
				return err
			}
		}
	}
	if mode != modeSession {
		if err := w.classExports(s, yi, divs, sessions, r); err != nil {
			return err
		}
	}
	return nil
}

// Certification layouts (formats-pix.md §3).
const (
	layClassOld        = iota // 3a: "Nombre de Pix"
	layClassResultat          // 3a, March 2026: Type, "Résultat" = "266 pix"
	layClassNiveau            // 3a, April 2026: Type, "Niveau", "Score en pix"
	laySessionOld             // 3b before types: "Nombre de Pix", centre
	laySessionResultat        // 3b: Type, "Résultat" = "Indépendant 1 (266 Pix)"
	laySessionNiveau          // 3b newest: Type, "Niveau", "Score en Pix"
)

func certFileSpec(s *school, yi int, name string, kind string, r *rng) *fileSpec {
	f := &fileSpec{path: s.uai + "/pix/certification/" + name, kind: kind, uai: s.uai,
		years: []string{years[yi].label}, enc: EncUTF8BOM, uaiFrom: FromPath}
	if r.chance(0.03) {
		f.enc = EncCP1252
	}
	return f
}

func (w *worker) writeSession(s *school, yi int, se *session, r *rng) error {
	export := se.when.AddDate(0, 0, 2+r.intn(10))
	lay := laySessionOld
	if yi == 1 {
		lay = laySessionResultat
		if !export.Before(day(2026, 3, 1)) {
			lay = laySessionNiveau
		}
	}
	name := compact(se.when) + "_" + hhmm(se.when) + "_resultats_session_" + strconv.Itoa(se.id) + ".csv"
	f := certFileSpec(s, yi, name, KindPixCertSession, r)
	rows := append([]*certif(nil), se.certs...)
	sortByName(rows, func(c *certif) (*pupil, *division) { return c.p, c.div })
	clea := false
	for _, c := range rows {
		clea = clea || c.clea
	}
	return w.writeCertifs(s, f, lay, rows, clea, time.Time{})
}

// classExports writes the per-class Pix Orga exports: some classes are
// exported early (partial, an older layout) then again later.
func (w *worker) classExports(s *school, yi int, divs []division, sessions []*session, r *rng) error {
	y := &years[yi]
	byDiv := map[string][]*certif{}
	for _, se := range sessions {
		for _, c := range se.certs {
			if !c.clea {
				byDiv[c.div.label] = append(byDiv[c.div.label], c)
			}
		}
	}
	college := s.isCollege()
	span := func(from, to time.Time) time.Time {
		n := int(to.Sub(from).Hours()/24) + 1
		return from.AddDate(0, 0, r.intn(n))
	}
	for di := range divs {
		d := &divs[di]
		certs := byDiv[d.label]
		if len(certs) == 0 {
			continue
		}
		var exports []time.Time
		e1 := y.start + 1
		switch {
		case yi == 0 && college:
			exports = []time.Time{span(day(e1, 6, 21), day(e1, 7, 4))}
		case yi == 0:
			exports = []time.Time{span(day(e1, 3, 17), day(e1, 6, 30))}
		case college:
			if r.chance(0.15) {
				exports = append(exports, span(day(e1, 3, 23), day(e1, 4, 3)))
			}
			exports = append(exports, span(day(e1, 6, 20), day(e1, 7, 3)))
		default:
			switch u := r.float(); {
			case u < 0.3:
				exports = []time.Time{span(day(e1, 2, 2), day(e1, 2, 27))}
				if r.chance(0.5) {
					exports = append(exports, span(day(e1, 3, 16), day(e1, 3, 31)))
				} else {
					exports = append(exports, span(day(e1, 4, 1), day(e1, 5, 29)))
				}
			case u < 0.6:
				exports = []time.Time{span(day(e1, 3, 16), day(e1, 3, 31))}
			default:
				exports = []time.Time{span(day(e1, 4, 1), day(e1, 6, 30))}
			}
		}
		upTo := func(ex time.Time) (n int) {
			for _, c := range certs {
				if sd := c.sess.when; !day(sd.Year(), sd.Month(), sd.Day()).After(ex) {
					n++
				}
			}
			return n
		}
		for ei, ex := range exports {
			partial := ei < len(exports)-1
			var rows []*certif
			for _, c := range certs {
				if sd := c.sess.when; !day(sd.Year(), sd.Month(), sd.Day()).After(ex) {
					rows = append(rows, c)
				}
			}
			started := false
			for _, c := range rows {
				started = started || (partial && !c.sess.when.Before(ex.AddDate(0, 0, -4)))
			}
			if len(rows) == 0 || (partial && !started && len(rows) == upTo(exports[len(exports)-1])) {
				continue // nothing yet, or nothing new by the last export: one download is enough
			}
			sortByName(rows, func(c *certif) (*pupil, *division) { return c.p, c.div })
			lay := layClassOld
			switch {
			case ex.Before(day(2026, 3, 1)):
			case ex.Before(day(2026, 4, 1)):
				lay = layClassResultat
			default:
				lay = layClassNiveau
			}
			f := certFileSpec(s, yi, compact(ex)+"_resultats_"+d.label+".csv", KindPixCertClass, r)
			startedFrom := time.Time{}
			if partial {
				startedFrom = ex.AddDate(0, 0, -4) // sessions of the last days: results not published yet
			}
			if partial {
				f.replaced = len(rows) // the class's last export replaces this one
			}
			if err := w.writeCertifs(s, f, lay, rows, false, startedFrom); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCertifs writes certification rows with Pix's certification writer:
// every string quoted, numbers bare, null empty, no line end at the end.
// Rows whose session is on or after startedFrom show "Démarrée".
func (w *worker) writeCertifs(s *school, f *fileSpec, lay int, rows []*certif, clea bool, startedFrom time.Time) error {
	cw := w.csv(f, ';')
	session := lay >= laySessionOld
	typed := lay != layClassOld && lay != laySessionOld
	h := []string{"Numéro de certification", "Prénom", "Nom", "Date de naissance", "Lieu de naissance", "Identifiant Externe"}
	if typed {
		h = append(h, "Type de certification")
	}
	h = append(h, "Statut")
	if clea {
		h = append(h, "Certification CléA")
	}
	switch lay {
	case layClassOld, laySessionOld:
		h = append(h, "Nombre de Pix")
	case layClassResultat, laySessionResultat:
		h = append(h, "Résultat")
	case layClassNiveau:
		h = append(h, "Niveau", "Score en pix")
	case laySessionNiveau:
		h = append(h, "Niveau", "Score en Pix")
	}
	h = append(h, compCode[:]...)
	h = append(h, "Commentaire jury pour l’organisation", "Session")
	if session {
		h = append(h, "Centre de certification")
	}
	h = append(h, "Date de passage de la certification")
	cw.headerQuoted(h)
	for _, c := range rows {
		st := c.status
		if !startedFrom.IsZero() && !c.sess.when.Before(startedFrom) {
			st = csStarted
		}
		cw.int(c.num)
		cw.str(c.p.first)
		cw.str(c.p.last)
		cw.str(dmy(c.p.birth))
		cw.str(c.p.place)
		if c.p.ext == "" {
			cw.empty()
		} else {
			cw.str(c.p.ext)
		}
		if typed {
			cw.str(map[bool]string{true: "CléA Numérique by Pix", false: "Pix"}[c.clea])
		}
		label := statusLabel(st, lay == layClassOld || lay == laySessionOld)
		cw.str(label)
		if clea {
			switch {
			case c.clea:
				cw.str(label)
			case st == csCancelled || st == csError:
				cw.str(label)
			default:
				cw.str("Non passée")
			}
		}
		switch lay {
		case layClassOld, laySessionOld:
			switch st {
			case csValidated:
				cw.int(c.score)
			case csRejected:
				cw.str("0")
			case csStarted:
				cw.empty()
			default:
				cw.str("-")
			}
		case layClassResultat:
			switch st {
			case csValidated:
				cw.str(strconv.Itoa(c.score) + " pix")
			case csRejected:
				cw.str("0 pix")
			case csStarted:
				cw.empty()
			default:
				cw.str("-")
			}
		case laySessionResultat:
			switch st {
			case csValidated:
				cw.str(pixLevel(c.score) + " (" + strconv.Itoa(c.score) + " Pix)")
			case csRejected:
				cw.str("0 Pix")
			default:
				cw.str("-")
			}
		default:
			switch st {
			case csValidated:
				cw.str(pixLevel(c.score))
				cw.int(c.score)
			case csRejected:
				cw.str("-")
				cw.int(0)
			case csStarted:
				cw.str("-")
				cw.empty()
			default:
				cw.str("-")
				cw.str("-")
			}
		}
		for _, lv := range c.levels {
			if st == csValidated && lv >= 0 {
				cw.int(int(lv))
			} else {
				cw.str("-")
			}
		}
		if c.comment == "" || st == csStarted {
			cw.empty()
		} else {
			cw.str(c.comment)
		}
		cw.int(c.sess.id)
		if session {
			cw.str(s.name)
		}
		cw.str(dmy(c.sess.when))
		cw.end()
	}
	f.finalNL = false
	return w.emit(f, cw)
}

func statusLabel(st int, oldWording bool) string {
	switch st {
	case csValidated:
		return "Validée"
	case csRejected:
		if oldWording {
			return "Rejetée"
		}
		return "Non obtenue"
	case csCancelled:
		return "Annulée"
	case csError:
		return "En erreur"
	}
	return "Démarrée"
}
