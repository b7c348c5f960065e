package seeds

import (
	"fmt"
	"io/fs"
	"strconv"
	"time"
)

// SchoolYear returns the school year of t, "2025-2026" for any day from
// 1 September 2025 to 31 August 2026 (in t's own location: pass Paris times).
func SchoolYear(t time.Time) string {
	y := t.Year()
	if t.Month() < time.September {
		y--
	}
	return fmt.Sprintf("%d-%d", y, y+1)
}

// SchoolYearBounds returns the first and last days (1 September, 31 August,
// UTC midnight) of a school year written "2025-2026".
func SchoolYearBounds(year string) (first, last time.Time, err error) {
	if !ValidSchoolYear(year) {
		return first, last, fmt.Errorf("année scolaire « %s » invalide : AAAA-AAAA attendu (ex. 2025-2026)", year)
	}
	y, _ := strconv.Atoi(year[:4])
	return time.Date(y, time.September, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.August, 31, 0, 0, 0, 0, time.UTC), nil
}

// ValidSchoolYear reports whether s is written like "2025-2026": two
// consecutive years.
func ValidSchoolYear(s string) bool {
	if len(s) != 9 || s[4] != '-' {
		return false
	}
	a, err1 := strconv.Atoi(s[:4])
	b, err2 := strconv.Atoi(s[5:])
	return err1 == nil && err2 == nil && a >= 1900 && b == a+1
}

// Calendar event kinds (Event.Kind) and audiences (Event.Audience).
const (
	EventRentree          = "rentree"
	EventVacances         = "vacances"
	EventCertification    = "certification"
	EventCertifRattrapage = "certification_rattrapage"

	AudienceCollege = "college"
	AudienceLycee   = "lycee"
	AudienceAll     = "tous"
)

// Event is one row of calendrier.csv. Start and End are dates (UTC midnight),
// both inclusive.
type Event struct {
	SchoolYear string
	Kind       string
	Audience   string
	Start, End time.Time
	Label      string
}

// ReadCalendar reads calendrier.csv:
// annee_scolaire;evenement;public;debut;fin;libelle (dates YYYY-MM-DD).
func ReadCalendar(fsys fs.FS) ([]Event, error) {
	events, problems := readCalendar(fsys)
	if err := problemsError(problems); err != nil {
		return nil, err
	}
	return events, nil
}

func readCalendar(fsys fs.FS) ([]Event, []Problem) {
	t, problems := openTable(fsys, FileCalendar, true)
	if t == nil || t.header == nil {
		return nil, problems
	}
	c := &schoolChecker{t: t}
	if p := t.require("annee_scolaire", "evenement", "public", "debut", "fin", "libelle"); len(p) > 0 {
		return nil, append(problems, p...)
	}
	var out []Event
	for _, r := range t.rows {
		e := Event{SchoolYear: t.get(r, "annee_scolaire"), Kind: t.get(r, "evenement"), Audience: t.get(r, "public"), Label: t.get(r, "libelle")}
		ok := true
		first, last, err := SchoolYearBounds(e.SchoolYear)
		if err != nil {
			c.add(r, "annee_scolaire", err.Error())
			ok = false
		}
		switch e.Kind {
		case EventRentree, EventVacances, EventCertification, EventCertifRattrapage:
		default:
			c.add(r, "evenement", fmt.Sprintf("événement inconnu « %s » : rentree, vacances, certification ou certification_rattrapage attendu", e.Kind))
			ok = false
		}
		switch e.Audience {
		case AudienceCollege, AudienceLycee, AudienceAll:
		default:
			c.add(r, "public", fmt.Sprintf("public inconnu « %s » : college, lycee ou tous attendu", e.Audience))
			ok = false
		}
		for _, col := range []string{"debut", "fin"} {
			d, err := time.Parse(time.DateOnly, t.get(r, col))
			if err != nil {
				c.add(r, col, fmt.Sprintf("date « %s » invalide : AAAA-MM-JJ attendu", t.get(r, col)))
				ok = false
				continue
			}
			if col == "debut" {
				e.Start = d
			} else {
				e.End = d
			}
		}
		if !ok {
			continue
		}
		if e.End.Before(e.Start) {
			c.add(r, "fin", "fin avant le début")
			continue
		}
		if e.Start.Before(first) || e.End.After(last) {
			c.add(r, "", fmt.Sprintf("dates hors de l'année scolaire %s (1er septembre – 31 août)", e.SchoolYear))
			continue
		}
		out = append(out, e)
	}
	return out, append(problems, c.problems...)
}
