package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// The sources of formats-other.md (ENT, GAR, EduConnect, training, typed
// Pix 6e counts) publish no export specification: each has a canonical
// layout and header aliases. Their fuzzy values (1 204, septembre 2025,
// 3h30...) are read as VARCHAR and converted by the Go parsers registered
// as DuckDB functions (udf.go); a value present but unreadable rejects the
// row with its line, column and the parser's French reason.

func init() {
	// Most specific first: GAR usage also has a month, a profile and users
	// like the ENT statistics, plus a resource.
	for _, k := range []*Kind{garUsageKind, garAffectationsKind, entKind, educonnectKind, formationsKind, attestationsKind} {
		registerKind(k)
	}
}

// colSpec is one canonical column and the header aliases it accepts.
type colSpec struct {
	canon  string
	alts   []string
	folded []string // labels folded by foldAlias, canonical first
}

func spec(canon string, alts ...string) colSpec {
	c := colSpec{canon: canon, alts: alts}
	for _, l := range c.labels() {
		c.folded = append(c.folded, foldAlias(l))
	}
	return c
}

func (c colSpec) labels() []string { return append([]string{c.canon}, c.alts...) }

// describe names the column and its aliases, for refusal messages.
func (c colSpec) describe() string {
	if len(c.alts) == 0 {
		return c.canon
	}
	return c.canon + " (ou " + strings.Join(c.alts, ", ") + ")"
}

// aliasesOf builds Kind.Aliases from the specs of its required columns.
func aliasesOf(cols ...colSpec) map[string][]string {
	m := map[string][]string{}
	for _, c := range cols {
		m[c.canon] = c.alts
	}
	return m
}

func canons(cols ...colSpec) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.canon
	}
	return out
}

var reUnit = regexp.MustCompile(`\s*[(\[][^()\[\]]{1,15}[)\]]$`)

// foldAlias folds a header cell for alias matching: normHeader, '-' as a
// space, and a trailing unit such as "(h)" or "(en heures)" dropped.
func foldAlias(h string) string {
	if f, ok := folded.Load(h); ok {
		return f.(string)
	}
	f := normHeader(strings.ReplaceAll(h, "-", " "))
	if g := strings.TrimSpace(reUnit.ReplaceAllString(f, "")); g != "" {
		f = g
	}
	folded.Store(h, f)
	return f
}

// folded caches foldAlias: every matcher folds the header of every file, and
// the headers of one export format repeat from file to file. Uncached, the
// folding (its regular expression) was a third of the CPU time of sniffing
// and recognising 38 891 files (7.1 of 20.5 s).
var folded sync.Map

func newAliasIndex(h []string) *headerIndex {
	hi := &headerIndex{folded: make([]string, len(h)), used: make([]bool, len(h))}
	for i, c := range h {
		hi.folded[i] = foldAlias(c)
	}
	return hi
}

// findAlias marks and returns the first unused header position matching
// one of the column's labels (canonical first), or -1.
func findAlias(hi *headerIndex, c colSpec) int {
	for _, fl := range c.folded {
		for i, f := range hi.folded {
			if !hi.used[i] && f == fl {
				hi.used[i] = true
				return i
			}
		}
	}
	return -1
}

func hasAlias(hi *headerIndex, c colSpec) bool {
	for _, fl := range c.folded {
		for i, f := range hi.folded {
			if !hi.used[i] && f == fl {
				return true
			}
		}
	}
	return false
}

// srcBuilder builds the layout of one of these sources.
type srcBuilder struct {
	*layoutBuilder
	checks []Check
}

func newSrcBuilder(s *sniffed) *srcBuilder {
	b := &layoutBuilder{s: s, hi: newAliasIndex(s.Header), cols: make([]Column, len(s.Header))}
	for i, h := range s.Header {
		b.cols[i] = Column{Name: colName(i), Header: h, Type: "VARCHAR"}
	}
	return &srcBuilder{layoutBuilder: b}
}

// missing lists the required columns absent from the header, each with
// its aliases. A group (e.g. resource name or id) is present when any of
// its columns is.
func missingCols(hi *headerIndex, required ...[]colSpec) []string {
	var out []string
	for _, group := range required {
		found := false
		var desc []string
		for _, c := range group {
			if hasAlias(hi, c) {
				found = true
			}
			desc = append(desc, c.describe())
		}
		if !found {
			out = append(out, strings.Join(desc, " ou "))
		}
	}
	return out
}

func req(c colSpec) []colSpec { return []colSpec{c} }

// find types the column matching c and returns its SQL name ("" if absent).
func (b *srcBuilder) find(c colSpec, typ string) string {
	i := findAlias(b.hi, c)
	if i < 0 {
		return ""
	}
	b.cols[i].Type = typ
	return colName(i)
}

func (b *srcBuilder) check(col, bad, value, motif string) {
	b.checks = append(b.checks, Check{Column: headerOf(b.layoutBuilder, col), Bad: bad, Value: value, Motif: motif})
}

// text stages a text column, trimmed, empty as NULL.
func (b *srcBuilder) text(c colSpec, as string) string {
	col := b.find(c, "VARCHAR")
	if col == "" {
		b.add("NULL::VARCHAR", as)
		return ""
	}
	b.add(fmt.Sprintf("nullif(trim(%s), '')", col), as)
	return col
}

// parsed stages a fuzzy column through a Go parser: the raw text as
// _raw_<as> and the value as <as>; a raw value the parser refuses rejects
// the row with the parser's reason (kind: see parseMotif).
func (b *srcBuilder) parsed(c colSpec, as, udf, sqlType, kind string) string {
	col := b.find(c, "VARCHAR")
	if col == "" {
		b.add("NULL::"+sqlType, as)
		return ""
	}
	raw := "_raw_" + as
	b.add(fmt.Sprintf("nullif(trim(%s), '')", col), raw)
	b.add(fmt.Sprintf("%s(%s)", udf, raw), as)
	b.checks = append(b.checks, Check{Column: headerOf(b.layoutBuilder, col),
		Bad:   fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", raw, as),
		Value: raw, MotifSQL: fmt.Sprintf("_motif('%s', %s)", kind, raw)})
	return col
}

// count stages an integer count: typed INTEGER when the export is known to
// write plain integers (read by DuckDB), else through _entier ("1 204").
// Negative counts are rejected.
func (b *srcBuilder) count(c colSpec, as string, typed bool) string {
	var col string
	if typed {
		col = b.find(c, "BIGINT")
		if col == "" {
			b.add("NULL::BIGINT", as)
		} else {
			b.add(col, as)
		}
	} else {
		col = b.parsed(c, as, "_entier", "BIGINT", "entier")
	}
	if col != "" {
		b.check(col, as+" < 0", as+"::VARCHAR", "nombre négatif")
		b.check(col, as+" > "+maxCount, as+"::VARCHAR", tooBigMotif)
	}
	return col
}

// Counts are stored as INTEGER: a bigger one is a row's error, not a
// failed load.
const (
	maxCount    = "2147483647"
	tooBigMotif = "nombre trop grand (au plus 2 147 483 647)"
)

// required rejects rows where a column the load needs is empty.
func (b *srcBuilder) required(col, as, what string) {
	if col == "" {
		return
	}
	b.check(col, fmt.Sprintf("_raw_%s IS NULL", as), "NULL", what+" manquant(e)")
}

// requiredText is required for a text column (no _raw_ alias).
func (b *srcBuilder) requiredText(col, as, what string) {
	if col == "" {
		return
	}
	b.check(col, as+" IS NULL", "NULL", what+" manquant(e)")
}

var uaiSpec = spec("UAI", "RNE")

// uai stages the school of each row: upper-cased, check letter verified
// (a wrong letter rejects the row, naming the expected letter). When the
// sample rows carry a UAI, a row without one is rejected too: it cannot
// be told apart from another school's. When the column is empty
// throughout, the school comes from --uai, the path or the file's name
// (the loader's usual fallbacks).
func (b *srcBuilder) uai(c colSpec) (col string, filled bool) {
	col = b.parsed(c, "uai", "_uai", "VARCHAR", "uai")
	if col == "" {
		return "", false
	}
	i := idx(col)
	for _, rec := range b.s.Sample {
		if i < len(rec) && strings.TrimSpace(rec[i]) != "" && !isTotalCell(firstCell(rec)) {
			filled = true
			break
		}
	}
	if filled {
		b.check(col, "_raw_uai IS NULL", "NULL", "UAI manquant (les autres lignes du fichier en ont un)")
	}
	return col, filled
}

var reTotal = regexp.MustCompile(`(?i)^\s*(total(\s+g[ée]n[ée]ral)?|totaux|sous[- ]total)\s*:?\s*$`)

func isTotalCell(s string) bool { return reTotal.MatchString(s) }

func firstCell(rec []string) string {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return c
		}
	}
	return ""
}

// totalMotif is the reject reason of a spreadsheet's total line.
const totalMotif = "ligne de total ignorée"

// repeatedHeaderMotif is the reject reason of a header line in the middle
// of a file (two exports pasted one after the other).
const repeatedHeaderMotif = "en-tête répété au milieu du fichier (deux exports collés ?)"

// finish completes the layout: the total-line detection (first non-empty
// cell "Total") and the repeated-header detection (every text cell equal to
// the header's), each counted as a reject and reported as a note, and the
// checks, which never fire on such a line.
func (b *srcBuilder) finish(l *Layout) {
	var cells, same []string
	for i, c := range b.cols {
		cells = append(cells, c.Name+"::VARCHAR")
		if c.Type == "VARCHAR" { // a typed column already rejects the header's text
			same = append(same, fmt.Sprintf("coalesce(trim(replace(%s, chr(65279), '')), '') = %s", c.Name, quoteSQL(b.s.Header[i])))
		}
	}
	if len(same) == 0 {
		same = []string{"false"}
	}
	b.add("coalesce("+strings.Join(cells, ", ")+")", "_premiere")
	b.add(`coalesce(regexp_full_match(_premiere, '(?i)\s*(total(\s+g[ée]n[ée]ral)?|totaux|sous[- ]total)\s*:?\s*'), false)`, "_total")
	b.add(strings.Join(same, " AND "), "_entete")
	l.Columns, l.Stage = b.cols, b.stage
	l.Checks = []Check{
		{Column: b.s.Header[0], Bad: "_total", Value: "_premiere", Motif: totalMotif, Note: totalMotif},
		{Bad: "_entete", Value: "_premiere", Motif: repeatedHeaderMotif, Note: repeatedHeaderMotif},
	}
	for _, c := range b.checks {
		c.Bad = "NOT _total AND NOT _entete AND (" + c.Bad + ")"
		l.Checks = append(l.Checks, c)
	}
}

// snapshotDate is the SQL date of a snapshot when the rows do not say it:
// the date in the file name (YYYY-MM-DD or YYYYMMDD, the loader's _fdate),
// else --date. Files with different dates still share one read.
func snapshotDate(s *sniffed, l *Layout) string {
	return "coalesce(_fdate, _opt_date())"
}
