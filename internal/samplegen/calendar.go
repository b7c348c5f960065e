package samplegen

import (
	"sync"
	"time"
)

// The school calendar shapes every monthly series: ENT and GAR use dip in
// the holidays, certification sessions fall in the national windows.
// Dates are civil dates in UTC: nothing here depends on the machine's clock.

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type period struct{ from, to time.Time } // inclusive

func (p period) has(t time.Time) bool { return !t.Before(p.from) && !t.After(p.to) }

// Holiday zones A, B, C (the académie de Limoges is in zone A).
const (
	zoneA = iota
	zoneB
	zoneC
)

// schoolYear holds what the generator needs of one school year.
type schoolYear struct {
	label                         string // "2025-2026"
	start                         int    // 2025
	rentree                       time.Time
	summer                        time.Time   // first day of the summer holidays
	common                        []period    // Toussaint, Noël
	zoned                         [3][]period // winter and spring holidays per zone
	bankHol                       []time.Time // public holidays falling on school days
	certLycee, certLyceeCatch     period
	certCollege, certCollegeCatch period
}

// years are the school years filmnum's sample covers, oldest first.
var years = []schoolYear{
	{
		label: "2024-2025", start: 2024,
		rentree: day(2024, 9, 2), summer: day(2025, 7, 5),
		common: []period{{day(2024, 10, 19), day(2024, 11, 3)}, {day(2024, 12, 21), day(2025, 1, 5)}},
		zoned: [3][]period{
			{{day(2025, 2, 22), day(2025, 3, 9)}, {day(2025, 4, 19), day(2025, 5, 4)}},
			{{day(2025, 2, 8), day(2025, 2, 23)}, {day(2025, 4, 5), day(2025, 4, 21)}},
			{{day(2025, 2, 15), day(2025, 3, 2)}, {day(2025, 4, 12), day(2025, 4, 27)}},
		},
		bankHol:          []time.Time{day(2024, 11, 11), day(2025, 4, 21), day(2025, 5, 1), day(2025, 5, 8), day(2025, 5, 29), day(2025, 5, 30), day(2025, 6, 9)},
		certLycee:        period{day(2024, 11, 4), day(2025, 3, 7)},
		certLyceeCatch:   period{day(2025, 3, 10), day(2025, 3, 14)},
		certCollege:      period{day(2025, 3, 17), day(2025, 6, 13)},
		certCollegeCatch: period{day(2025, 6, 16), day(2025, 6, 20)},
	},
	{
		label: "2025-2026", start: 2025,
		rentree: day(2025, 9, 1), summer: day(2026, 7, 4),
		common: []period{{day(2025, 10, 18), day(2025, 11, 2)}, {day(2025, 12, 20), day(2026, 1, 4)}},
		zoned: [3][]period{
			{{day(2026, 2, 7), day(2026, 2, 22)}, {day(2026, 4, 4), day(2026, 4, 19)}},
			{{day(2026, 2, 14), day(2026, 3, 1)}, {day(2026, 4, 11), day(2026, 4, 26)}},
			{{day(2026, 2, 21), day(2026, 3, 8)}, {day(2026, 4, 18), day(2026, 5, 3)}},
		},
		bankHol:          []time.Time{day(2025, 11, 11), day(2026, 4, 6), day(2026, 5, 1), day(2026, 5, 8), day(2026, 5, 14), day(2026, 5, 15), day(2026, 5, 25)},
		certLycee:        period{day(2025, 11, 3), day(2026, 3, 6)},
		certLyceeCatch:   period{day(2026, 3, 9), day(2026, 3, 13)},
		certCollege:      period{day(2026, 3, 16), day(2026, 6, 12)},
		certCollegeCatch: period{day(2026, 6, 15), day(2026, 6, 19)},
	},
}

// isSchoolDay: a weekday between the rentrée and the summer, outside the
// holidays of the zone and the public holidays.
func (y *schoolYear) isSchoolDay(t time.Time, zone int) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if t.Before(y.rentree) || !t.Before(y.summer) {
		return false
	}
	for _, p := range y.common {
		if p.has(t) {
			return false
		}
	}
	for _, p := range y.zoned[zone] {
		if p.has(t) {
			return false
		}
	}
	for _, h := range y.bankHol {
		if h.Equal(t) {
			return false
		}
	}
	return true
}

// yearOf returns the school year containing t (1 September → 31 August), or nil.
func yearOf(t time.Time) *schoolYear {
	for i := range years {
		y := &years[i]
		if !t.Before(day(y.start, 9, 1)) && t.Before(day(y.start+1, 9, 1)) {
			return y
		}
	}
	return nil
}

// activityCache holds monthActivity of whole months from August 2023 to
// August 2027 (computed once: it is asked for every school and month).
var activityCache = sync.OnceValue(func() (c [3][49]float64) {
	for z := range c {
		for i := range c[z] {
			t := day(2023, 8, 1).AddDate(0, i, 0)
			c[z][i] = monthActivitySlow(t.Year(), t.Month(), z, time.Time{})
		}
	}
	return c
})

// monthActivity is the share of the month's weekdays that are school days,
// counted up to (excluding) until when until is inside the month.
func monthActivity(yr int, m time.Month, zone int, until time.Time) float64 {
	if i := (yr-2023)*12 + int(m) - 8; until.IsZero() && i >= 0 && i < 49 {
		return activityCache()[zone][i]
	}
	return monthActivitySlow(yr, m, zone, until)
}

func monthActivitySlow(yr int, m time.Month, zone int, until time.Time) float64 {
	first := day(yr, m, 1)
	weekdays, school := 0, 0
	for t := first; t.Month() == m; t = t.AddDate(0, 0, 1) {
		if !until.IsZero() && !t.Before(until) {
			break
		}
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		weekdays++
		if y := yearOf(t); y != nil && y.isSchoolDay(t, zone) {
			school++
		}
	}
	if weekdays == 0 {
		return 0
	}
	return float64(school) / float64(weekdays)
}

// schoolDays lists the school days of p for zone.
func (y *schoolYear) schoolDays(p period, zone int) []time.Time {
	var out []time.Time
	for t := p.from; !t.After(p.to); t = t.AddDate(0, 0, 1) {
		if y.isSchoolDay(t, zone) {
			out = append(out, t)
		}
	}
	return out
}

var frenchMonths = []string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
