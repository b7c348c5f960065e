package samplegen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// others writes the non-Pix sources of a school and year (ENT is written
// per school, its exports spanning years).
func (w *worker) others(s *school, yi int, divs []division) error {
	if s.has(srcGAR) {
		if err := w.gar(s, yi); err != nil {
			return err
		}
	}
	if s.has(srcEduConnect) {
		if err := w.educonnect(s, yi, divs); err != nil {
			return err
		}
	}
	if s.has(srcTraining) {
		if err := w.training(s, yi); err != nil {
			return err
		}
	}
	return nil
}

// --- GAR ---

type garSub struct {
	res              *garResource
	licences         int // 0 with res.unlimited
	pupils, teachers int // assigned
	from, to         time.Time
}

func (w *worker) garSubscriptions(s *school, yi int) []garSub {
	g := w.g
	y := &years[yi]
	dyn := s.dyn[yi]
	var out []garSub
	for i := range garCatalogue {
		res := &garCatalogue[i]
		switch res.levels {
		case "tous":
		case "college":
			if !s.isCollege() {
				continue
			}
		case "lycee":
			if s.comp != "lycee" && !(s.comp == "lp" && i%2 == 0) {
				continue
			}
		case "lp":
			if s.comp != "lp" && s.pupils[yi][lTlePro] == 0 {
				continue
			}
		}
		// A lasting choice per school and resource, revised some years.
		keep := newRNG(g.seed, s.uai, "gar", res.ark).chance(0.42)
		if newRNG(g.seed, s.uai, y.label, "gar", res.ark).chance(0.12) {
			keep = !keep
		}
		if !keep {
			continue
		}
		r := newRNG(g.seed, s.uai, y.label, "gar-sub", res.ark)
		pupils := s.totalPupils(yi)
		target := pupils
		if !res.unlimited {
			target = int(float64(pupils) * r.uniform(0.2, 0.45))
		}
		sub := garSub{res: res, from: day(y.start, 9, 1), to: day(y.start+1, 8, 31)}
		if r.chance(0.15) {
			sub.from = day(y.start, 10, 1+r.intn(20))
		}
		if r.chance(0.15) {
			sub.to = day(y.start+2, 8, 31) // two-year subscription
		} else if r.chance(0.1) {
			sub.to = day(y.start+1, 6, 30)
		}
		assign := clamp(0.45+0.5*dyn+0.1*r.normal(), 0.05, 1)
		if !res.unlimited {
			sub.licences = max(10, int(float64(target)*r.uniform(0.95, 1.2)))
			sub.pupils = min(sub.licences, int(math.Round(float64(sub.licences)*assign)))
		} else {
			sub.pupils = int(math.Round(float64(target) * assign))
		}
		sub.teachers = int(math.Round(float64(s.teachers[yi]) * r.uniform(0.05, 0.5) * math.Min(dyn, 1)))
		out = append(out, sub)
	}
	return out
}

var garAssignLayouts = [3]struct {
	header  []string
	enc     string
	crlf    bool
	isoDate bool
}{
	{[]string{"UAI", "Ressource", "Identifiant ressource", "Éditeur", "Exemplaires", "Affectés élèves", "Affectés enseignants", "Début", "Fin"}, EncUTF8BOM, false, false},
	{[]string{"RNE", "Nom de la ressource", "ARK", "Distributeur", "Nombre d'exemplaires", "Exemplaires attribués élèves", "Exemplaires attribués enseignants", "Date de début", "Date de fin"}, EncCP1252, true, true},
	{[]string{"UAI", "Titre", "Id ressource", "Éditeur", "Licences", "Attributions élèves", "Attributions enseignants", "Début de validité", "Fin de validité"}, EncUTF8, true, false},
}

var garUsageLayouts = [3]struct {
	header []string
	enc    string
	crlf   bool
	month  int // 0 = 2025-09, 1 = septembre 2025, 2 = 09/2025
}{
	{[]string{"UAI", "Mois", "Ressource", "Identifiant ressource", "Profil", "Utilisateurs", "Accès"}, EncUTF8BOM, false, 0},
	{[]string{"RNE", "Période", "Nom de la ressource", "ARK", "Population", "Utilisateurs distincts", "Connexions"}, EncCP1252, true, 1},
	{[]string{"UAI", "Période", "Titre", "Id ressource", "Profil", "Visiteurs uniques", "Sessions"}, EncUTF8, true, 2},
}

func (w *worker) gar(s *school, yi int) error {
	g := w.g
	y := &years[yi]
	subs := w.garSubscriptions(s, yi)
	if len(subs) == 0 {
		return nil
	}
	r := newRNG(g.seed, s.uai, y.label, "gar-files")
	v := int(newRNG(g.seed, s.uai, "gar-layout").intn(3))
	la := garAssignLayouts[v]
	ex := day(y.start+1, 5, 4+r.intn(25))
	f := &fileSpec{path: s.uai + "/gar/affectations_" + iso(ex) + ".csv", kind: KindGARAssignments, uai: s.uai,
		years: []string{y.label}, enc: la.enc, crlf: la.crlf, finalNL: true, uaiFrom: FromColumn}
	cw := w.csv(f, ';')
	cw.headerText(la.header)
	date := func(t time.Time) {
		if la.isoDate {
			cw.text(iso(t))
		} else {
			cw.text(dmy(t))
		}
	}
	for _, sub := range subs {
		cw.text(s.uai)
		cw.text(sub.res.name)
		cw.text(sub.res.ark)
		cw.text(sub.res.editor)
		if sub.res.unlimited {
			cw.text("Illimité")
		} else {
			cw.int(sub.licences)
		}
		cw.int(sub.pupils)
		cw.int(sub.teachers)
		date(sub.from)
		date(sub.to)
		cw.end()
	}
	if err := w.emit(f, cw); err != nil {
		return err
	}

	lu := garUsageLayouts[v]
	f = &fileSpec{path: s.uai + "/gar/usage_" + y.label + ".csv", kind: KindGARUsage, uai: s.uai,
		years: []string{y.label}, enc: lu.enc, crlf: lu.crlf, finalNL: true, uaiFrom: FromColumn}
	cw = w.csv(f, ';')
	cw.headerText(lu.header)
	dyn := s.dyn[yi]
	for m := day(y.start, 9, 1); m.Before(day(y.start+1, 8, 1)); m = m.AddDate(0, 1, 0) {
		act := monthActivity(m.Year(), m.Month(), s.zone, time.Time{})
		f0 := 0.35 + 0.65*act
		if m.Month() == time.July {
			f0 = 0.1 * act
		}
		for _, sub := range subs {
			if m.Before(day(sub.from.Year(), sub.from.Month(), 1)) {
				continue
			}
			rr := newRNG(g.seed, s.uai, iso(m), "gar-usage", sub.res.ark)
			for p, assigned := range []int{sub.pupils, sub.teachers} {
				appeal := sub.res.appeal
				if p == 1 {
					appeal = math.Min(0.95, appeal*1.5)
				}
				users := int(math.Round(float64(assigned) * appeal * f0 * math.Min(dyn, 1.1) * rr.uniform(0.8, 1.2)))
				users = min(users, assigned)
				if users <= 0 {
					continue
				}
				var ms string
				switch lu.month {
				case 0:
					ms = iso(m)[:7]
				case 1:
					ms = frenchMonths[m.Month()] + " " + strconv.Itoa(m.Year())
				default:
					ms = string(pad2(nil, int(m.Month()))) + "/" + strconv.Itoa(m.Year())
				}
				cw.text(s.uai)
				cw.text(ms)
				cw.text(sub.res.name)
				cw.text(sub.res.ark)
				cw.text([]string{"Élève", "Enseignant"}[p])
				cw.int(users)
				cw.int(int(math.Round(float64(users) * rr.uniform(1.5, 6))))
				cw.end()
			}
		}
	}
	return w.emit(f, cw)
}

// --- EduConnect ---

func (w *worker) educonnect(s *school, yi int, divs []division) error {
	g := w.g
	y := &years[yi]
	r := newRNG(g.seed, s.uai, y.label, "educonnect")
	dyn := s.dyn[yi]
	var snaps []time.Time
	for _, m := range []time.Month{9, 10, 11, 12} {
		if m != 9 && r.chance(0.15) {
			continue // a month without a snapshot
		}
		days := schoolDaysBetween(day(y.start, m, 10), day(y.start, m, 24), s.zone)
		if len(days) == 0 {
			days = []time.Time{day(y.start, m, 15)}
		}
		snaps = append(snaps, days[r.intn(len(days))])
	}
	layout := newRNG(g.seed, s.uai, "educonnect-layout").intn(4)
	type classRow struct {
		label                       string
		pupils, pAct, parents, rAct int
	}
	rows := make([][]classRow, len(snaps))
	for di := range divs {
		d := &divs[di]
		rc := newRNG(g.seed, s.uai, y.label, "educonnect", d.label)
		parents := int(math.Round(float64(len(d.pupils)) * rc.uniform(1.5, 1.8)))
		cls := rc.normal() * 0.07
		p0, r0 := 0.55, 0.6
		switch d.level {
		case l6e:
			p0, r0 = 0.12, 0.25
		case l2nde, l2ndePro, lCAP1:
			p0, r0 = 0.35, 0.45
		}
		p1 := clamp(0.96*(0.78+0.22*math.Min(dyn, 1.1))+cls, p0, 0.99)
		r1 := clamp(0.86*(0.7+0.3*math.Min(dyn, 1.1))+cls, r0, 0.97)
		tau := 1.4 / math.Max(dyn, 0.4)
		for si, sd := range snaps {
			t := sd.Sub(day(y.start, 9, 1)).Hours() / 24 / 30.4
			pa := p1 - (p1-p0)*math.Exp(-t/tau)
			ra := r1 - (r1-r0)*math.Exp(-t/tau)
			rows[si] = append(rows[si], classRow{d.label, len(d.pupils), int(math.Round(float64(len(d.pupils)) * pa)),
				parents, int(math.Round(float64(parents) * ra))})
		}
	}
	switch layout {
	case 0, 1: // Arena-like export, one file per snapshot, the date in its name
		for si, sd := range snaps {
			name := "EduConnect_" + s.uai + "_" + compact(sd) + ".csv"
			header := []string{"UAI", "Classe", "Élèves", "Élèves activés", "Responsables", "Responsables activés"}
			if layout == 1 {
				name = "educonnect_" + iso(sd) + ".csv"
				header = []string{"RNE", "Division", "Effectif", "Comptes élèves activés", "Représentants légaux", "Comptes responsables activés"}
			}
			f := &fileSpec{path: s.uai + "/educonnect/" + name, kind: KindEduConnect, uai: s.uai, years: []string{y.label},
				enc: EncCP1252, crlf: true, finalNL: true, uaiFrom: FromColumn}
			cw := w.csv(f, ';')
			cw.headerText(header)
			for _, cr := range rows[si] {
				cw.text(s.uai)
				cw.text(cr.label)
				cw.int(cr.pupils)
				cw.int(cr.pAct)
				cw.int(cr.parents)
				cw.int(cr.rAct)
				cw.end()
			}
			if err := w.emit(f, cw); err != nil {
				return err
			}
		}
		return nil
	}
	// A follow-up sheet kept by the school: every snapshot in one file, the
	// date as a column; without the UAI column in layout 3 (the path tells).
	f := &fileSpec{path: s.uai + "/educonnect/suivi_educonnect_" + y.label + ".csv", kind: KindEduConnect, uai: s.uai,
		years: []string{y.label}, enc: EncUTF8BOM, finalNL: true, uaiFrom: FromColumn}
	header := []string{"UAI", "Date d'extraction", "Classe", "Nombre d'élèves", "Élèves activés", "Nombre de responsables", "Responsables activés"}
	if layout == 3 {
		f.uaiFrom = FromPath
		f.enc, f.crlf = EncCP1252, true
		header = []string{"Extrait le", "Division", "Effectif", "Élèves activés", "Responsables", "Responsables activés"}
	}
	cw := w.csv(f, ';')
	cw.headerText(header)
	for si, sd := range snaps {
		for _, cr := range rows[si] {
			if layout == 2 {
				cw.text(s.uai)
			}
			cw.text(dmy(sd))
			cw.text(cr.label)
			cw.int(cr.pupils)
			cw.int(cr.pAct)
			cw.int(cr.parents)
			cw.int(cr.rAct)
			cw.end()
		}
	}
	return w.emit(f, cw)
}

// --- training attendance ---

type staffMember struct {
	last, first, fonction string
	teacher               bool
}

func (w *worker) staffList(s *school, yi int) []staffMember {
	g := w.g
	var out []staffMember
	nT := s.teachers[yi]
	nO := max(2, s.staff[yi]-s.teachers[yi])
	corps := []string{"Enseignant", "Professeur certifié", "Professeur agrégé", "Professeur certifié", "Professeur documentaliste"}
	if s.comp == "lp" {
		corps = []string{"Enseignant", "Professeur de lycée professionnel", "Professeur de lycée professionnel", "Professeur certifié"}
	}
	head := "Principal"
	if !s.isCollege() {
		head = "Proviseur"
	}
	others := []string{head, head + " adjoint", "CPE", "Vie scolaire", "Secrétaire de direction", "Gestionnaire", "Administratif", "Assistant d'éducation", "Autre"}
	// Staff persist from one year to the next: person i keeps a name.
	for i := 0; i < nT+nO; i++ {
		r := newRNG(g.seed, s.uai, "staff", strconv.Itoa(i))
		m := staffMember{last: pick(r, surnames), first: pick(r, adultFirst), teacher: i < nT}
		if r.chance(0.01) {
			m.last = pick(r, rareSurnames)
		}
		if m.teacher {
			m.fonction = pick(r, corps)
		} else {
			m.fonction = others[min(i-nT, len(others)-1)]
		}
		out = append(out, m)
	}
	return out
}

// hoursText writes a duration the way people type it.
func hoursText(h float64, style int) string {
	mins := int(math.Round(h * 60))
	switch style {
	case 1:
		if mins%60 == 0 {
			return strconv.Itoa(mins/60) + "h"
		}
		return fmt.Sprintf("%dh%02d", mins/60, mins%60)
	case 2:
		return fmt.Sprintf("%02d:%02d", mins/60, mins%60)
	}
	return strings.Replace(strconv.FormatFloat(h, 'f', -1, 64), ".", ",", 1)
}

func (w *worker) training(s *school, yi int) error {
	g := w.g
	y := &years[yi]
	r := newRNG(g.seed, s.uai, y.label, "training")
	dyn := s.dyn[yi]
	staff := w.staffList(s, yi)
	// The year's sessions offered to the school's staff.
	type sess struct {
		t        *training
		when     time.Time
		modality string
	}
	var sessions []sess
	for _, i := range r.perm(len(trainings))[:3+r.intn(5)] {
		days := y.schoolDays(period{day(y.start, 9, 15), day(y.start+1, 6, 20)}, s.zone)
		sessions = append(sessions, sess{&trainings[i], days[r.intn(len(days))], pick(r, []string{"Présentiel", "Présentiel", "Distanciel", "Hybride"})})
	}
	type row struct {
		m *staffMember
		s *sess
	}
	var rows []row
	for i := range staff {
		m := &staff[i]
		p := clamp(0.06+0.32*dyn, 0.03, 0.6)
		if !m.teacher {
			p *= 0.4
		}
		if !r.chance(p) {
			continue
		}
		n := 1
		if r.chance(0.3) {
			n = 2
		}
		for _, k := range r.perm(len(sessions))[:n] {
			rows = append(rows, row{m, &sessions[k]})
		}
	}
	if len(rows) == 0 { // someone always went (and planting needs a row)
		rows = append(rows, row{&staff[0], &sessions[0]})
	}
	// In date order, as a sign-in sheet is typed.
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && rows[j].s.when.Before(rows[j-1].s.when); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	layout := newRNG(g.seed, s.uai, "training-layout").intn(3)
	f := &fileSpec{path: s.uai + "/formations/formations_numerique_" + y.label + ".csv", kind: KindTraining, uai: s.uai,
		years: []string{y.label}, finalNL: true, uaiFrom: FromColumn}
	var header []string
	switch layout {
	case 0:
		f.enc, f.crlf = EncCP1252, true
		f.blankTail = r.chance(0.3)
		header = []string{"UAI", "Nom", "Prénom", "Fonction", "Formation", "Thème", "Modalité", "Date", "Durée"}
	case 1:
		f.enc = EncUTF8BOM
		header = []string{"RNE", "Nom", "Prénom", "Corps", "Intitulé", "Domaine", "Format", "Date de la session", "Durée (h)"}
	default:
		f.enc, f.crlf, f.uaiFrom = EncCP1252, true, FromPath
		header = []string{"Nom", "Prénom", "Statut", "Module", "Modalité", "Date", "Heures"}
	}
	dateCol := map[int]string{0: "Date", 1: "Date de la session", 2: "Date"}[layout]
	cw := w.csv(f, ';')
	cw.headerText(header)
	bad := -1
	if g.planted(s, yi, plantBadDate) {
		bad = r.intn(len(rows))
	}
	for i, rw := range rows {
		if layout != 2 {
			cw.text(s.uai)
		}
		cw.text(rw.m.last)
		cw.text(rw.m.first)
		cw.text(rw.m.fonction)
		cw.text(rw.s.t.title)
		if layout != 2 {
			cw.text(rw.s.t.theme)
		}
		cw.text(rw.s.modality)
		date := dmy(rw.s.when)
		if layout == 1 {
			date = iso(rw.s.when)
		}
		if i == bad {
			date = "31/02/" + strconv.Itoa(y.start+1)
			if layout == 1 {
				date = strconv.Itoa(y.start+1) + "-02-31"
			}
			f.plants = append(f.plants, Plant{Row: i + 1, Column: dateCol, Value: date, Reason: "date impossible"})
		}
		cw.text(date)
		switch layout {
		case 1:
			cw.text(hoursText(rw.s.t.hours, 0))
		default:
			cw.text(hoursText(rw.s.t.hours, r.intn(3)))
		}
		cw.end()
	}
	return w.emit(f, cw)
}
