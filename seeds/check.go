package seeds

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
)

// Competence is one row of competences.csv.
type Competence struct {
	Code     string // 1.1 … 5.2
	Name     string
	AreaCode string // 1 … 5
	Area     string
}

// PixLevel is one row of niveaux_pix.csv: the certification level given to a
// score between Min and Max (inclusive).
type PixLevel struct {
	Order    int
	Name     string
	Min, Max int
}

// Data is every reference file read and checked.
type Data struct {
	Schools     []School
	LevelRules  LevelRules
	Calendar    []Event
	Competences []Competence
	PixLevels   []PixLevel
}

// Read reads every reference file of fsys; any problem is an error.
func Read(fsys fs.FS) (*Data, error) {
	d, problems := readAll(fsys)
	if err := problemsError(problems); err != nil {
		return nil, err
	}
	return d, nil
}

// Check reads every reference file of fsys and returns what is wrong, in file
// order: missing files or columns, unreadable lines, bad UAI check letters,
// duplicate UAIs, unknown départements, types, levels or school years,
// negative or non-integer counts, invalid patterns or dates. Empty means the
// files can be loaded.
func Check(fsys fs.FS) []Problem {
	_, problems := readAll(fsys)
	return problems
}

func readAll(fsys fs.FS) (*Data, []Problem) {
	d := &Data{}
	var problems, p []Problem
	d.Schools, p = readSchools(fsys)
	problems = append(problems, p...)
	d.LevelRules, p = readLevelRules(fsys)
	problems = append(problems, p...)
	d.Calendar, p = readCalendar(fsys)
	problems = append(problems, p...)
	d.Competences, p = readCompetences(fsys)
	problems = append(problems, p...)
	d.PixLevels, p = readPixLevels(fsys)
	problems = append(problems, p...)
	return d, orderProblems(problems)
}

var competenceCode = regexp.MustCompile(`^[1-9]\.[1-9]$`)

// readCompetences reads competences.csv: code;libelle;domaine_code;domaine.
func readCompetences(fsys fs.FS) ([]Competence, []Problem) {
	t, problems := openTable(fsys, FileCompetences, true)
	if t == nil || t.header == nil {
		return nil, problems
	}
	if p := t.require("code", "libelle", "domaine_code", "domaine"); len(p) > 0 {
		return nil, append(problems, p...)
	}
	c := &schoolChecker{t: t, seen: map[string]int{}}
	areas := map[string]string{}
	var out []Competence
	for _, r := range t.rows {
		k := Competence{Code: t.get(r, "code"), Name: t.get(r, "libelle"), AreaCode: t.get(r, "domaine_code"), Area: t.get(r, "domaine")}
		switch {
		case !competenceCode.MatchString(k.Code):
			c.add(r, "code", fmt.Sprintf("code de compétence « %s » invalide (ex. 1.1, 5.2)", k.Code))
			continue
		case c.seen[k.Code] > 0:
			c.add(r, "code", fmt.Sprintf("compétence %s en double (déjà ligne %d)", k.Code, c.seen[k.Code]))
			continue
		case k.Name == "":
			c.add(r, "libelle", "libellé vide")
			continue
		case k.AreaCode != k.Code[:1]:
			c.add(r, "domaine_code", fmt.Sprintf("la compétence %s appartient au domaine %s, pas %s", k.Code, k.Code[:1], k.AreaCode))
			continue
		case areas[k.AreaCode] != "" && areas[k.AreaCode] != k.Area:
			c.add(r, "domaine", fmt.Sprintf("domaine %s nommé « %s » ici et « %s » plus haut", k.AreaCode, k.Area, areas[k.AreaCode]))
			continue
		}
		c.seen[k.Code] = r.line
		areas[k.AreaCode] = k.Area
		out = append(out, k)
	}
	return out, append(problems, c.problems...)
}

// readPixLevels reads niveaux_pix.csv: ordre;niveau;score_min;score_max. The
// bands must follow each other without gap or overlap.
func readPixLevels(fsys fs.FS) ([]PixLevel, []Problem) {
	t, problems := openTable(fsys, FilePixLevels, true)
	if t == nil || t.header == nil {
		return nil, problems
	}
	if p := t.require("ordre", "niveau", "score_min", "score_max"); len(p) > 0 {
		return nil, append(problems, p...)
	}
	c := &countChecker{schoolChecker: schoolChecker{t: t, seen: map[string]int{}}}
	var out []PixLevel
	lines := map[int]int{}
	for _, r := range t.rows {
		order, err := strconv.Atoi(t.get(r, "ordre"))
		if err != nil {
			c.add(r, "ordre", fmt.Sprintf("« %s » n'est pas un nombre entier", t.get(r, "ordre")))
			continue
		}
		name := t.get(r, "niveau")
		lo, ok1 := c.count(r, "score_min")
		hi, ok2 := c.count(r, "score_max")
		switch {
		case !ok1 || !ok2:
			continue
		case name == "":
			c.add(r, "niveau", "nom de niveau vide")
			continue
		case lo > hi:
			c.add(r, "score_max", fmt.Sprintf("score maximal %d inférieur au minimal %d", hi, lo))
			continue
		case lines[order] > 0:
			c.add(r, "ordre", fmt.Sprintf("ordre %d en double (déjà ligne %d)", order, lines[order]))
			continue
		}
		lines[order] = r.line
		out = append(out, PixLevel{Order: order, Name: name, Min: lo, Max: hi})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	for i := 1; i < len(out); i++ {
		if out[i].Min != out[i-1].Max+1 {
			c.problems = append(c.problems, Problem{File: t.file, Line: lines[out[i].Order], Column: t.colName("score_min"),
				Msg: fmt.Sprintf("le niveau %s devrait commencer à %d (le précédent finit à %d)", out[i].Name, out[i-1].Max+1, out[i-1].Max)})
		}
	}
	return out, append(problems, c.problems...)
}

// PixLevelOf returns the certification level of a Pix score ("" below the
// first band).
func PixLevelOf(levels []PixLevel, score int) string {
	for _, l := range levels {
		if score >= l.Min && score <= l.Max {
			return l.Name
		}
	}
	return ""
}
