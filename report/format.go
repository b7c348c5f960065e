package report

import (
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// French number formatting: decimal comma, narrow no-break space between
// thousands (as the Imprimerie nationale and Excel in French do).
const nnbsp = "\u202f"

func frNumber(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(nnbsp)
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg && strings.Trim(out, "0,"+nnbsp) != "" {
		out = "−" + out
	}
	return out
}

// nb writes a count with its noun, singular for 0 and 1 as French does:
// nb(1, "classe", "classes") = "1 classe".
func nb(n int, one, many string) string {
	if n <= 1 && n >= -1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return frNumber(float64(n), 0) + " " + many
}

// fmtValue formats a value in its unit; rates are fractions 0..1.
func fmtValue(v sql.NullFloat64, unite string) string {
	if !v.Valid || math.IsNaN(v.Float64) {
		return "non disponible"
	}
	switch unite {
	case "taux":
		return frNumber(v.Float64*100, 1) + nnbsp + "%"
	case "heures":
		return frNumber(v.Float64, 1) + nnbsp + "h"
	case "score":
		return frNumber(math.Round(v.Float64), 0)
	}
	if v.Float64 == math.Trunc(v.Float64) {
		return frNumber(v.Float64, 0)
	}
	return frNumber(v.Float64, 1)
}

// fmtCount formats a numerator or denominator (a count of people).
func fmtCount(v sql.NullFloat64) string {
	if !v.Valid {
		return ""
	}
	if v.Float64 == math.Trunc(v.Float64) {
		return frNumber(v.Float64, 0)
	}
	return frNumber(v.Float64, 1)
}

// fmtGap formats a difference with N-1: points for rates, units otherwise.
func fmtGap(v sql.NullFloat64, unite string) string {
	if !v.Valid {
		return ""
	}
	sign := "+"
	if v.Float64 < 0 {
		sign = ""
	}
	switch unite {
	case "taux":
		pts := " pts"
		if math.Abs(v.Float64) < 2 {
			pts = " pt"
		}
		return sign + frNumber(v.Float64, 1) + pts
	case "heures":
		return sign + frNumber(v.Float64, 1) + nnbsp + "h"
	}
	return sign + frNumber(v.Float64, 1)
}

// chartNumber is the number a chart plots: rates in percent, one decimal.
func chartNumber(v float64, unite string) float64 {
	if unite == "taux" {
		v *= 100
	}
	return math.Round(v*10) / 10
}

// csvNumber is a value for the CSV: decimal comma, no thousands separator,
// rates in percent (the column header says so).
func csvNumber(v sql.NullFloat64, unite string) string {
	if !v.Valid {
		return ""
	}
	x := v.Float64
	if unite == "taux" {
		x *= 100
	}
	return strings.Replace(strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64), ".", ",", 1)
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
var frMonthsShort = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

func frDate(t time.Time) string {
	d := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	return d + " " + frMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

func frShortDate(t time.Time) string { return t.Format("02/01/2006") }

// monthLabel turns "2025-11" into "nov. 2025".
func monthLabel(p string) string {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return p
	}
	return frMonthsShort[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// periodLabel names a period of ind_valeurs.
func periodLabel(p string) string {
	if p == "annee" {
		return "année"
	}
	if t, err := time.Parse("2006-01-02", p); err == nil {
		return frShortDate(t)
	}
	return monthLabel(p)
}

// schoolYear is "2025-2026"; start is its first calendar year.
type schoolYear struct{ start int }

func parseYear(s string) (schoolYear, error) {
	a, b, ok := strings.Cut(s, "-")
	y1, err1 := strconv.Atoi(a)
	y2, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || y2 != y1+1 || y1 < 2000 || y1 > 2100 {
		return schoolYear{}, fmt.Errorf("année scolaire « %s » invalide : attendu AAAA-AAAA, par exemple 2025-2026", s)
	}
	return schoolYear{y1}, nil
}

func yearOf(t time.Time) schoolYear {
	if t.Month() >= time.September {
		return schoolYear{t.Year()}
	}
	return schoolYear{t.Year() - 1}
}

func (y schoolYear) String() string   { return fmt.Sprintf("%d-%d", y.start, y.start+1) }
func (y schoolYear) prev() schoolYear { return schoolYear{y.start - 1} }

// months lists "2025-09" … "2026-08".
func (y schoolYear) months() []string {
	out := make([]string, 0, 12)
	for i := 0; i < 12; i++ {
		m := time.Date(y.start, time.September+time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, m.Format("2006-01"))
	}
	return out
}

func (y schoolYear) date(month time.Month, day int) time.Time {
	yr := y.start
	if month < time.September {
		yr++
	}
	return time.Date(yr, month, day, 0, 0, 0, 0, time.UTC)
}

// sameMonthLastYear maps "2026-03" of year y to "2025-03" (the month of N-1).
func shiftYear(p string, years int) string {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return p
	}
	return t.AddDate(years, 0, 0).Format("2006-01")
}
