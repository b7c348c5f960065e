package seeds

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// ReadSchools reads the schools of fsys (etablissements.csv in filmnum's
// layout or in the national directory's, or fr-en-annuaire-education.csv)
// with their headcounts (effectifs.csv, personnels.csv, both optional), in
// file order. Any problem Check would report in those files is an error.
func ReadSchools(fsys fs.FS) ([]School, error) {
	schools, problems := readSchools(fsys)
	if err := problemsError(problems); err != nil {
		return nil, err
	}
	return schools, nil
}

// problemsError turns problems into one French error naming the first ones.
func problemsError(problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	const shown = 3
	var b strings.Builder
	fmt.Fprintf(&b, "%d problème(s) dans les fichiers de référence : ", len(problems))
	for i, p := range problems {
		if i == shown {
			b.WriteString(" ; …")
			break
		}
		if i > 0 {
			b.WriteString(" ; ")
		}
		b.WriteString(p.String())
	}
	return &ProblemsError{Problems: problems, msg: b.String()}
}

// ProblemsError is returned by ReadSchools and Load when the reference files
// have problems; the command prints them all with a hint (filmnum seeds --check).
type ProblemsError struct {
	Problems []Problem
	msg      string
}

func (e *ProblemsError) Error() string { return e.msg }

// openTable reads name from fsys, folding read errors into problems. A missing
// file is a problem only when required; t is nil when the file is missing.
func openTable(fsys fs.FS, name string, required bool) (*table, []Problem) {
	t, problems, err := readTable(fsys, name)
	if errors.Is(err, errNoFile) {
		if required {
			return nil, []Problem{{File: name, Msg: "fichier absent"}}
		}
		return nil, nil
	}
	if err != nil {
		return nil, []Problem{{File: name, Msg: err.Error()}}
	}
	return t, problems
}

func readSchools(fsys fs.FS) ([]School, []Problem) {
	name := FileSchools
	switch {
	case exists(fsys, FileSchools) && exists(fsys, FileAnnuaire):
		return nil, []Problem{{File: FileAnnuaire, Msg: "deux listes d'établissements : gardez " + FileSchools + " ou " + FileAnnuaire + ", pas les deux"}}
	case exists(fsys, FileAnnuaire):
		name = FileAnnuaire
	}
	t, problems := openTable(fsys, name, true)
	if t == nil || t.header == nil {
		return nil, problems
	}
	var schools []School
	var more []Problem
	if t.has("identifiant_de_l_etablissement") {
		schools, more = parseAnnuaire(t)
	} else {
		schools, more = parseSchools(t)
	}
	problems = append(problems, more...)
	byUAI := make(map[string]*School, len(schools))
	for i := range schools {
		s := &schools[i]
		s.Pupils, s.Teachers, s.Staff = map[string]map[string]int{}, map[string]int{}, map[string]int{}
		byUAI[s.UAI] = s
	}
	if t, p := openTable(fsys, FilePupils, false); t != nil || p != nil {
		problems = append(problems, p...)
		if t != nil && t.header != nil {
			problems = append(problems, parsePupils(t, byUAI)...)
		}
	}
	if t, p := openTable(fsys, FileStaff, false); t != nil || p != nil {
		problems = append(problems, p...)
		if t != nil && t.header != nil {
			problems = append(problems, parseStaff(t, byUAI)...)
		}
	}
	return schools, orderProblems(problems)
}

// fold is the matching form of a value: lower case, no accents, words
// joined by '_' ("Cité scolaire" → "cite_scolaire").
func fold(s string) string { return normHeader(s) }

var typeByFold = map[string]string{
	"college": TypeCollege, "lgt": TypeLGT, "lpo": TypeLPO, "lp": TypeLP, "erea": TypeEREA,
	"cite_scolaire": TypeCite,
}

// ComparisonOf returns the comparison group of a school type: collèges
// together, LGT, LPO and cités scolaires with the lycées (a cité scolaire
// always has a lycée), LP and EREA (whose older pupils prepare a CAP) with the
// LP.
func ComparisonOf(typ string) string {
	switch typ {
	case TypeCollege:
		return CompareCollege
	case TypeLP, TypeEREA:
		return CompareLP
	}
	return CompareLycee
}

func sectorOf(s string) (string, bool) {
	switch fold(s) {
	case "public", "pu":
		return "Public", true
	case "prive", "pr", "prive_sous_contrat", "prive_hors_contrat":
		return "Privé", true
	}
	return "", false
}

// normAcademy writes academy codes with two digits ("022" → "22").
func normAcademy(s string) string {
	for len(s) > 2 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// schoolChecker gathers what both layouts verify on each row.
type schoolChecker struct {
	t        *table
	seen     map[string]int // UAI → line
	problems []Problem
}

func (c *schoolChecker) add(r record, col, msg string) {
	column := ""
	if col != "" {
		column = c.t.colName(col)
	}
	c.problems = append(c.problems, Problem{File: c.t.file, Line: r.line, Column: column, Msg: msg})
}

// uai validates the UAI of row r and reports duplicates.
func (c *schoolChecker) uai(r record, col string) (string, bool) {
	u, err := NormalizeUAI(c.t.get(r, col))
	if err != nil {
		c.add(r, col, err.Error())
		return "", false
	}
	if l, dup := c.seen[u]; dup {
		c.add(r, col, fmt.Sprintf("UAI %s en double (déjà ligne %d)", u, l))
		return "", false
	}
	c.seen[u] = r.line
	return u, true
}

func (c *schoolChecker) dept(r record, col string) (string, bool) {
	raw := c.t.get(r, col)
	d, ok := NormalizeDept(raw)
	if !ok {
		c.add(r, col, fmt.Sprintf("département inconnu « %s » (ex. 19, 23, 87, 2A, 971)", raw))
	}
	return d, ok
}

// parseSchools reads filmnum's own layout:
// uai;nom;type;type_comparaison;secteur;departement_code;departement;commune;academie_code;academie
func parseSchools(t *table) ([]School, []Problem) {
	c := &schoolChecker{t: t, seen: map[string]int{}}
	c.problems = t.require("uai", "nom", "type", "secteur", "departement_code", "commune")
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	var out []School
	for _, r := range t.rows {
		ok := true
		u, good := c.uai(r, "uai")
		ok = ok && good
		name := t.get(r, "nom")
		if name == "" {
			c.add(r, "nom", "nom vide")
			ok = false
		}
		typ, good := typeByFold[fold(t.get(r, "type"))]
		if !good {
			c.add(r, "type", fmt.Sprintf("type inconnu « %s » : %s attendu", t.get(r, "type"), strings.Join(Types, ", ")))
			ok = false
		}
		cmp := fold(t.get(r, "type_comparaison"))
		switch cmp {
		case "":
			cmp = ComparisonOf(typ)
		case CompareCollege, CompareLycee, CompareLP:
		default:
			c.add(r, "type_comparaison", fmt.Sprintf("type de comparaison inconnu « %s » : college, lycee ou lp attendu", t.get(r, "type_comparaison")))
			ok = false
		}
		sector, good := sectorOf(t.get(r, "secteur"))
		if !good {
			c.add(r, "secteur", fmt.Sprintf("secteur inconnu « %s » : Public ou Privé attendu", t.get(r, "secteur")))
			ok = false
		}
		dept, good := c.dept(r, "departement_code")
		ok = ok && good
		deptName := t.get(r, "departement")
		if deptName == "" {
			deptName, _ = DeptName(dept)
		}
		if !ok {
			continue
		}
		out = append(out, School{
			UAI: u, Name: name, Type: typ, ComparisonType: cmp, Sector: sector,
			DeptCode: dept, DeptName: deptName, Commune: t.get(r, "commune"),
			AcademyCode: normAcademy(t.get(r, "academie_code")), AcademyName: t.get(r, "academie"),
		})
	}
	return out, c.problems
}

// truthy reads the directory's 0/1 flags (also oui/non, true/false).
func truthy(s string) bool {
	switch fold(s) {
	case "1", "oui", "o", "true", "vrai":
		return true
	}
	return false
}

// parseAnnuaire reads the national directory "Annuaire de l'éducation"
// (dataset fr-en-annuaire-education), downloaded as CSV (Identifiant_de_l_etablissement...)
// or from its API (same names in lower case). Only open collèges, lycées and
// EREA are kept; schools, administrative services and closed schools are
// skipped silently.
func parseAnnuaire(t *table) ([]School, []Problem) {
	id := "identifiant_de_l_etablissement"
	c := &schoolChecker{t: t, seen: map[string]int{}}
	c.problems = t.require(id, "nom_etablissement", "type_etablissement", "code_departement")
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	var out []School
	for _, r := range t.rows {
		if e := fold(t.get(r, "etat")); e != "" && e != "ouvert" {
			continue
		}
		var typ string
		switch fold(t.get(r, "type_etablissement")) {
		case "college":
			typ = TypeCollege
		case "erea":
			typ = TypeEREA
		case "lycee":
			typ = lyceeType(t, r)
			if typ == "" {
				c.add(r, "libelle_nature", fmt.Sprintf("type de lycée indéterminé : voies générale, technologique et professionnelle vides, nature « %s »", t.get(r, "libelle_nature")))
				continue
			}
		default:
			continue
		}
		ok := true
		u, good := c.uai(r, id)
		ok = ok && good
		name := t.get(r, "nom_etablissement")
		if name == "" {
			c.add(r, "nom_etablissement", "nom vide")
			ok = false
		}
		sector := ""
		if raw := t.get(r, "statut_public_prive"); raw != "" {
			sector, good = sectorOf(raw)
			if !good {
				c.add(r, "statut_public_prive", fmt.Sprintf("statut inconnu « %s » : Public ou Privé attendu", raw))
				ok = false
			}
		}
		dept, good := c.dept(r, "code_departement")
		ok = ok && good
		deptName := t.get(r, "libelle_departement")
		if deptName == "" {
			deptName, _ = DeptName(dept)
		}
		if !ok {
			continue
		}
		out = append(out, School{
			UAI: u, Name: name, Type: typ, ComparisonType: ComparisonOf(typ), Sector: sector,
			DeptCode: dept, DeptName: deptName, Commune: t.get(r, "nom_commune"),
			AcademyCode: normAcademy(t.get(r, "code_academie")), AcademyName: t.get(r, "libelle_academie"),
		})
	}
	return out, c.problems
}

// lyceeType derives LGT / LPO / LP from the directory's voies, falling back on
// libelle_nature when the three flags are empty; "" when neither tells.
func lyceeType(t *table, r record) string {
	gt := truthy(t.get(r, "voie_generale")) || truthy(t.get(r, "voie_technologique"))
	pro := truthy(t.get(r, "voie_professionnelle"))
	switch {
	case gt && pro:
		return TypeLPO
	case pro:
		return TypeLP
	case gt:
		return TypeLGT
	}
	nature := fold(t.get(r, "libelle_nature"))
	switch {
	case strings.Contains(nature, "polyvalent"):
		return TypeLPO
	case strings.Contains(nature, "professionnel"):
		return TypeLP
	case strings.Contains(nature, "general"), strings.Contains(nature, "technologique"):
		return TypeLGT
	}
	return ""
}

// levelByFold finds a level whatever its case ("tle pro", "2NDE PRO").
var levelByFold = func() map[string]string {
	m := map[string]string{}
	for _, l := range Levels {
		m[fold(l)] = l
	}
	return m
}()

// countChecker validates the rows of the headcount files.
type countChecker struct {
	schoolChecker
	schools map[string]*School
}

func (c *countChecker) school(r record) (*School, bool) {
	raw := c.t.get(r, "uai")
	u, err := NormalizeUAI(raw)
	if err != nil {
		c.add(r, "uai", err.Error())
		return nil, false
	}
	s, ok := c.schools[u]
	if !ok {
		c.add(r, "uai", fmt.Sprintf("UAI %s absent de la liste des établissements", u))
	}
	return s, ok
}

func (c *countChecker) year(r record) (string, bool) {
	y := c.t.get(r, "annee_scolaire")
	if !ValidSchoolYear(y) {
		c.add(r, "annee_scolaire", fmt.Sprintf("année scolaire « %s » invalide : AAAA-AAAA attendu (ex. 2025-2026)", y))
		return "", false
	}
	return y, true
}

func (c *countChecker) count(r record, col string) (int, bool) {
	raw := c.t.get(r, col)
	n, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		c.add(r, col, fmt.Sprintf("« %s » n'est pas un nombre entier", raw))
		return 0, false
	case n < 0:
		c.add(r, col, fmt.Sprintf("nombre négatif (%d)", n))
		return 0, false
	}
	return n, true
}

// parsePupils reads effectifs.csv: uai;annee_scolaire;niveau;eleves.
func parsePupils(t *table, schools map[string]*School) []Problem {
	c := &countChecker{schoolChecker: schoolChecker{t: t, seen: map[string]int{}}, schools: schools}
	if p := t.require("uai", "annee_scolaire", "niveau", "eleves"); len(p) > 0 {
		return p
	}
	for _, r := range t.rows {
		s, ok1 := c.school(r)
		y, ok2 := c.year(r)
		raw := t.get(r, "niveau")
		level, ok3 := levelByFold[fold(raw)]
		if !ok3 {
			c.add(r, "niveau", fmt.Sprintf("niveau inconnu « %s » : %s attendu", raw, strings.Join(Levels, ", ")))
		}
		n, ok4 := c.count(r, "eleves")
		if !(ok1 && ok2 && ok3 && ok4) {
			continue
		}
		key := s.UAI + "|" + y + "|" + level
		if l, dup := c.seen[key]; dup {
			c.add(r, "", fmt.Sprintf("effectif %s %s %s en double (déjà ligne %d)", s.UAI, y, level, l))
			continue
		}
		c.seen[key] = r.line
		if s.Pupils[y] == nil {
			s.Pupils[y] = map[string]int{}
		}
		s.Pupils[y][level] = n
	}
	return c.problems
}

// parseStaff reads personnels.csv: uai;annee_scolaire;enseignants;personnels
// (personnels counts all staff, teachers included).
func parseStaff(t *table, schools map[string]*School) []Problem {
	c := &countChecker{schoolChecker: schoolChecker{t: t, seen: map[string]int{}}, schools: schools}
	if p := t.require("uai", "annee_scolaire", "enseignants", "personnels"); len(p) > 0 {
		return p
	}
	for _, r := range t.rows {
		s, ok1 := c.school(r)
		y, ok2 := c.year(r)
		teachers, ok3 := c.count(r, "enseignants")
		staff, ok4 := c.count(r, "personnels")
		if !(ok1 && ok2 && ok3 && ok4) {
			continue
		}
		if teachers > staff {
			c.add(r, "personnels", fmt.Sprintf("%d personnels pour %d enseignants : « personnels » compte tout le personnel, enseignants compris", staff, teachers))
			continue
		}
		key := s.UAI + "|" + y
		if l, dup := c.seen[key]; dup {
			c.add(r, "", fmt.Sprintf("personnels %s %s en double (déjà ligne %d)", s.UAI, y, l))
			continue
		}
		c.seen[key] = r.line
		s.Teachers[y], s.Staff[y] = teachers, staff
	}
	return c.problems
}
