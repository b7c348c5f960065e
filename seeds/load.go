package seeds

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"filmnum/internal/duck"
)

// Schema of the seed_ tables (ARCHITECTURE.md, "seed_ tables").
var seedTables = []struct{ name, columns string }{
	{"seed_etablissements", `uai VARCHAR PRIMARY KEY, nom VARCHAR NOT NULL, type VARCHAR NOT NULL,
		type_comparaison VARCHAR NOT NULL, secteur VARCHAR, departement_code VARCHAR NOT NULL,
		departement VARCHAR, commune VARCHAR, academie_code VARCHAR, academie VARCHAR`},
	{"seed_effectifs", `uai VARCHAR NOT NULL, annee_scolaire VARCHAR NOT NULL, niveau VARCHAR NOT NULL,
		eleves INTEGER NOT NULL, PRIMARY KEY (uai, annee_scolaire, niveau)`},
	{"seed_personnels", `uai VARCHAR NOT NULL, annee_scolaire VARCHAR NOT NULL, enseignants INTEGER NOT NULL,
		personnels INTEGER NOT NULL, PRIMARY KEY (uai, annee_scolaire)`},
	{"seed_niveaux_classes", `ordre INTEGER PRIMARY KEY, motif VARCHAR NOT NULL, niveau VARCHAR NOT NULL, exemple VARCHAR`},
	{"seed_calendrier", `annee_scolaire VARCHAR NOT NULL, evenement VARCHAR NOT NULL, public VARCHAR NOT NULL,
		debut DATE NOT NULL, fin DATE NOT NULL, libelle VARCHAR`},
	{"seed_competences", `code VARCHAR PRIMARY KEY, libelle VARCHAR NOT NULL, domaine_code VARCHAR NOT NULL, domaine VARCHAR NOT NULL`},
	{"seed_niveaux_pix", `ordre INTEGER PRIMARY KEY, niveau VARCHAR NOT NULL, score_min INTEGER NOT NULL, score_max INTEGER NOT NULL`},
}

// Load (re)creates every seed_ table from the reference files of fsys, in
// one transaction: either all tables are replaced or, on any error, none is
// touched. The files are checked first; a problem is an error (see Check).
// It must not be called inside a transaction of the caller's.
func Load(ctx context.Context, db *duck.DB, fsys fs.FS) error {
	d, err := Read(fsys)
	if err != nil {
		return err
	}
	return d.Load(ctx, db)
}

// Load writes d into the seed_ tables (see the package function Load).
func (d *Data) Load(ctx context.Context, db *duck.DB) error {
	return db.InTransaction(ctx, "chargement des référentiels", func() error { return d.write(ctx, db) })
}

// write creates and fills the seed_ tables (inside Load's transaction).
func (d *Data) write(ctx context.Context, db *duck.DB) error {
	for _, t := range seedTables {
		if err := db.Exec(ctx, "CREATE OR REPLACE TABLE "+t.name+" ("+t.columns+")"); err != nil {
			return fmt.Errorf("création de %s : %w", t.name, err)
		}
	}
	var schools, pupils, staff, rules, events, comps, levels [][]string
	for _, s := range d.Schools {
		schools = append(schools, []string{q(s.UAI), q(s.Name), q(s.Type), q(s.ComparisonType), qn(s.Sector),
			q(s.DeptCode), qn(s.DeptName), qn(s.Commune), qn(s.AcademyCode), qn(s.AcademyName)})
		for _, y := range sortedKeys(s.Pupils) {
			for _, l := range Levels {
				if n, ok := s.Pupils[y][l]; ok {
					pupils = append(pupils, []string{q(s.UAI), q(y), q(l), strconv.Itoa(n)})
				}
			}
		}
		for _, y := range sortedKeys(s.Teachers) {
			staff = append(staff, []string{q(s.UAI), q(y), strconv.Itoa(s.Teachers[y]), strconv.Itoa(s.Staff[y])})
		}
	}
	for _, r := range d.LevelRules {
		rules = append(rules, []string{strconv.Itoa(r.Order), q(r.Pattern), q(r.Level), qn(r.Example)})
	}
	for _, e := range d.Calendar {
		events = append(events, []string{q(e.SchoolYear), q(e.Kind), q(e.Audience), qd(e.Start), qd(e.End), qn(e.Label)})
	}
	for _, c := range d.Competences {
		comps = append(comps, []string{q(c.Code), q(c.Name), q(c.AreaCode), q(c.Area)})
	}
	for _, l := range d.PixLevels {
		levels = append(levels, []string{strconv.Itoa(l.Order), q(l.Name), strconv.Itoa(l.Min), strconv.Itoa(l.Max)})
	}
	for _, ins := range []struct {
		table string
		rows  [][]string
	}{
		{"seed_etablissements", schools}, {"seed_effectifs", pupils}, {"seed_personnels", staff},
		{"seed_niveaux_classes", rules}, {"seed_calendrier", events}, {"seed_competences", comps},
		{"seed_niveaux_pix", levels},
	} {
		if err := insert(ctx, db, ins.table, ins.rows); err != nil {
			return err
		}
	}
	return nil
}

// sourceFile names the reference file each table comes from, for errors.
var sourceFile = map[string]string{
	"seed_etablissements": FileSchools, "seed_effectifs": FilePupils, "seed_personnels": FileStaff,
	"seed_niveaux_classes": FileLevelRules, "seed_calendrier": FileCalendar,
	"seed_competences": FileCompetences, "seed_niveaux_pix": FilePixLevels,
}

// insert writes rows of SQL literals, in statements of a few hundred rows
// (the national directory has ≈ 11 000 secondary schools).
func insert(ctx context.Context, db *duck.DB, table string, rows [][]string) error {
	const batch = 500
	for i := 0; i < len(rows); i += batch {
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " VALUES ")
		for j, r := range rows[i:min(i+batch, len(rows))] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(" + strings.Join(r, ",") + ")")
		}
		if err := db.Exec(ctx, b.String()); err != nil {
			return fmt.Errorf("écriture de %s (depuis %s) : %w", table, sourceFile[table], err)
		}
	}
	return nil
}

func q(s string) string { return duck.QuoteString(s) }

// qn quotes s, or writes NULL for an empty value.
func qn(s string) string {
	if s == "" {
		return "NULL"
	}
	return duck.QuoteString(s)
}

func qd(t time.Time) string { return "DATE '" + t.Format(time.DateOnly) + "'" }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
