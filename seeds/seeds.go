// Package seeds holds filmnum's reference data (dbt sense): the schools of the
// académie with their type, département and headcounts, class-label → level
// rules, the school-year calendar with the Pix certification windows, and the
// Pix competence framework. The CSV files are embedded; a directory of the
// same files can replace them (--seeds, see Dir). README.md describes the
// files; the schools and headcounts shipped here are SAMPLE data.
package seeds

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

//go:embed *.csv
var embedded embed.FS

// Embedded returns the reference files compiled into filmnum.
func Embedded() fs.FS { return embedded }

// Reference file names.
const (
	FileSchools     = "etablissements.csv"
	FileAnnuaire    = "fr-en-annuaire-education.csv" // the national directory, as downloaded
	FilePupils      = "effectifs.csv"
	FileStaff       = "personnels.csv"
	FileLevelRules  = "niveaux_classes.csv"
	FileCalendar    = "calendrier.csv"
	FileCompetences = "competences.csv"
	FilePixLevels   = "niveaux_pix.csv"
)

// schoolFiles describe one set of schools: they are taken together from one
// place, never mixed (sample headcounts must not be attached to real schools).
var schoolFiles = map[string]bool{FileSchools: true, FileAnnuaire: true, FilePupils: true, FileStaff: true}

// Dir returns the reference files of directory dir (option --seeds). A file
// missing from dir is taken from the embedded set, except the school files
// (etablissements.csv or fr-en-annuaire-education.csv, effectifs.csv,
// personnels.csv): when dir holds a school file, the headcount files come from
// dir only (absent = no headcounts).
func Dir(dir string) fs.FS { return Overlay(os.DirFS(dir)) }

// Overlay returns top completed by the embedded files, with the rule of Dir.
func Overlay(top fs.FS) fs.FS { return overlay{top: top, base: embedded} }

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	if schoolFiles[name] && (exists(o.top, FileSchools) || exists(o.top, FileAnnuaire)) {
		return nil, err
	}
	return o.base.Open(name)
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// Levels, in school order. Certification levels are 3e (collège) and Tle,
// Tle pro, CAP2 (lycée, LP).
var Levels = []string{"6e", "5e", "4e", "3e", "2nde", "1re", "Tle", "CAP1", "CAP2", "2nde pro", "1re pro", "Tle pro"}

// School types (School.Type) and comparison groups (School.ComparisonType).
const (
	TypeCollege = "Collège"
	TypeLGT     = "LGT"
	TypeLPO     = "LPO"
	TypeLP      = "LP"
	TypeEREA    = "EREA"
	TypeCite    = "Cité scolaire"

	CompareCollege = "college"
	CompareLycee   = "lycee"
	CompareLP      = "lp"
)

// Types lists the school types in display order.
var Types = []string{TypeCollege, TypeLGT, TypeLPO, TypeLP, TypeEREA, TypeCite}

// School is one row of etablissements.csv (or of the national directory) with
// its headcounts from effectifs.csv and personnels.csv.
type School struct {
	UAI            string
	Name           string
	Type           string // Collège, LGT, LPO, LP, EREA, Cité scolaire
	ComparisonType string // college, lycee, lp: schools compared with each other
	Sector         string // Public, Privé
	DeptCode       string // 19, 23, 87, 2A, 971 (2 or 3 characters, never zero-padded to 4)
	DeptName       string
	Commune        string
	AcademyCode    string
	AcademyName    string
	// Pupils per school year ("2025-2026") then per level (Levels).
	Pupils map[string]map[string]int
	// Teachers and all staff (teachers included) per school year.
	Teachers map[string]int
	Staff    map[string]int
}

// PupilsAt returns the pupils of the school in a school year, all levels.
func (s School) PupilsAt(year string) (n int, ok bool) {
	m, ok := s.Pupils[year]
	for _, v := range m {
		n += v
	}
	return n, ok
}

// Problem is one defect found in a reference file. Line is the physical line
// (1 = header, 0 = the whole file); Column the header text, or "".
type Problem struct {
	File   string
	Line   int
	Column string
	Msg    string // French
}

// String formats p as "fichier:ligne: colonne « X » : message".
func (p Problem) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
	}
	s += ": "
	if p.Column != "" {
		s += "colonne « " + p.Column + " » : "
	}
	return s + p.Msg
}
