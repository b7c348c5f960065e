package report

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// school is the reference data a report prints about a school.
type school struct {
	UAI, Nom, Type, TypeComp, Secteur, DeptCode, Dept, Commune, AcaCode, Aca string
	// NotInSeeds: found in the indicators only (seed_etablissements lacks
	// it), so it has no type, département nor comparison group.
	NotInSeeds bool
}

var schoolCols = []colSpec{
	{"uai", "VARCHAR"}, {"nom", "VARCHAR"}, {"type", "VARCHAR"}, {"type_comparaison", "VARCHAR"}, {"secteur", "VARCHAR"},
	{"departement_code", "VARCHAR"}, {"departement", "VARCHAR"}, {"commune", "VARCHAR"}, {"academie_code", "VARCHAR"}, {"academie", "VARCHAR"},
}

// loadSchools reads seed_etablissements (nil when absent).
func (s *store) loadSchools(ctx context.Context, where string, args ...any) ([]school, error) {
	if !s.has("seed_etablissements", "uai", "nom") {
		return nil, nil
	}
	q := "SELECT " + s.selectCols("seed_etablissements", schoolCols) + " FROM seed_etablissements"
	if where != "" {
		q += " WHERE " + where
	}
	q += " ORDER BY uai"
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("lecture de seed_etablissements : %w", err)
	}
	defer rows.Close()
	var out []school
	for rows.Next() {
		var f [10]sql.NullString
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9]); err != nil {
			return nil, err
		}
		out = append(out, school{f[0].String, f[1].String, f[2].String, f[3].String, f[4].String, f[5].String, f[6].String, f[7].String, f[8].String, f[9].String, false})
	}
	return out, rows.Err()
}

// schoolsFromValues completes the list with schools known only from
// ind_valeurs (reference data not loaded).
func schoolsFromValues(known []school, rows []value) []school {
	seen := map[string]bool{}
	for _, s := range known {
		seen[s.UAI] = true
	}
	for _, r := range rows {
		if !seen[r.UAI] {
			seen[r.UAI] = true
			known = append(known, school{UAI: r.UAI, Nom: r.Nom, TypeComp: r.Type, DeptCode: r.DeptCode, Dept: r.Dept})
		}
	}
	sort.SliceStable(known, func(i, j int) bool {
		if a, b := typeOrder(known[i].TypeComp), typeOrder(known[j].TypeComp); a != b {
			return a < b
		}
		return strings.ToLower(known[i].Nom) < strings.ToLower(known[j].Nom)
	})
	return known
}

func (sc school) name() string {
	if sc.Nom != "" {
		return sc.Nom
	}
	return sc.UAI
}

// window is a period of the calendar (a certification window).
type window struct {
	event, public, label string
	from, to             time.Time
}

// certWindows reads the certification windows of the year from
// seed_calendrier: public → main window and catch-up window.
func (s *store) certWindows(ctx context.Context, y schoolYear) (map[string][]window, error) {
	if !s.has("seed_calendrier", "annee_scolaire", "evenement", "public", "debut", "fin") {
		return nil, nil
	}
	lib := "evenement"
	if s.has("seed_calendrier", "libelle") {
		lib = "coalesce(libelle, evenement)"
	}
	rows, err := s.query(ctx, `SELECT evenement, public, `+lib+`, CAST(debut AS DATE), CAST(fin AS DATE) FROM seed_calendrier
		WHERE annee_scolaire = $1 AND lower(evenement) LIKE 'certification%' ORDER BY public, debut`, y.String())
	if err != nil {
		return nil, fmt.Errorf("lecture de seed_calendrier : %w", err)
	}
	defer rows.Close()
	out := map[string][]window{}
	for rows.Next() {
		var w window
		var from, to sql.NullTime
		var label sql.NullString
		if err := rows.Scan(&w.event, &w.public, &label, &from, &to); err != nil {
			return nil, err
		}
		if !from.Valid || !to.Valid {
			continue
		}
		w.label, w.from, w.to = label.String, from.Time, to.Time
		out[w.public] = append(out[w.public], w)
	}
	return out, rows.Err()
}

// isCatchUp tells the catch-up window from the main one.
func (w window) isCatchUp() bool { return strings.Contains(strings.ToLower(w.event), "rattrapage") }

// mainWindow returns the main certification window and the end of the last
// window (catch-up included) for a public (college, lycee).
func mainWindow(ws map[string][]window, public string) (main window, end time.Time, ok bool) {
	for _, w := range append(ws[public], ws["tous"]...) {
		if !w.isCatchUp() && !ok {
			main, ok = w, true
		}
		if w.to.After(end) {
			end = w.to
		}
	}
	return main, end, ok
}

// certPublic maps a comparison type to its certification public.
func certPublic(typeComp string) string {
	if typeComp == "college" {
		return "college"
	}
	return "lycee"
}

// dayOf truncates a time to its calendar day (dates of the calendar are
// days; as-of is a day).
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
