package seeds

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// LevelRule is one row of niveaux_classes.csv.
type LevelRule struct {
	Order   int
	Pattern string // RE2, searched in the normalised label (see NormalizeLabel)
	Level   string // one of Levels
	Example string
	re      *regexp.Regexp
}

// LevelRules are rules sorted by Order.
type LevelRules []LevelRule

// labelSpaces are the characters NormalizeLabel removes: RE2's \s (tab,
// newline, form feed, carriage return, space) and the no-break spaces
// spreadsheets put in labels (U+00A0, U+202F). The same class is used in
// LabelSQL and in the macro cle_classe of queries/staging/00_macros.sql.
const labelSpaces = `[\s\x{00A0}\x{202F}]+`

var labelSpacesRe = regexp.MustCompile(labelSpaces)

// NormalizeLabel is the form of a class label the rules apply to: upper case,
// spaces removed ("3ème b" → "3ÈMEB"). Accents and '°' are kept: the rules
// spell them out, so that the same text matches in Go and in DuckDB without
// an accent-folding step that the two would do differently.
func NormalizeLabel(label string) string {
	return labelSpacesRe.ReplaceAllString(strings.ToUpper(label), "")
}

// LabelSQL returns the DuckDB expression that normalises the class-label
// expression expr exactly like NormalizeLabel.
func LabelSQL(expr string) string {
	return "regexp_replace(upper(" + expr + "), '" + labelSpaces + "', '', 'g')"
}

// LevelSQL returns a DuckDB scalar expression giving the level of the
// class-label expression expr through the table seed_niveaux_classes (NULL
// when no rule matches): the SQL twin of LevelOf. The patterns are not
// constant, so DuckDB compiles them per row: apply it to distinct labels.
func LevelSQL(expr string) string {
	return "(SELECT r.niveau FROM seed_niveaux_classes r WHERE regexp_matches(" + LabelSQL(expr) +
		", r.motif) ORDER BY r.ordre LIMIT 1)"
}

// LevelOf returns the level of a class label with the rules of
// niveaux_classes.csv: the first rule, in order, whose pattern is found in
// the normalised label. ok is false when no rule matches (never guessed).
// It uses the embedded rules; with a --seeds directory use
// ReadLevelRules(fsys) and its LevelOf.
func LevelOf(label string) (level string, ok bool) {
	rules, err := embeddedRules()
	if err != nil {
		panic("seeds: règles intégrées invalides : " + err.Error()) // guarded by tests
	}
	return rules.LevelOf(label)
}

var embeddedRules = sync.OnceValues(func() (LevelRules, error) { return ReadLevelRules(embedded) })

// LevelOf applies rs to label (see the package function LevelOf).
func (rs LevelRules) LevelOf(label string) (string, bool) {
	n := NormalizeLabel(label)
	if n == "" {
		return "", false
	}
	for _, r := range rs {
		re := r.re
		if re == nil { // a rule built by hand, not read
			if re, _ = regexp.Compile(r.Pattern); re == nil {
				continue
			}
		}
		if re.MatchString(n) {
			return r.Level, true
		}
	}
	return "", false
}

// ReadLevelRules reads niveaux_classes.csv: ordre;motif;niveau;exemple.
func ReadLevelRules(fsys fs.FS) (LevelRules, error) {
	rules, problems := readLevelRules(fsys)
	if err := problemsError(problems); err != nil {
		return nil, err
	}
	return rules, nil
}

func readLevelRules(fsys fs.FS) (LevelRules, []Problem) {
	t, problems := openTable(fsys, FileLevelRules, true)
	if t == nil || t.header == nil {
		return nil, problems
	}
	if p := t.require("ordre", "motif", "niveau", "exemple"); len(p) > 0 {
		return nil, append(problems, p...)
	}
	c := &schoolChecker{t: t, seen: map[string]int{}}
	var out LevelRules
	for _, r := range t.rows {
		ok := true
		order, err := strconv.Atoi(t.get(r, "ordre"))
		if err != nil {
			c.add(r, "ordre", fmt.Sprintf("« %s » n'est pas un nombre entier", t.get(r, "ordre")))
			ok = false
		} else if l, dup := c.seen[strconv.Itoa(order)]; dup {
			c.add(r, "ordre", fmt.Sprintf("ordre %d en double (déjà ligne %d)", order, l))
			ok = false
		} else {
			c.seen[strconv.Itoa(order)] = r.line
		}
		pattern := t.get(r, "motif")
		re, err := regexp.Compile(pattern)
		if pattern == "" {
			c.add(r, "motif", "motif vide")
			ok = false
		} else if err != nil {
			c.add(r, "motif", "expression régulière invalide : "+err.Error())
			ok = false
		}
		level := t.get(r, "niveau")
		if _, known := levelIndex[level]; !known {
			c.add(r, "niveau", fmt.Sprintf("niveau inconnu « %s » : %s attendu", level, strings.Join(Levels, ", ")))
			ok = false
		}
		if ok {
			out = append(out, LevelRule{Order: order, Pattern: pattern, Level: level, Example: t.get(r, "exemple"), re: re})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	// An example that another rule catches first documents a rule that
	// never fires: report it, since rules are edited by hand.
	if len(c.problems) == 0 {
		for _, r := range out {
			if r.Example == "" {
				continue
			}
			if got, ok := out.LevelOf(r.Example); !ok || got != r.Level {
				line := 0
				for _, rec := range t.rows {
					if t.get(rec, "ordre") == strconv.Itoa(r.Order) {
						line = rec.line
					}
				}
				if !ok {
					got = "aucun"
				}
				c.problems = append(c.problems, Problem{File: t.file, Line: line, Column: t.colName("exemple"),
					Msg: fmt.Sprintf("l'exemple « %s » donne le niveau %s, pas %s", r.Example, got, r.Level)})
			}
		}
	}
	return out, append(problems, c.problems...)
}

// levelIndex gives the position of each level in Levels.
var levelIndex = func() map[string]int {
	m := map[string]int{}
	for i, l := range Levels {
		m[l] = i
	}
	return m
}()
