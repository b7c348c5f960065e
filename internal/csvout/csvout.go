// Package csvout writes the CSV files filmnum produces: `;`-separated,
// UTF-8 (with a BOM when meant for Excel), and with formulas neutralised —
// a text cell starting with = + - @ (or a tab / carriage return) gets a
// leading ', as Pix itself does, so that opening the file in a spreadsheet
// never runs a formula planted in a pupil's name.
package csvout

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// Writer writes records.
type Writer struct {
	w     *bufio.Writer
	delim byte
	err   error
}

// New returns a `;` writer; bom writes the UTF-8 byte order mark first.
func New(w io.Writer, bom bool) *Writer {
	cw := &Writer{w: bufio.NewWriter(w), delim: ';'}
	if bom {
		_, cw.err = cw.w.WriteString("\uFEFF")
	}
	return cw
}

// Write writes one record, quoting cells that need it.
func (c *Writer) Write(rec []string) error {
	return c.WriteRecord(rec, nil)
}

// WriteRecord writes text fields, neutralised and quoted as by Write, then
// raw fields as they are: numbers the caller formatted, which need neither
// (the 4.6 M rows of a national year of indicators).
func (c *Writer) WriteRecord(text []string, raw [][]byte) error {
	if c.err != nil {
		return c.err
	}
	for i, f := range text {
		if i > 0 {
			c.w.WriteByte(c.delim)
		}
		f = Neutralize(f)
		if strings.ContainsAny(f, "\";\r\n") || strings.HasPrefix(f, " ") || strings.HasSuffix(f, " ") {
			c.w.WriteByte('"')
			c.w.WriteString(strings.ReplaceAll(f, `"`, `""`))
			c.w.WriteByte('"')
		} else {
			c.w.WriteString(f)
		}
	}
	for i, f := range raw {
		if i > 0 || len(text) > 0 {
			c.w.WriteByte(c.delim)
		}
		c.w.Write(f)
	}
	_, c.err = c.w.WriteString("\n")
	return c.err
}

// Flush writes buffered data.
func (c *Writer) Flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

// Neutralize prefixes a formula-looking text cell with '. Numbers (-3,5 or
// -3.5) are left alone: they are values, not formulas.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return err == nil
}
