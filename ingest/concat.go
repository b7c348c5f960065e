package ingest

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// DuckDB's multi-file CSV reader costs about 2 ms and a few hundred KB per
// file whatever its size: 1 000 Pix certification exports of 3.4 KB took
// 1.8 s and 357 MB read as a list, 0.25 s and 68 MB read as one file with
// the same options. Most exports are that small, so the files of one read
// are concatenated by Go into one CSV: the header once, then every file's
// records, each prefixed with the file's batch index (column _fi), so that
// rows and rejects still say which file and line they come from.

// concatMaxFile: a bigger file is read on its own (its per-file cost is
// negligible, and concatenating would hold it in memory).
const concatMaxFile = 8 << 20

// concatPart places one file in a concatenation: DuckDB numbers a rejected
// line L of the concatenation; its line in the file is L - start + 2 for
// the part with the largest start not above L.
type concatPart struct {
	fi    int   // the file's batch index (_fichier)
	start int64 // DuckDB's line number, in the concatenation, of the file's second line
}

// concatenation is a temporary CSV made of several files.
type concatenation struct {
	path  string
	parts []concatPart
	files []*pending // the files in it, in order
	solo  []int      // batch indexes of the files to read on their own
}

// writeConcat writes files (batch indexes from off+1) into one CSV in dir.
// A file goes to solo instead when its records cannot be cut safely
// outside DuckDB (see prefixRecords; an unterminated quote would swallow
// the next file), when its header is not one plain line, or when it is
// above concatMaxFile. The header written is header prefixed with "_fi".
func writeConcat(dir string, files []*pending, off int, delim byte) (*concatenation, error) {
	c := &concatenation{}
	f, err := os.CreateTemp(dir, "filmnum-concat-*.csv")
	if err != nil {
		return nil, err
	}
	c.path = f.Name()
	ok := false
	defer func() {
		f.Close()
		if !ok {
			os.Remove(c.path)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	line := int64(2) // DuckDB's number of the line being written; our header is line 1
	wroteHeader := false
	for i, p := range files {
		fi := off + i + 1
		solo := func() { c.solo = append(c.solo, fi) }
		src := p.readPath
		if src == "" {
			src = p.path // to recode, here in memory
		}
		st, err := os.Stat(src)
		if err != nil {
			return nil, err
		}
		if st.Size() > concatMaxFile {
			solo()
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		if p.readPath == "" {
			b = recoded(b, p.s.Encoding == EncCP1252, p.s.FixEOL)
		}
		b = bytes.TrimPrefix(b, bom)
		body, header, good := splitHeader(b)
		if !good {
			solo()
			continue
		}
		var lines int64
		buf, lines, good = prefixRecords(buf[:0], body, strconv.AppendInt(nil, int64(fi), 10), delim)
		if !good {
			solo()
			continue
		}
		if !wroteHeader {
			w.WriteString("_fi")
			w.WriteByte(delim)
			w.Write(header)
			w.WriteByte('\n')
			wroteHeader = true
		}
		c.files = append(c.files, p)
		if lines > 0 {
			c.parts = append(c.parts, concatPart{fi: fi, start: line})
		}
		w.Write(buf)
		line += lines
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	ok = true
	return c, nil
}

// splitHeader cuts the first line (the header) off a file: the header
// without its line end, and the rest. good is false when the header is not
// one plain line ending in LF or CRLF (a quoted line break, a lone CR, a
// file that is only a header without a line end is fine: empty body).
func splitHeader(b []byte) (body, header []byte, good bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		header = b
	} else {
		header, body = b[:i], b[i+1:]
	}
	header = bytes.TrimSuffix(header, []byte{'\r'})
	if len(header) == 0 || bytes.IndexByte(header, '\r') >= 0 || bytes.Count(header, []byte{'"'})%2 != 0 {
		return nil, nil, false
	}
	return body, header, true
}

// prefixRecords appends to out the records of body, each prefixed with
// prefix and delim, with LF line ends (a CRLF outside quotes becomes LF;
// inside quotes the bytes are kept as they are). Blank lines are kept as
// they are, unprefixed: DuckDB skips them but counts them. lines is the
// number of line ends written, DuckDB's count of lines (a line break
// inside quotes is not one). good is false when Go cannot be sure to cut
// records where DuckDB does: a lone CR outside quotes, a quote left open
// at the end, a quote that does not open a field, or a closing quote
// followed by anything but a delimiter or a line end.
func prefixRecords(out, body, prefix []byte, delim byte) (_ []byte, lines int64, good bool) {
	i, n := 0, len(body)
	for i < n {
		// At the start of a record.
		if body[i] == '\n' {
			out = append(out, '\n')
			lines++
			i++
			continue
		}
		if body[i] == '\r' && i+1 < n && body[i+1] == '\n' {
			out = append(out, '\n')
			lines++
			i += 2
			continue
		}
		out = append(out, prefix...)
		out = append(out, delim)
		fieldStart := true
		for {
			if fieldStart && i < n && body[i] == '"' {
				// A quoted field: up to the quote that is not doubled.
				j := i + 1
				for {
					k := bytes.IndexByte(body[j:], '"')
					if k < 0 {
						return out, lines, false
					}
					j += k + 1
					if j < n && body[j] == '"' {
						j++
						continue
					}
					break
				}
				if j < n && body[j] != delim && body[j] != '\n' && body[j] != '\r' {
					return out, lines, false
				}
				out = append(out, body[i:j]...)
				i, fieldStart = j, false
				continue
			}
			j := indexSpecial(body[i:], delim)
			if j < 0 { // last record without a line end
				out = append(out, body[i:]...)
				out = append(out, '\n')
				lines++
				i = n
				break
			}
			switch c := body[i+j]; c {
			case delim:
				out = append(out, body[i:i+j+1]...)
				i, fieldStart = i+j+1, true
				continue
			case '"':
				return out, lines, false
			case '\r':
				if i+j+1 >= n || body[i+j+1] != '\n' {
					return out, lines, false
				}
				out = append(out, body[i:i+j]...)
				out = append(out, '\n')
				i += j + 2
			default: // '\n'
				out = append(out, body[i:i+j+1]...)
				i += j + 1
			}
			lines++
			break
		}
	}
	return out, lines, true
}

// indexSpecial is the index of the first '"', '\r', '\n' or delim in b, or -1.
func indexSpecial(b []byte, delim byte) int {
	for i, c := range b {
		if c == '"' || c == '\n' || c == '\r' || c == delim {
			return i
		}
	}
	return -1
}
