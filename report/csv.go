package report

import (
	"encoding/base64"
	"html/template"
	"strings"
)

// csvCell neutralises formulas the way Pix does: a text cell that a
// spreadsheet would evaluate (= + - @, and tab or CR that some strip first)
// gets a leading apostrophe. Numbers written by the report are not text and
// are passed with num = true.
func csvCell(s string, num bool) string {
	if !num && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	if strings.ContainsAny(s, ";\"\n\r") {
		s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// tableCSV writes the table as a French spreadsheet reads it: UTF-8 with a
// BOM, ';' separators, CRLF line ends.
func tableCSV(t *Table) string {
	var b strings.Builder
	b.WriteString("\ufeff")
	first := true
	for _, c := range t.Head {
		if c.Only == "html" {
			continue
		}
		if !first {
			b.WriteByte(';')
		}
		first = false
		h := c.Label
		if c.CSVLabel != "" {
			h = c.CSVLabel
		}
		b.WriteString(csvCell(h, false))
	}
	b.WriteString("\r\n")
	for _, r := range t.Rows {
		first := true
		for _, c := range r.Cells {
			if c.Only == "html" {
				continue
			}
			if !first {
				b.WriteByte(';')
			}
			first = false
			if c.CSV != nil {
				b.WriteString(csvCell(*c.CSV, c.Num))
			} else {
				b.WriteString(csvCell(c.Text, false))
			}
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// csvHref is the data: URI of the table's CSV. Base64 keeps the URI free of
// characters the attribute or the URL parser would reinterpret.
func csvHref(t *Table) template.URL {
	return template.URL("data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(tableCSV(t))))
}
