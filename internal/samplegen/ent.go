package samplegen

import (
	"math"
	"strconv"
	"time"
)

// ENT profiles.
const (
	prEleve = iota
	prParent
	prEnseignant
	prPersonnel
	prInvite
)

// entMonth is one school × month × profile of ENT statistics. Values depend
// only on the school, month and profile (not on the export), so overlapping
// exports agree on complete months; cutoff (zero = none) truncates the month
// at the export day.
type entMonth struct{ accounts, activated, visitors, connections int }

func (g *generator) entValues(s *school, m time.Time, prof int, cutoff time.Time, edifice bool) entMonth {
	y := yearOf(m)
	yi := 0
	if y != nil && y.start == years[1].start {
		yi = 1
	}
	r := newRNG(g.seed, s.uai, "ent", iso(m), strconv.Itoa(prof))
	dyn := s.dyn[yi]
	pupils := float64(s.totalPupils(yi))
	var acc, a0, a1, base, freq float64
	switch prof {
	case prEleve:
		acc, a0, a1, base, freq = pupils*1.02, 0.55, 0.97, 0.88, 14
	case prParent:
		acc, a0, a1, base, freq = pupils*1.55, 0.25, 0.75, 0.42, 6
		if s.isCollege() {
			base = 0.55
		}
	case prEnseignant:
		acc, a0, a1, base, freq = float64(s.teachers[yi]+3), 0.85, 0.99, 0.95, 28
	case prPersonnel:
		acc, a0, a1, base, freq = float64(max(3, s.staff[yi]-s.teachers[yi]+2)), 0.6, 0.9, 0.7, 20
	default:
		acc, a0, a1, base, freq = float64(3+r.intn(10)), 0.5, 0.8, 0.3, 3
	}
	var e entMonth
	e.accounts = int(math.Round(acc))
	// Months since 1 September: activation is cumulative over the school year.
	k := (int(m.Month()) - 9 + 12) % 12
	a1 = clamp(a1*(0.8+0.2*math.Min(dyn, 1.1)), a0, 0.995)
	act := a1 - (a1-a0)*math.Exp(-float64(k+1)/(1.6/math.Max(dyn, 0.4)))
	e.activated = int(math.Round(acc * act))
	var f float64
	activity := monthActivity(m.Year(), m.Month(), s.zone, time.Time{})
	switch m.Month() {
	case time.July:
		f = 0.05 + 0.15*activity
	case time.August:
		f = 0.03
	default:
		// Monthly unique visitors dip mildly in a month with holidays (most
		// users still connect in its school weeks); connections dip more.
		f = 0.6 + 0.4*activity
	}
	rate := clamp(base*f*math.Pow(math.Min(dyn, 1.15), 0.8)*r.uniform(0.95, 1.05), 0, 0.99)
	vis := float64(e.activated) * rate
	conn := vis * freq * (0.3 + 0.7*activity) * r.uniform(0.9, 1.1)
	if !cutoff.IsZero() && cutoff.Before(m.AddDate(0, 1, 0)) {
		frac := cutoff.Sub(m).Hours() / m.AddDate(0, 1, 0).Sub(m).Hours()
		vis *= math.Min(1, 0.3+0.7*frac)
		conn *= frac
	}
	if edifice && m.Equal(day(2025, 9, 1)) {
		conn *= 1.45 // the platform's own error of 9–24 September 2025
	}
	e.visitors = int(math.Round(vis))
	e.connections = int(math.Round(conn))
	return e
}

// ent writes the ENT statistics of a school: Edifice exports for lycées
// (12 overlapping months each), a vendor's aliases for collèges.
func (w *worker) ent(s *school) error {
	if !s.has(srcENT) {
		return nil
	}
	if s.isCollege() {
		for yi := w.g.first; yi < len(years); yi++ {
			if err := w.entCollege(s, yi); err != nil {
				return err
			}
		}
		return nil
	}
	return w.entEdifice(s)
}

var edificeProfiles = [2][5]string{
	{"Élève", "Parent", "Enseignant", "Personnel", "Invité"},
	{"Élèves", "Parents", "Enseignants", "Personnels", "Invités"},
}

func (w *worker) entEdifice(s *school) error {
	g := w.g
	r := newRNG(g.seed, s.uai, "ent-edifice")
	plural := r.chance(0.3)
	guests := r.chance(0.3)
	var exports []time.Time
	if g.first == 0 {
		exports = append(exports, at(day(2025, 7, 1+r.intn(8)), 9+r.intn(8), r.intn(60)))
	}
	if r.chance(0.4) {
		exports = append(exports, at(day(2026, 1, 12+r.intn(10)), 9+r.intn(8), r.intn(60)))
	}
	exports = append(exports, at(day(2026, 7, 1+r.intn(8)), 9+r.intn(8), r.intn(60)))
	nprof := 4
	if guests {
		nprof = 5
	}
	for ei, ex := range exports {
		// Each download keeps the platform's file name, in a folder named
		// after its date (folders sort in time order: ingest meets the
		// older export first and the newer one replaces its months).
		f := &fileSpec{path: s.uai + "/ent/" + iso(ex) + "/export-stats-accounts.csv", kind: KindENT, uai: s.uai, enc: EncUTF8BOM, finalNL: true, uaiFrom: FromColumn}
		cw := w.csv(f, ';')
		cw.headerQuoted([]string{"Établissement", "UAI", "Date", "Profil", "Connexions", "Visiteurs uniques", "Comptes chargés", "Comptes activés"})
		first := day(ex.Year(), ex.Month(), 1).AddDate(0, -11, 0)
		// Months a later export covers again are replaced by it.
		var nextFirst time.Time
		if ei+1 < len(exports) {
			nx := exports[ei+1]
			nextFirst = day(nx.Year(), nx.Month(), 1).AddDate(0, -11, 0)
		}
		seen := map[string]bool{}
		for m := first; !m.After(ex); m = m.AddDate(0, 1, 0) {
			if y := yearOf(m); y != nil {
				if !seen[y.label] {
					seen[y.label] = true
					f.years = append(f.years, y.label)
				}
			} else if !seen["2023-2024"] {
				seen["2023-2024"] = true
				f.years = append(f.years, "2023-2024")
			}
			if !nextFirst.IsZero() && !m.Before(nextFirst) {
				f.replaced += nprof
			}
			for p := 0; p < nprof; p++ {
				e := g.entValues(s, m, p, ex, true)
				cw.str(s.name)
				cw.str(s.uai)
				cw.str(monthISO(m))
				cw.str(edificeProfiles[b2i(plural)][p])
				cw.intq(e.connections)
				cw.intq(e.visitors)
				cw.intq(e.accounts)
				cw.intq(e.activated)
				cw.end()
			}
		}
		sortYears(f.years)
		if err := w.emit(f, cw); err != nil {
			return err
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sortYears(ys []string) {
	for i := 1; i < len(ys); i++ {
		for j := i; j > 0 && ys[j] < ys[j-1]; j-- {
			ys[j], ys[j-1] = ys[j-1], ys[j]
		}
	}
}

// collegeVariant picks the collège ENT vendor: one per département, as the
// départements choose the collèges' ENT.
func collegeVariant(dept string) int {
	switch dept {
	case "87":
		return 0
	case "19":
		return 1
	case "23":
		return 2
	}
	h := 0
	for i := 0; i < len(dept); i++ {
		h = h*31 + int(dept[i])
	}
	return h % 3
}

var collegeENT = [3]struct {
	header   []string
	profiles [4]string
	enc      string
	crlf     bool
	finalNL  bool
	name     string
}{
	{[]string{"Code établissement", "Période", "Type d'utilisateur", "Nombre de comptes", "Comptes actifs", "Utilisateurs uniques", "Visites"},
		[4]string{"Élève", "Parent", "Enseignant", "Personnel administratif"}, EncCP1252, true, true, "statistiques_connexions_"},
	{[]string{"RNE", "Mois", "Population", "Comptes chargés", "Comptes activés", "Visiteurs uniques", "Nombre de connexions"},
		[4]string{"Élève", "Responsable", "Enseignant", "Non enseignant"}, EncUTF8BOM, false, true, "ent_usages_"},
	{[]string{"UAI", "Mois", "Profil", "Comptes", "Comptes activés", "Utilisateurs connectés", "Connexions"},
		[4]string{"Élève", "Responsable", "Enseignant", "Personnel"}, EncUTF8, true, false, "export_ent_"},
}

func (w *worker) entCollege(s *school, yi int) error {
	g := w.g
	y := &years[yi]
	v := collegeVariant(s.dept)
	lay := collegeENT[v]
	r := newRNG(g.seed, s.uai, y.label, "ent-college")
	f := &fileSpec{path: s.uai + "/ent/" + lay.name + y.label + ".csv", kind: KindENT, uai: s.uai, years: []string{y.label},
		enc: lay.enc, crlf: lay.crlf, finalNL: lay.finalNL, uaiFrom: FromColumn}
	cw := w.csv(f, ';')
	cw.headerText(lay.header)
	thousands := " "
	if r.chance(0.5) {
		thousands = "\u00a0"
	}
	num := func(n int) {
		if v == 0 {
			cw.intSep(n, thousands)
		} else {
			cw.int(n)
		}
	}
	month := func(m time.Time) string {
		switch v {
		case 0:
			return frenchMonths[m.Month()] + " " + strconv.Itoa(m.Year())
		case 1:
			return string(pad2(nil, int(m.Month()))) + "/" + strconv.Itoa(m.Year())
		}
		return iso(m)[:7]
	}
	bad := -1
	if g.planted(s, yi, plantBadUAI) {
		bad = 1 + r.intn(30)
	}
	var tot [4]int
	row := 0
	for m := day(y.start, 9, 1); m.Before(day(y.start+1, 7, 1)); m = m.AddDate(0, 1, 0) {
		for p := 0; p < 4; p++ {
			e := g.entValues(s, m, p, time.Time{}, false)
			row++
			uai := s.uai
			if row == bad {
				uai = wrongLetter(s.uai)
				f.plants = append(f.plants, Plant{Row: row, Column: lay.header[0], Value: uai, Reason: "lettre de contrôle de l'UAI fausse"})
			}
			cw.text(uai)
			cw.text(month(m))
			cw.text(lay.profiles[p])
			num(e.accounts)
			num(e.activated)
			num(e.visitors)
			num(e.connections)
			cw.end()
			tot[0] += e.accounts
			tot[1] += e.activated
			tot[2] += e.visitors
			tot[3] += e.connections
		}
	}
	if v == 0 && r.chance(0.5) { // the vendor's Total line, to skip
		cw.text("Total")
		cw.empty()
		cw.empty()
		for _, t := range tot {
			num(t)
		}
		cw.header() // ends the line without counting a data row
		f.totalLine = true
	}
	return w.emit(f, cw)
}

// wrongLetter returns uai with another check letter.
func wrongLetter(uai string) string {
	const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	for i := 0; i < len(letters); i++ {
		if letters[i] == uai[7] {
			return uai[:7] + string(letters[(i+5)%len(letters)])
		}
	}
	return uai[:7] + "A"
}
