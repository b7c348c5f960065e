package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Encodings filmnum records per file.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8 (BOM)"
	EncCP1252  = "Windows-1252"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// sniffed is what Go learns of a file before DuckDB reads it.
type sniffed struct {
	Path string
	Name string
	Size int64
	// SHA256 is kept as bytes: every file waits for its batch, and as
	// hexadecimal text it took 64 bytes more per file (27 MB of heap for
	// the 423 635 files of the national sample).
	SHA256   [32]byte
	Encoding string
	Header   []string   // decoded header cells, trimmed
	Sample   [][]string // first data records, decoded
	Delim    byte
	// FixEOL: line ends DuckDB's reader cannot take as they are, CRLF
	// mixed with LF (rows added by hand, files pasted together) or lone CR
	// (classic Mac): the file is read through a copy with LF line ends.
	FixEOL bool
}

// readBufs recycles the read buffers of sniff: thousands of small files
// would otherwise each allocate (and clear) a megabyte.
var readBufs = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// headLimit bounds what is decoded in Go to read the header and sample rows.
const headLimit = 256 << 10

// FileError is a refusal of a whole file, in French, with where it happened.
type FileError struct {
	Path   string
	Line   int64 // 0 when not about a line
	Column int   // 1-based character column, 0 when not known
	Msg    string
	Hint   string
}

func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ", ligne %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", colonne %d", e.Column)
		}
	}
	b.WriteString(" : ")
	b.WriteString(e.Msg)
	return b.String()
}

// sniff reads the whole file once: SHA-256, encoding, and the header and a
// few rows decoded. It refuses what is not a CSV text file.
func sniff(path string) (*sniffed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Msg: "lecture impossible : " + frenchIOError(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &FileError{Path: path, Msg: "lecture impossible : " + frenchIOError(err)}
	}
	s := &sniffed{Path: path, Name: filepath.Base(path), Size: st.Size()}

	h := sha256.New()
	bufp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bufp)
	buf := *bufp
	var head []byte
	var carry []byte // incomplete UTF-8 sequence at the end of the previous chunk
	valid := true
	var firstBad int64 = -1
	var firstNUL int64 = -1
	var off int64
	var crs, lfs, crlfs int64 // line ends: CR, LF, and CR LF pairs
	prevCR := false
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			if len(head) < headLimit {
				head = append(head, chunk[:min(n, headLimit-len(head))]...)
			}
			if firstNUL < 0 {
				if i := bytes.IndexByte(chunk, 0); i >= 0 {
					firstNUL = off + int64(i)
				}
			}
			if c := bytes.Count(chunk, []byte{'\r'}); c > 0 || prevCR {
				crs += int64(c)
				crlfs += int64(bytes.Count(chunk, []byte("\r\n")))
				if prevCR && chunk[0] == '\n' {
					crlfs++ // the pair straddles two reads
				}
			}
			lfs += int64(bytes.Count(chunk, []byte{'\n'}))
			prevCR = chunk[n-1] == '\r'
			if valid {
				data := chunk
				if len(carry) > 0 {
					data = append(carry, chunk...)
				}
				// Keep back an incomplete trailing rune for the next chunk.
				cut := len(data)
				for k := 1; k <= 3 && k <= len(data); k++ {
					c := data[len(data)-k]
					if c&0xC0 != 0x80 { // a start byte (or ASCII)
						if c >= 0xC0 && !utf8.FullRune(data[len(data)-k:]) {
							cut = len(data) - k
						}
						break
					}
				}
				if !utf8.Valid(data[:cut]) {
					valid = false
					firstBad = off - int64(len(carry)) + int64(firstInvalid(data[:cut]))
				}
				carry = append(carry[:0], data[cut:]...)
			}
			off += int64(n)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, &FileError{Path: path, Msg: "lecture impossible : " + frenchIOError(rerr)}
		}
	}
	if valid && len(carry) > 0 {
		valid = false
		firstBad = off - int64(len(carry))
	}
	h.Sum(s.SHA256[:0])
	s.FixEOL = crs > crlfs || (crlfs > 0 && lfs > crlfs)

	if err := refuseNonCSV(path, head, st.Size()); err != nil {
		return nil, err
	}
	hasBOM := bytes.HasPrefix(head, bom)
	if firstNUL >= 0 {
		line, col := position(path, firstNUL)
		return nil, &FileError{Path: path, Line: line, Column: col,
			Msg:  "octet nul (0x00) : ce n'est pas un fichier texte CSV (fichier binaire ou UTF-16 ?)",
			Hint: "réexportez le fichier en CSV UTF-8 ou « CSV (séparateur : point-virgule) »"}
	}
	switch {
	case valid && hasBOM:
		s.Encoding = EncUTF8BOM
	case valid:
		s.Encoding = EncUTF8
	case hasBOM:
		line, col := position(path, firstBad)
		return nil, &FileError{Path: path, Line: line, Column: col,
			Msg: "le fichier commence par une marque UTF-8 (BOM) mais contient des caractères Windows-1252 : " +
				"deux encodages mélangés (fichiers collés ?)",
			Hint: "réenregistrez-le entièrement en UTF-8, ou séparez les deux exports"}
	default:
		s.Encoding = EncCP1252
	}

	text := head
	if hasBOM {
		text = text[len(bom):]
	}
	if s.Encoding == EncCP1252 {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(text)
		if err != nil {
			return nil, &FileError{Path: path, Msg: "décodage Windows-1252 impossible : " + err.Error()}
		}
		text = dec
	} else if len(head) == headLimit {
		// Do not cut the decoded head in the middle of a rune.
		for len(text) > 0 && !utf8.Valid(text) {
			text = text[:len(text)-1]
		}
	}
	if s.FixEOL {
		text, _ = normalizeEOL(text, false)
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, &FileError{Path: path, Msg: "fichier vide",
			Hint: "vérifiez l'export : il ne contient aucune ligne"}
	}
	if err := s.readHead(text, len(head) < headLimit); err != nil {
		return nil, err
	}
	return s, nil
}

// normalizeEOL rewrites CRLF and lone CR line ends as LF. prevCR says that
// the previous block ended with a CR (a LF starting this one is then its
// pair); the result says whether this block ends with a CR.
func normalizeEOL(b []byte, prevCR bool) ([]byte, bool) {
	if prevCR && len(b) > 0 && b[0] == '\n' {
		b = b[1:]
	}
	if bytes.IndexByte(b, '\r') < 0 {
		return b, false
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\r' {
			out = append(out, b[i])
			continue
		}
		out = append(out, '\n')
		if i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
	}
	return out, b[len(b)-1] == '\r'
}

// refuseNonCSV recognises common non-CSV files by their magic bytes.
func refuseNonCSV(path string, head []byte, size int64) error {
	if size == 0 {
		return &FileError{Path: path, Msg: "fichier vide", Hint: "vérifiez l'export : il ne contient aucune ligne"}
	}
	what := ""
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		what = "un document PDF"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		what = "un classeur Excel (XLSX) ou une archive ZIP"
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		what = "un classeur Excel ancien format (XLS)"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return &FileError{Path: path, Msg: "fichier encodé en UTF-16 : filmnum lit l'UTF-8 et le Windows-1252",
			Hint: "dans Excel, « Enregistrer sous » → « CSV UTF-8 (délimité par des virgules) » ou « CSV (séparateur : point-virgule) »"}
	}
	if what != "" {
		return &FileError{Path: path, Msg: "ce n'est pas un fichier CSV mais " + what,
			Hint: "téléchargez l'export au format CSV depuis la console, ou « Enregistrer sous » → CSV dans Excel"}
	}
	return nil
}

// readHead parses the header and the first records of the decoded head.
func (s *sniffed) readHead(text []byte, complete bool) error {
	firstLine := text
	if i := bytes.IndexAny(text, "\r\n"); i >= 0 {
		firstLine = text[:i]
	}
	s.Delim = detectDelim(firstLine)
	if !complete {
		// Parse only whole lines of a truncated head.
		if i := bytes.LastIndexByte(text, '\n'); i > 0 {
			text = text[:i+1]
		}
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = rune(s.Delim)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	hdr, err := r.Read()
	if err != nil {
		return &FileError{Path: s.Path, Line: 1, Msg: "en-tête illisible : " + err.Error()}
	}
	for i := range hdr {
		hdr[i] = strings.TrimSpace(hdr[i])
	}
	s.Header = hdr
	for len(s.Sample) < 200 {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			break // DuckDB reports the faulty row precisely
		}
		s.Sample = append(s.Sample, rec)
	}
	return nil
}

// detectDelim picks ';' unless the header clearly uses ',' or a tab.
func detectDelim(line []byte) byte {
	count := func(d byte) int {
		n, inQ := 0, false
		for _, c := range line {
			switch {
			case c == '"':
				inQ = !inQ
			case c == d && !inQ:
				n++
			}
		}
		return n
	}
	semi, comma, tab := count(';'), count(','), count('\t')
	switch {
	case semi >= comma && semi >= tab && semi > 0:
		return ';'
	case tab > comma:
		return '\t'
	case comma > 0:
		return ','
	}
	return ';'
}

// firstInvalid returns the index of the first byte of b that is not valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// position turns a byte offset into a 1-based line and character column by
// reading the file up to it (only done on the error path).
func position(path string, offset int64) (line int64, col int) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	data := make([]byte, offset)
	if _, err := io.ReadFull(f, data); err != nil {
		return 0, 0
	}
	line = int64(bytes.Count(data, []byte{'\n'})) + 1
	start := bytes.LastIndexByte(data, '\n') + 1
	col = utf8.RuneCount(data[start:]) + 1
	return line, col
}

func frenchIOError(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "fichier introuvable"
	case errors.Is(err, os.ErrPermission):
		return "accès refusé"
	}
	return err.Error()
}
