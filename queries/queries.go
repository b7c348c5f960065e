// Package queries holds the SQL of the transform stage, embedded in the
// binary: staging (stg_ tables), one file per indicator family (ind_ tables),
// comparisons (ind_valeurs) and checks. transform runs them in that order;
// a directory with the same layout can replace them (--queries).
package queries

import (
	"embed"
	"io/fs"
)

//go:embed staging/*.sql indicateurs/*.sql comparaisons/*.sql checks/*.sql
var embedded embed.FS

// Embedded returns the SQL files compiled into filmnum.
func Embedded() fs.FS { return embedded }

// Stage directories, in the order transform runs them. Files of a stage run
// in lexical order of their names.
const (
	Staging      = "staging"
	Indicators   = "indicateurs"
	Comparisons  = "comparaisons"
	Checks       = "checks"
	fileSuffix   = ".sql"
	tablePrefix  = "ind_"
	headerPrefix = "--"
)

// Stages lists the stage directories in run order.
var Stages = []string{Staging, Indicators, Comparisons, Checks}
