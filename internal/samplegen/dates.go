package samplegen

import "time"

// Date formats of the exports. Times are civil Paris times held in UTC
// values (the generator never converts through the machine's time zone).

func pad2(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }

func pad4(b []byte, n int) []byte {
	return append(b, byte('0'+n/1000%10), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

// dmy: 21/05/2025.
func dmy(t time.Time) string {
	b := make([]byte, 0, 10)
	b = pad2(b, t.Day())
	b = append(b, '/')
	b = pad2(b, int(t.Month()))
	b = append(b, '/')
	return string(pad4(b, t.Year()))
}

// dmyhm: 21/05/2025 14:03.
func dmyhm(t time.Time) string {
	b := make([]byte, 0, 16)
	b = pad2(b, t.Day())
	b = append(b, '/')
	b = pad2(b, int(t.Month()))
	b = append(b, '/')
	b = pad4(b, t.Year())
	b = append(b, ' ')
	b = pad2(b, t.Hour())
	b = append(b, ':')
	return string(pad2(b, t.Minute()))
}

// iso: 2025-05-21.
func iso(t time.Time) string {
	b := make([]byte, 0, 10)
	b = pad4(b, t.Year())
	b = append(b, '-')
	b = pad2(b, int(t.Month()))
	b = append(b, '-')
	return string(pad2(b, t.Day()))
}

// compact: 20250521.
func compact(t time.Time) string {
	b := make([]byte, 0, 8)
	b = pad4(b, t.Year())
	b = pad2(b, int(t.Month()))
	return string(pad2(b, t.Day()))
}

// hhmm: 1403.
func hhmm(t time.Time) string { return string(pad2(pad2(nil, t.Hour()), t.Minute())) }

// monthISO: 2025-09-01T00:00 (Edifice bucket start).
func monthISO(t time.Time) string { return iso(t) + "T00:00" }

// parisToUTC converts a Paris civil time to UTC: summer time runs from the
// last Sunday of March to the last Sunday of October.
func parisToUTC(t time.Time) time.Time {
	y := t.Year()
	start := lastSunday(y, time.March).Add(2 * time.Hour)
	end := lastSunday(y, time.October).Add(3 * time.Hour)
	if !t.Before(start) && t.Before(end) {
		return t.Add(-2 * time.Hour)
	}
	return t.Add(-time.Hour)
}

func lastSunday(y int, m time.Month) time.Time {
	t := day(y, m+1, 1).AddDate(0, 0, -1)
	for t.Weekday() != time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// at returns the day d at h:m.
func at(d time.Time, h, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, time.UTC)
}
