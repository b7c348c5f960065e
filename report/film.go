package report

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// "Le film annuel": the month-by-month guide of the SRANE (film annuel du
// numérique 2025-2026) turned into checks that the data can answer. Each
// check has a window; at the report date it is done, to do, late, to come,
// or cannot be assessed (missing source).

type filmData struct {
	sch  school
	y    schoolYear
	asOf time.Time
	vs   *valueSet

	garKnown bool
	garRenew []garSub
	garTotal int

	sessionsKnown bool
	sessions      []certSession

	ecDates                 []string
	ecLowClasses, ecClasses int

	campaignsKnown bool
	campaigns      []campaign

	supportKnown bool
	supportCount int64
}

const (
	stDone    = "fait"
	stTodo    = "a_faire"
	stLate    = "en_retard"
	stFuture  = "a_venir"
	stUnknown = "non_evaluable"
)

var statusLabels = map[string]string{
	stDone: "✓ Fait", stTodo: "À faire", stLate: "✗ En retard", stFuture: "À venir", stUnknown: "Non évaluable",
}

// timing gives the status of an action not (yet) done, from its window.
func timing(asOf, from, to time.Time) string {
	switch {
	case asOf.Before(from):
		return stFuture
	case !asOf.After(to):
		return stTodo
	}
	return stLate
}

type filmCheck struct {
	from time.Time
	Check
}

func filmSection(ctx context.Context, st *store, fd *filmData) (*Section, error) {
	sec := &Section{ID: "film-annuel", Title: "Le film annuel",
		Intro: "Les actions du « film annuel du numérique » (SRANE) que les données permettent de vérifier, à la date du " + frDate(fd.asOf) + "."}
	y := fd.y
	var checks []filmCheck
	add := func(from, to time.Time, action, status, figure string) {
		period := monthSpan(from, to)
		checks = append(checks, filmCheck{from: from, Check: Check{Period: period, Action: action, Status: status, Label: statusLabels[status], Figure: figure}})
	}

	// Rentrée: Pix campaigns made available (parcours de rentrée).
	{
		from, to := y.date(time.September, 1), y.date(time.October, 31)
		action := "Pix : mettre à disposition les parcours de rentrée"
		switch {
		case !fd.campaignsKnown:
			add(from, to, action, unknownOr(fd.asOf, from), "Source manquante : stg_campagnes (exports des campagnes Pix).")
		default:
			n, first := 0, time.Time{}
			for _, c := range fd.campaigns {
				if c.First.Valid && !c.First.Time.After(to) {
					n++
					if first.IsZero() || c.First.Time.Before(first) {
						first = c.First.Time
					}
				}
			}
			if n > 0 {
				add(from, to, action, stDone, fmt.Sprintf("%s avant le %s (première participation le %s).", nb(n, "campagne lancée", "campagnes lancées"), frShortDate(to), frShortDate(first)))
			} else {
				fig := "Aucune campagne avec une participation avant le " + frShortDate(to) + "."
				if len(fd.campaigns) > 0 {
					fig += " " + nb(len(fd.campaigns), "campagne lancée", "campagnes lancées") + " ensuite."
				}
				add(from, to, action, timing(fd.asOf, from, to), fig)
			}
		}
	}

	// November–December: EduConnect activation followed, credentials resent.
	{
		from, to := y.date(time.November, 1), y.date(time.December, 31)
		action := "EduConnect : suivre l'activation des comptes et renvoyer les identifiants non activés"
		if len(fd.ecDates) == 0 {
			add(from, to, action, unknownOr(fd.asOf, from), "Aucun relevé EduConnect chargé pour "+y.String()+".")
		} else {
			last := fd.ecDates[len(fd.ecDates)-1]
			fig := "Dernier relevé le " + periodLabel(last)
			var parts []string
			if r := fd.vs.get("educonnect_eleves", fd.sch.UAI, y.String(), last, ""); r != nil && r.Val.Valid {
				parts = append(parts, "élèves "+fmtValue(r.Val, "taux"))
			}
			if r := fd.vs.get("educonnect_responsables", fd.sch.UAI, y.String(), last, ""); r != nil && r.Val.Valid {
				parts = append(parts, "responsables "+fmtValue(r.Val, "taux"))
			}
			if len(parts) > 0 {
				fig += " : " + strings.Join(parts, ", ")
			}
			fig += "."
			if fd.ecClasses > 0 {
				fig += fmt.Sprintf(" %s sur %d sous %s d'activation.", nb(fd.ecLowClasses, "classe", "classes"), fd.ecClasses, frNumber(lowActivation*100, 0)+nnbsp+"%")
			}
			status := stDone
			if fd.ecLowClasses > 0 {
				status = timing(fd.asOf, from, to)
				if status == stFuture {
					status = stTodo
				}
			}
			add(from, to, action, status, fig)
		}
	}

	ws, err := st.certWindows(ctx, y)
	if err != nil {
		return nil, err
	}
	public := certPublic(fd.sch.TypeComp)
	mw, end, haveWindow := mainWindow(ws, public)

	// From November: identify the pupils to support before certification.
	{
		from := y.date(time.November, 1)
		to := y.date(time.March, 1)
		if haveWindow {
			to = mw.to
		}
		action := "Pix : identifier les élèves à accompagner en vue de la certification"
		switch {
		case !fd.supportKnown:
			add(from, to, action, unknownOr(fd.asOf, from), "Source manquante : stg_eleves_a_accompagner (collecte de profils des niveaux certifiés).")
		case fd.supportCount == 0:
			add(from, to, action, stDone, "Collecte de profils analysée : aucun élève au profil non certifiable.")
		default:
			add(from, to, action, stDone, nb(int(fd.supportCount), "élève au profil pas encore certifiable identifié", "élèves au profil pas encore certifiable identifiés")+" (liste par classe dans « Campagnes Pix »).")
		}
	}

	// Certification window: sessions held and results present by its end.
	{
		who := "Lycée"
		if public == "college" {
			who = "Collège"
		}
		action := who + " : tenir les sessions de certification Pix et finaliser les résultats avant la fin de la fenêtre"
		if !haveWindow {
			from, to := y.date(time.November, 1), y.date(time.June, 30)
			add(from, to, action, stUnknown, "Source manquante : seed_calendrier (fenêtres de certification "+y.String()+").")
		} else {
			n := 0
			for _, s := range fd.sessions {
				if !s.Date.Before(mw.from) && !s.Date.After(end) {
					n++
				}
			}
			cert := annual(fd.vs, "certif_taux", fd.sch.UAI, y, "")
			results := cert != nil && cert.Num.Valid && cert.Num.Float64 > 0
			var parts []string
			if fd.sessionsKnown {
				parts = append(parts, nb(n, "session tenue", "sessions tenues")+" dans la fenêtre")
			} else {
				parts = append(parts, "sessions inconnues (stg_certification_sessions absente)")
			}
			if cert != nil && cert.Val.Valid {
				parts = append(parts, fmt.Sprintf("%s élèves certifiés (%s)", ratio(cert.Num, cert.Den), fmtValue(cert.Val, "taux")))
			} else {
				parts = append(parts, "aucun résultat de certification chargé")
			}
			fig := strings.Join(parts, ", ") + fmt.Sprintf(" ; fenêtre du %s au %s.", frShortDate(mw.from), frShortDate(end))
			held := n > 0 || (!fd.sessionsKnown && results)
			status := timing(fd.asOf, mw.from, end)
			if status == stLate && held && results {
				status = stDone
			}
			add(mw.from, end, action, status, fig)
		}
	}

	// May–July: 6e attestations (collège).
	if public == "college" {
		from, to := y.date(time.May, 1), y.date(time.July, 7)
		action := "Attestation Pix 6e : résultats présents pour éditer et remettre les attestations"
		r := annual(fd.vs, "pix6e_attestation", fd.sch.UAI, y, "")
		if r != nil && r.Val.Valid {
			fig := fmt.Sprintf("%s élèves de 6e ont l'attestation (%s)", ratio(r.Num, r.Den), fmtValue(r.Val, "taux"))
			if r.Estimation {
				fig += ", estimation d'après les campagnes"
			}
			status := stDone
			if fd.asOf.Before(from) {
				status = stFuture
			}
			add(from, to, action, status, fig+".")
		} else {
			add(from, to, action, unknownOr(fd.asOf, from), "Aucune donnée d'attestation 6e pour "+y.String()+".")
		}
	}

	// May–July: GAR subscriptions ending before the next school year.
	{
		from, to := y.date(time.May, 1), y.date(time.August, 31)
		action := "GAR : renouveler les abonnements qui arrivent à expiration pour l'année suivante"
		switch {
		case !fd.garKnown:
			add(from, to, action, stUnknown, "Source manquante : stg_gar_ressources (affectations GAR avec dates de fin).")
		case len(fd.garRenew) == 0:
			add(from, to, action, stDone, fmt.Sprintf("Aucun abonnement (sur %d) ne se termine avant la rentrée %d.", fd.garTotal, y.start+1))
		default:
			var names []string
			for _, g := range fd.garRenew {
				names = append(names, g.Name)
			}
			if len(names) > 4 {
				names = append(names[:4], "…")
			}
			add(from, to, action, timing(fd.asOf, from, to), fmt.Sprintf("%s sur %d : fin avant la rentrée %d (%s).", nb(len(fd.garRenew), "abonnement", "abonnements"), fd.garTotal, y.start+1, strings.Join(names, ", ")))
		}
	}

	// June: the year-end report needs the indicators.
	{
		from, to := y.date(time.June, 1), y.date(time.July, 7)
		action := "Rapport annuel : dresser le bilan avec les indicateurs (ENT, ressources, formation, Pix)"
		needed := []string{"ent", "gar", "formation", "certification"}
		if public == "college" {
			needed = append(needed, "attestation")
		}
		var have, miss []string
		for _, k := range needed {
			name := familyShort[k]
			if len(fd.vs.indicatorsOf(k, fd.sch.UAI, y.String())) > 0 {
				have = append(have, name)
			} else {
				miss = append(miss, name)
			}
		}
		fig := "Indicateurs disponibles : " + orNone(have) + "."
		status := stDone
		if len(miss) > 0 {
			fig += " Manquants : " + strings.Join(miss, ", ") + "."
			status = timing(fd.asOf, from, to)
			if status == stFuture {
				status = stTodo
			}
		}
		add(from, to, action, status, fig)
	}

	sort.SliceStable(checks, func(i, j int) bool { return checks[i].from.Before(checks[j].from) })
	var out []Check
	for _, c := range checks {
		out = append(out, c.Check)
	}
	sec.add(Block{Checks: out})
	sec.add(Block{Note: "États : « Fait » quand les données le montrent ; « À faire » dans la période ; « En retard » après la période ; « À venir » avant ; « Non évaluable » sans la source nécessaire."})
	return sec, nil
}

var familyShort = map[string]string{"ent": "ENT", "gar": "GAR", "formation": "formation des personnels", "certification": "certification Pix", "attestation": "attestation 6e"}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "aucun"
	}
	return strings.Join(xs, ", ")
}

// unknownOr: without data, an action whose window has not opened is "to
// come"; afterwards it cannot be assessed.
func unknownOr(asOf, from time.Time) string {
	if asOf.Before(from) {
		return stFuture
	}
	return stUnknown
}

// monthSpan names a window by its months: "novembre – décembre 2025".
func monthSpan(from, to time.Time) string {
	a, b := frMonths[from.Month()-1], frMonths[to.Month()-1]
	if from.Year() == to.Year() {
		if a == b {
			return a + " " + fmt.Sprint(to.Year())
		}
		return a + " – " + b + " " + fmt.Sprint(to.Year())
	}
	return a + " " + fmt.Sprint(from.Year()) + " – " + b + " " + fmt.Sprint(to.Year())
}
