package samplegen

import (
	"math"
	"strconv"
	"time"
)

type profile struct {
	p     *pupil
	div   *division
	sent  bool
	when  time.Time
	pix   [16]int
	older *profile
}

func (pr *profile) level(c int) int { return min(5, pr.pix[c]/8) }

func (pr *profile) certifiable() (n int) {
	for c := range pr.pix {
		if pr.level(c) >= 1 {
			n++
		}
	}
	return n
}

// levelBase is the mean Pix level of a level's pupils in the profiles
// collection (lycée pupils have used Pix longer).
func levelBase(l int) float64 {
	switch l {
	case l3e:
		return 1.0
	case lTle:
		return 1.45
	default:
		return 0.85
	}
}

func drawProfile(r *rng, p *pupil, d *division, days []time.Time) *profile {
	pr := &profile{p: p, div: d, sent: r.chance(0.93), when: lessonTime(r, days)}
	for c := range pr.pix {
		x := 8*(levelBase(d.level)+0.75*p.skill+compEase[c]) + 5*r.normal()
		pr.pix[c] = int(math.Max(0, math.Min(40, math.Round(x))))
	}
	return pr
}

// profiles writes one profiles collection per certification level, in the
// autumn (the "élèves à accompagner" of the film annuel come from it).
func (w *worker) profiles(s *school, yi int, divs []division) error {
	y := &years[yi]
	g := w.g
	for ci, l := range certLevels {
		if s.pupils[yi][l] == 0 {
			continue
		}
		key := "profils-" + strconv.Itoa(l)
		r := newRNG(g.seed, s.uai, y.label, key)
		c := &campaign{key: key, k: 15 + ci, levels: []int{l}}
		if l == l3e {
			c.from, c.to = day(y.start, 11, 3), day(y.start, 12, 19)
			c.export = at(day(y.start+1, 1, 5+r.intn(20)), 8+r.intn(10), r.intn(60))
		} else {
			c.from, c.to = day(y.start, 10, 1), day(y.start, 11, 28)
			c.export = at(day(y.start, 12, 1+r.intn(18)), 8+r.intn(10), r.intn(60))
		}
		c.name = "Collecte de profils " + levelShort(l) + " " + y.label
		days := schoolDaysBetween(c.from, c.to, s.zone)
		var rows []*profile
		for di := range divs {
			d := &divs[di]
			if d.level != l || d.nw == 0 {
				continue
			}
			rp := newRNG(g.seed, s.uai, y.label, key, d.label)
			pPart := clamp(0.55+0.35*s.dyn[yi], 0.25, 0.98)
			for pi := range d.written() {
				if !rp.chance(pPart) {
					continue
				}
				pr := drawProfile(rp, &d.pupils[pi], d, days)
				if pr.sent && rp.chance(0.03) { // sent again later: the newer first
					n := drawProfile(rp, pr.p, d, days[len(days)/2:])
					n.sent = true
					if !n.when.After(pr.when) {
						n.when = pr.when.AddDate(0, 0, 5)
					}
					n.older = pr
					pr = n
				}
				rows = append(rows, pr)
			}
		}
		if len(rows) == 0 {
			continue
		}
		sortByName(rows, func(x *profile) (*pupil, *division) { return x.p, x.div })
		if err := w.writeProfiles(s, yi, c, rows, w.variant(s, yi, key, true)); err != nil {
			return err
		}
	}
	return nil
}

func (w *worker) writeProfiles(s *school, yi int, c *campaign, rows []*profile, v exportVariant) error {
	f := w.pixFile(s, yi, c, KindPixProfiles, v)
	cw := w.csv(f, ';')
	id := campaignID(s, yi, c.k)
	h := []string{"Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Nom du Participant", "Prénom du Participant"}
	if v.class {
		h = append(h, "Classe")
	}
	if v.extLabel != "" {
		h = append(h, v.extLabel)
	}
	if v.old {
		h = append(h, "Envoi (O/N)", "Date de l'envoi")
	} else {
		h = append(h, "Envoi (O/N)", "Date et heure de l'envoi (Europe/Paris)")
	}
	h = append(h, "Nombre de pix total", "Certifiable (O/N)", "Nombre de compétences certifiables")
	for c := 0; c < 16; c++ {
		n := competenceName(c, v.straight)
		h = append(h, "Niveau pour la compétence "+n, "Nombre de pix pour la compétence "+n)
	}
	cw.headerPix(h)
	code := campaignCode(w.g.seed, id)
	for _, top := range rows {
		for pr := top; pr != nil; pr = pr.older {
			cw.pstr(s.name)
			cw.int(id)
			cw.pstr(code)
			cw.pstr(c.name)
			cw.pstr(pr.p.last)
			cw.pstr(pr.p.first)
			if v.class {
				cw.pstr(pr.div.label)
			}
			if v.extLabel != "" {
				cw.pstr(pr.p.ext)
			}
			if !pr.sent {
				cw.pstr("Non")
				for i := 0; i < 4+32; i++ {
					cw.pstr("NA")
				}
				cw.end()
				continue
			}
			cw.pstr("Oui")
			if v.old {
				cw.pstr(iso(parisToUTC(pr.when)))
			} else {
				cw.pstr(dmyhm(pr.when))
			}
			total := 0
			for _, x := range pr.pix {
				total += x
			}
			cw.int(total)
			n := pr.certifiable()
			cw.pstr(map[bool]string{true: "Oui", false: "Non"}[n >= 5])
			cw.int(n)
			for c := 0; c < 16; c++ {
				cw.int(pr.level(c))
				cw.int(pr.pix[c])
			}
			cw.end()
		}
	}
	return w.emit(f, cw)
}
