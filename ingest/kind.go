package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kind is one export format, recognised from its header text alone.
type Kind struct {
	Name  string // stable id stored in raw_fichiers.type_export
	Label string // French, for people
	// Required lists, for the "closest kind" message, the columns a header
	// must have (canonical French labels).
	Required []string
	// Aliases gives, for a Required label, the other header texts that
	// count as that column (sources whose consoles word it differently).
	Aliases map[string][]string
	// Match builds the layout of a file of this kind, or returns the
	// required columns the header lacks.
	Match func(s *sniffed) (*Layout, []string)
}

// Layout is how one recognised file is read and loaded. Files whose layouts
// share a Signature are loaded together by one read_csv.
type Layout struct {
	Kind    *Kind
	Columns []Column // one per header position, in order
	// TimestampFormat and DateFormat are DuckDB strptime formats used by
	// read_csv for TIMESTAMP and DATE columns.
	TimestampFormat string
	DateFormat      string
	// DecimalComma: numbers are written 0,67.
	DecimalComma bool
	// Stage lists the expressions (over Columns' names) kept in the staging
	// table _s, each "expr AS name".
	Stage []string
	// Checks are row validations, evaluated during the read over the Stage
	// aliases (DuckDB allows them in the same select list) or raw columns;
	// failing rows become rejects.
	Checks []Check
	// Names are the Stage aliases of last and first name when the rows are
	// about people: the loader adds _nk, the key of _pseudok(uai, _nk).
	Names [2]string
	// Meta gives per-file facts from _s (aggregates grouped by file).
	Meta Meta
	// Load returns the statements that move rows from _s (joined with _f on
	// _fichier, the file's index in the batch) into the raw tables. _s also
	// holds _annee (the row's school year or NULL) and _nk (see Names).
	Load func() []string
	// Replace says which rows a newer export of the same thing replaces.
	Replace Replace
	// Extra is a free note for the signature (e.g. the class of a per-class
	// certification export is in the file name, so files cannot share a read).
	Extra string
	// Refuse, when set, refuses the file although its header was
	// recognised (a variant of the export filmnum must not load).
	Refuse error
	// HideLines: the raw text of structurally broken lines is not kept in
	// the rejects (files holding names that must be stored nowhere).
	HideLines bool
}

// Column is one CSV column as DuckDB reads it.
type Column struct {
	Name   string // c0, c1 ... (identifier in SQL)
	Header string // header text, for messages
	Type   string // DuckDB type read_csv casts to
}

// Check is a row validation on the staging table.
type Check struct {
	Column string // header text of the faulty column (for the reject)
	Bad    string // SQL boolean over _s columns: true when the row is invalid
	Value  string // SQL expression shown as the faulty value
	Motif  string // French reason
	// MotifSQL, when set, is a SQL expression giving the reason per row
	// (e.g. the parser's message naming the expected UAI check letter).
	MotifSQL string
	// Note, when set, is also reported on the file (with the lines), e.g.
	// « ligne de total ignorée ».
	Note string
}

// Meta are SQL aggregates over one file's rows of _s.
type Meta struct {
	UAI     string // list of distinct UAIs from a column, e.g. "list(DISTINCT uai)"; "" when none
	Org     string // organisation / centre name, e.g. "min(organisation)"; "" when none
	Key     string // what a newer export replaces, e.g. "min(campagne_id)::VARCHAR"
	Year    string // per-row school year expression, computed during the read as _annee
	MaxDate string // newest date in the file (TIMESTAMP), for exports without a dated name
}

// Replace describes replacement by newer exports.
type Replace struct {
	// FileLevel: a newer file with the same UAI and Meta.Key replaces all rows
	// of the older file, in every table of Tables.
	FileLevel bool
	// Row level: rows of Table whose KeyCols match a row of the newer file
	// are replaced (ENT statistics overlap month by month).
	Table   string
	KeyCols []string
	Tables  []string
}

func (l *Layout) signature() string {
	var b strings.Builder
	b.WriteString(l.Kind.Name)
	b.WriteByte('|')
	for _, c := range l.Columns {
		b.WriteString(c.Type)
		b.WriteByte(':')
		// The exact text: a batch's messages and repeated-header checks
		// use its first file's header, which must be every file's.
		b.WriteString(c.Header)
		b.WriteByte(';')
	}
	fmt.Fprintf(&b, "|%s|%s|%t|%s", l.TimestampFormat, l.DateFormat, l.DecimalComma, l.Extra)
	// Checks may depend on a file's rows (a UAI column filled in one file,
	// empty in another): files read together must share them too.
	for _, c := range l.Checks {
		b.WriteString("|" + c.Column + ":" + c.Bad)
	}
	return b.String()
}

// family says which layouts may share a batch: one transaction and one set
// of statements after the reads, each signature keeping its own read_csv
// into the same staging table. Everything used after the read must then be
// the same: the staged columns (by name), the metadata aggregates, the
// replacement rule and the load statements. Pix campaigns are why: each
// target profile has its own competence and skill columns, so nearly every
// campaign has its own signature (975 files, 135 batches at 100 schools).
func (l *Layout) family() string {
	var b strings.Builder
	b.WriteString(l.Kind.Name)
	for _, s := range l.Stage {
		b.WriteString("|" + stageAlias(s))
	}
	m, r := l.Meta, l.Replace
	fmt.Fprintf(&b, "|%q|%t|%q|%q|%q|%q|%t|%q|%q|%q|%t", l.Names, m.Year != "", m.UAI, m.Org, m.Key, m.MaxDate,
		r.FileLevel, r.Table, r.KeyCols, r.Tables, l.HideLines)
	for _, s := range l.Load() {
		b.WriteString("|" + s)
	}
	return b.String()
}

// stageAlias is the name a Stage item ("expr AS name") gives its column.
func stageAlias(item string) string {
	if i := strings.LastIndex(item, " AS "); i >= 0 {
		return item[i+4:]
	}
	return item
}

// colName is the SQL name of the column at header position i.
func colName(i int) string {
	if i < len(colNames) {
		return colNames[i]
	}
	return "c" + strconv.Itoa(i)
}

// colNames: every kind tried on a file names each of its columns (24 to 54
// in the Pix exports of the 1 000-school sample); with fmt.Sprintf, that
// naming took 0.8 s of the 9.7 s of CPU of prepare there (Go profile).
var colNames = func() []string {
	n := make([]string, 256)
	for i := range n {
		n[i] = "c" + strconv.Itoa(i)
	}
	return n
}()

// kinds is the registry, in recognition order.
var kinds []*Kind

func registerKind(k *Kind) { kinds = append(kinds, k) }

// Kinds returns the registered export kinds (for help texts and tests).
func Kinds() []*Kind { return kinds }

// recognise finds the kind of a file from its header.
func recognise(s *sniffed) (*Layout, error) {
	missings := make([][]string, len(kinds))
	for i, k := range kinds {
		l, missing := k.Match(s)
		if l != nil {
			l.Kind = k
			return l, nil
		}
		missings[i] = missing
	}
	// Closest kind: the largest share of its required columns present.
	hi := newHeaderIndex(s.Header)
	var best *Kind
	var bestMissing []string
	bestShare := 0.0
	for i, k := range kinds {
		present := 0
		for _, r := range k.Required {
			if hi.has(append([]string{r}, k.Aliases[r]...)...) {
				present++
			}
		}
		share := float64(present) / float64(max(1, len(k.Required)))
		if share > bestShare {
			best, bestShare, bestMissing = k, share, missings[i]
		}
	}
	msg := "export non reconnu d'après son en-tête"
	hint := "filmnum reconnaît : " + kindList()
	if best != nil && bestShare >= 0.34 {
		msg = fmt.Sprintf("export non reconnu : le plus proche est « %s », mais il manque %s",
			best.Label, quoteList(bestMissing))
		hint = "vérifiez que le fichier est l'export complet, sans colonnes supprimées ni renommées"
	}
	if s.Delim == ',' && len(s.Header) > 0 && !strings.Contains(strings.Join(s.Header, ""), ";") {
		msg += " (séparateur « , » : fichier réenregistré par Excel ?)"
	}
	return nil, &FileError{Path: s.Path, Line: 1, Msg: msg, Hint: hint}
}

func kindList() string {
	var names []string
	for _, k := range kinds {
		names = append(names, k.Label)
	}
	return strings.Join(names, ", ")
}

func quoteList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = "« " + c + " »"
	}
	if len(q) == 1 {
		return "la colonne " + q[0]
	}
	return "les colonnes " + strings.Join(q, ", ")
}

// headerReplacer is built once: building a Replacer costs more than using it.
var headerReplacer = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "_", " ", "\u00a0", " ", "\u202f", " ")

// normHeader folds a header cell for matching: lower case, no accents,
// apostrophes unified, '_' and '-' as spaces, spaces collapsed.
func normHeader(h string) string {
	if v, ok := normCache.Load(h); ok {
		return v.(string)
	}
	n := foldHeader(h)
	normCache.Store(h, n)
	return n
}

// normCache memoises normHeader: the same labels and header cells come back
// for every file and every kind tried.
var normCache sync.Map

func foldHeader(h string) string {
	h = strings.TrimPrefix(h, "\uFEFF")
	h = stripAccents(h)
	h = strings.ToLower(h)
	h = headerReplacer.Replace(h)
	return strings.Join(strings.Fields(h), " ")
}

// stripAccents removes combining marks (é → e). Safe for concurrent use,
// unlike a shared transform.Transformer.
func stripAccents(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headerIndex maps folded header text → positions.
type headerIndex struct {
	folded []string
	used   []bool
}

func newHeaderIndex(h []string) *headerIndex {
	hi := &headerIndex{folded: make([]string, len(h)), used: make([]bool, len(h))}
	for i, c := range h {
		hi.folded[i] = normHeader(c)
	}
	return hi
}

// find returns the first unused position whose folded text equals one of
// the labels (folded), or -1.
func (hi *headerIndex) find(labels ...string) int {
	for _, l := range labels {
		fl := normHeader(l)
		for i, f := range hi.folded {
			if !hi.used[i] && f == fl {
				hi.used[i] = true
				return i
			}
		}
	}
	return -1
}

// has is find without marking.
func (hi *headerIndex) has(labels ...string) bool {
	for _, l := range labels {
		fl := normHeader(l)
		for i, f := range hi.folded {
			if !hi.used[i] && f == fl {
				return true
			}
		}
	}
	return false
}
