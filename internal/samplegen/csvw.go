package samplegen

import (
	"strconv"
	"strings"
)

// csvw builds one CSV file in memory, row by row, with the byte rules of
// the export it imitates. Fields are appended by dialect-specific methods;
// the file is encoded (BOM, Windows-1252) when it is closed.
type csvw struct {
	b       []byte
	delim   byte
	nl      string // "\n" or "\r\n"
	inRow   bool   // a field was already written in the current row
	pending bool   // a row ended and its line end is not written yet
	rows    int    // data rows (header excluded)
}

func newCSV(delim byte, crlf bool, buf []byte) *csvw {
	w := &csvw{b: buf[:0], delim: delim, nl: "\n"}
	if crlf {
		w.nl = "\r\n"
	}
	return w
}

// sep starts a field: the delimiter inside a row, the pending line end
// before the first field of a new row (line ends are written lazily so that
// a file can end without one, as Pix certification exports do).
func (w *csvw) sep() {
	if w.inRow {
		w.b = append(w.b, w.delim)
		return
	}
	if w.pending {
		w.b = append(w.b, w.nl...)
		w.pending = false
	}
	w.inRow = true
}

// header ends the header row; end ends a data row.
func (w *csvw) header() { w.inRow, w.pending = false, true }
func (w *csvw) end()    { w.inRow, w.pending = false, true; w.rows++ }

// finish writes the last line end when the format has one.
func (w *csvw) finish(finalNewline bool) {
	if w.pending && finalNewline {
		w.b = append(w.b, w.nl...)
	}
	w.pending = false
}

// blankLine writes an empty line (Excel leaves one at the end of some files).
func (w *csvw) blankLine() {
	if w.pending {
		w.b = append(w.b, w.nl...)
	}
	w.b = append(w.b, w.nl...)
	w.pending = false
}

func (w *csvw) quoted(s string) {
	w.b = append(w.b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		w.b = append(w.b, s[:i+1]...)
		w.b = append(w.b, '"')
		s = s[i+1:]
	}
	w.b = append(w.b, s...)
	w.b = append(w.b, '"')
}

// --- Pix campaign exports (api/src/shared/infrastructure/helpers/csv.js) ---

// pstr writes a string as Pix campaign exports do: bare when made only of
// digits and '-', else quoted with a "'" formula guard before - @ = +.
func (w *csvw) pstr(s string) {
	w.sep()
	if onlyDigitsDash(s) {
		w.b = append(w.b, s...)
		return
	}
	if s != "" && strings.IndexByte("-@=+", s[0]) >= 0 {
		s = "'" + s
	}
	w.quoted(s)
}

func onlyDigitsDash(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '-' {
			return false
		}
	}
	return true
}

// frac writes a fraction given in hundredths (0..100) with a decimal comma
// and no trailing zero, as JavaScript's toString would: 0, 0,5, 0,67, 1.
func (w *csvw) frac(h int) {
	w.sep()
	switch {
	case h <= 0:
		w.b = append(w.b, '0')
	case h >= 100:
		w.b = append(w.b, '1')
	case h%10 == 0:
		w.b = append(w.b, '0', ',', byte('0'+h/10))
	default:
		w.b = append(w.b, '0', ',', byte('0'+h/10), byte('0'+h%10))
	}
}

// --- every dialect ---

// str writes a string always quoted (certification exports, Edifice).
func (w *csvw) str(s string) { w.sep(); w.quoted(s) }

// raw writes text as is (already formatted, or known not to need quotes).
func (w *csvw) raw(s string) { w.sep(); w.b = append(w.b, s...) }

// text writes a string quoted only when it must be (delimiter, quote, line
// end inside), as spreadsheets do.
func (w *csvw) text(s string) {
	w.sep()
	if strings.IndexByte(s, w.delim) >= 0 || strings.ContainsAny(s, "\"\r\n") {
		w.quoted(s)
		return
	}
	w.b = append(w.b, s...)
}

func (w *csvw) int(n int) { w.sep(); w.b = strconv.AppendInt(w.b, int64(n), 10) }

// intq writes an integer inside quotes (Edifice quotes every field).
func (w *csvw) intq(n int) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = strconv.AppendInt(w.b, int64(n), 10)
	w.b = append(w.b, '"')
}

// intSep writes an integer with a thousands separator (French spreadsheets:
// "1 204" with a space or a no-break space).
func (w *csvw) intSep(n int, thousands string) {
	w.sep()
	w.b = appendThousands(w.b, n, thousands)
}

func appendThousands(b []byte, n int, thousands string) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	s := strconv.Itoa(n)
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, thousands...)
		}
		b = append(b, s[i])
	}
	return b
}

func (w *csvw) empty() { w.sep() }

// headerPix writes a header row with Pix campaign quoting.
func (w *csvw) headerPix(cols []string) {
	for _, c := range cols {
		w.pstr(c)
	}
	w.header()
}

// headerQuoted writes a header row, every cell quoted.
func (w *csvw) headerQuoted(cols []string) {
	for _, c := range cols {
		w.str(c)
	}
	w.header()
}

// headerText writes a header row quoted only where needed.
func (w *csvw) headerText(cols []string) {
	for _, c := range cols {
		w.text(c)
	}
	w.header()
}
