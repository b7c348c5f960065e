package report

import (
	"bytes"
	"encoding/base64"
	"html/template"

	"filmnum/internal/csvout"
)

// tableCSV writes the table as every CSV of filmnum: UTF-8 with a BOM,
// ';' separators, formulas neutralised by csvout (a text cell starting
// with = + - @ gets a leading apostrophe). Rates are in percent, with a
// decimal comma, as a French spreadsheet reads them.
func tableCSV(t *Table) string {
	var buf bytes.Buffer
	w := csvout.New(&buf, true)
	var rec []string
	for _, c := range t.Head {
		if c.Only == "html" {
			continue
		}
		h := c.Label
		if c.CSVLabel != "" {
			h = c.CSVLabel
		}
		rec = append(rec, h)
	}
	w.Write(rec)
	for _, r := range t.Rows {
		rec = rec[:0]
		for _, c := range r.Cells {
			if c.Only == "html" {
				continue
			}
			if c.CSV != nil {
				rec = append(rec, *c.CSV)
			} else {
				rec = append(rec, c.Text)
			}
		}
		w.Write(rec)
	}
	w.Flush() // writes to memory: cannot fail
	return buf.String()
}

// csvHref is the data: URI of the table's CSV. Base64 keeps the URI free of
// characters the attribute or the URL parser would reinterpret.
func csvHref(t *Table) template.URL {
	return template.URL("data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(tableCSV(t))))
}
