// Package seeds holds filmnum's reference data (dbt sense): the schools of the
// académie with their type, département and headcounts, class-label → level
// rules, the school-year calendar with the Pix certification windows, and the
// Pix competence framework. The CSV files are embedded; a directory of the
// same files can replace them (--seeds).
package seeds

import (
	"embed"
	"io/fs"
)

//go:embed *.csv
var embedded embed.FS

// Embedded returns the reference files compiled into filmnum.
func Embedded() fs.FS { return embedded }

// Levels, in school order. Certification levels are 3e (collège) and Tle,
// Tle pro, CAP2 (lycée, LP).
var Levels = []string{"6e", "5e", "4e", "3e", "2nde", "1re", "Tle", "CAP1", "CAP2", "2nde pro", "1re pro", "Tle pro"}

// School is one row of etablissements.csv.
type School struct {
	UAI            string
	Name           string
	Type           string // Collège, LGT, LPO, LP, EREA, Cité scolaire
	ComparisonType string // college, lycee, lp: schools compared with each other
	Sector         string // Public, Privé
	DeptCode       string // 19, 23, 87 (2 or 3 characters, never zero-padded to 4)
	DeptName       string
	Commune        string
	AcademyCode    string
	AcademyName    string
	// Pupils per school year ("2025-2026") then per level (Levels).
	Pupils map[string]map[string]int
	// Teachers and all staff per school year.
	Teachers map[string]int
	Staff    map[string]int
}
