package ingest

import (
	"bufio"
	"io"
	"os"
)

// recordLines returns the line (1-based, header = line 1) where each data
// record of a UTF-8 CSV file starts, numbered as DuckDB numbers the lines
// it rejects, and as a spreadsheet numbers rows: a line break inside
// quotes does not start a line. Blank lines are not records (DuckDB skips
// them) but are counted. Quotes follow DuckDB's rule, as prefixRecords
// does: a quote opens a value only at the start of a field (after delim or
// at a record's start), "" inside a quoted value is a quote, and a quote
// inside an unquoted value (Mets"Guillemet) is a plain character. Only
// called on the rare rows a check rejects.
func recordLines(path string, delim byte) ([]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var out []int64
	line := int64(1)
	inQuote := false
	atStart := true    // at the start of a record
	fieldStart := true // at the start of a field
	header := true
	for {
		c, err := r.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if inQuote {
			if c == '"' {
				if next, err := r.Peek(1); err == nil && next[0] == '"' {
					r.ReadByte() // a doubled quote: still inside
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch c {
		case '\n':
			line++
			if !atStart {
				header = false
			}
			atStart, fieldStart = true, true
			continue
		case '\r':
			continue
		}
		if atStart {
			atStart = false
			if !header {
				out = append(out, line)
			}
		}
		switch {
		case c == delim:
			fieldStart = true
		case c == '"' && fieldStart:
			inQuote, fieldStart = true, false
		default:
			fieldStart = false
		}
	}
	return out, nil
}

// acceptedLines removes from all records those DuckDB rejected, leaving the
// lines of the rows that reached the staging table, in order.
func acceptedLines(all []int64, rejected map[int64]bool) []int64 {
	if len(rejected) == 0 {
		return all
	}
	out := make([]int64, 0, len(all))
	for _, l := range all {
		if !rejected[l] {
			out = append(out, l)
		}
	}
	return out
}
