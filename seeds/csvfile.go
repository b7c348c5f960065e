package seeds

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// table is one reference CSV file read into memory: the seed files are small
// (the national directory, the largest accepted, is ≈ 70 000 rows).
type table struct {
	file   string
	header []string       // as written (BOM and spaces trimmed)
	col    map[string]int // normalised header name → index
	rows   []record
}

type record struct {
	line   int // physical line of the row's first field (1 = header)
	fields []string
}

// get returns the trimmed value of column name (normalised), "" when absent.
func (t *table) get(r record, name string) string {
	i, ok := t.col[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// has reports whether the file has column name (normalised).
func (t *table) has(name string) bool { _, ok := t.col[name]; return ok }

// colName returns the header text of column name as written in the file,
// for messages.
func (t *table) colName(name string) string {
	if i, ok := t.col[name]; ok {
		return t.header[i]
	}
	return name
}

// errNoFile marks a reference file absent from the directory.
var errNoFile = errors.New("fichier absent")

// readTable reads a ';'-separated file (',' or tab when the header holds no
// ';'). UTF-8 with or without BOM, or Windows-1252 (Excel's "CSV
// (séparateur : point-virgule)"), since these files are edited by hand. Lines
// starting with '#' are comments. Parse errors come back as problems.
func readTable(fsys fs.FS, name string) (*table, []Problem, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, errNoFile
		}
		return nil, nil, fmt.Errorf("%s : %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
			return nil, nil, fmt.Errorf("%s : encodage illisible : %w", name, err)
		}
	}
	first := ""
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "#") && strings.TrimSpace(l) != "" {
			first = l
			break
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = ';'
	if !strings.Contains(first, ";") {
		if strings.Contains(first, "\t") {
			r.Comma = '\t'
		} else if strings.Contains(first, ",") {
			r.Comma = ','
		}
	}
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	t := &table{file: name, col: map[string]int{}}
	var problems []Problem
	for {
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, Problem{File: name, Line: pe.Line, Msg: "ligne illisible : " + frenchCSVError(pe.Err)})
				if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
					// A stray quote desynchronises the rest of the file.
					break
				}
				continue
			}
			return nil, nil, fmt.Errorf("%s : %w", name, err)
		}
		line, _ := r.FieldPos(0)
		if t.header == nil {
			for i, h := range fields {
				h = strings.TrimSpace(h)
				t.header = append(t.header, h)
				if n := normHeader(h); n != "" {
					if _, dup := t.col[n]; !dup {
						t.col[n] = i
					}
				}
			}
			continue
		}
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // blank line
		}
		if len(fields) != len(t.header) {
			problems = append(problems, Problem{File: name, Line: line,
				Msg: fmt.Sprintf("%d colonnes au lieu de %d (celles de l'en-tête)", len(fields), len(t.header))})
			continue
		}
		t.rows = append(t.rows, record{line: line, fields: fields})
	}
	if t.header == nil {
		problems = append(problems, Problem{File: name, Line: 1, Msg: "fichier vide : une ligne d'en-tête est attendue"})
	}
	return t, problems, nil
}

// orderProblems sorts problems by file (in order of first appearance) then
// line, so that a file's parse and content problems read top to bottom.
func orderProblems(ps []Problem) []Problem {
	rank := map[string]int{}
	for _, p := range ps {
		if _, ok := rank[p.File]; !ok {
			rank[p.File] = len(rank)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if a, b := rank[ps[i].File], rank[ps[j].File]; a != b {
			return a < b
		}
		return ps[i].Line < ps[j].Line
	})
	return ps
}

// require reports the columns (normalised names) missing from t.
func (t *table) require(names ...string) []Problem {
	var out []Problem
	for _, n := range names {
		if !t.has(n) {
			out = append(out, Problem{File: t.file, Line: 1, Column: n, Msg: "colonne obligatoire absente de l'en-tête"})
		}
	}
	return out
}

func frenchCSVError(err error) string {
	switch err {
	case csv.ErrQuote, csv.ErrBareQuote:
		return "guillemet mal placé"
	case csv.ErrFieldCount:
		return "nombre de colonnes incorrect"
	}
	return err.Error()
}

// normHeader folds a header for matching: lower case, no accents, every run
// of other characters as one '_' (so "Code_département", "code departement"
// and "CODE-DEPARTEMENT" are the same column).
func normHeader(h string) string {
	var b strings.Builder
	under := false
	for _, r := range foldAccents(strings.ToLower(h)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		} else {
			under = true
		}
	}
	return b.String()
}

// foldAccents removes diacritics (é → e) and splits the ligatures French
// uses (œ → oe, æ → ae).
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ':
			b.WriteString("oe")
		case r == 'Œ':
			b.WriteString("OE")
		case r == 'æ':
			b.WriteString("ae")
		case r == 'Æ':
			b.WriteString("AE")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
