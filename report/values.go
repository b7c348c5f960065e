package report

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// value is one row of ind_valeurs (ARCHITECTURE.md, CONTRACT.md).
type value struct {
	Ind, UAI, Annee, Periode, Dim string
	Num, Den, Val                 sql.NullFloat64
	Unite                         string
	Effectif                      sql.NullInt64
	Estimation                    bool
	Nom, Type, DeptCode, Dept     string
	DepQ1, DepMed, DepQ3          sql.NullFloat64
	DepRang, DepN                 sql.NullInt64
	AcaQ1, AcaMed, AcaQ3          sql.NullFloat64
	AcaRang, AcaN                 sql.NullInt64
	N1, EcartN1                   sql.NullFloat64
	Masque                        bool
}

// valueCols is the ind_valeurs contract, in scan order.
var valueCols = []colSpec{
	{"indicateur", "VARCHAR"}, {"uai", "VARCHAR"}, {"annee_scolaire", "VARCHAR"}, {"periode", "VARCHAR"}, {"dimension", "VARCHAR"},
	{"numerateur", "DOUBLE"}, {"denominateur", "DOUBLE"}, {"valeur", "DOUBLE"}, {"unite", "VARCHAR"}, {"effectif", "BIGINT"}, {"estimation", "BOOLEAN"},
	{"nom", "VARCHAR"}, {"type_comparaison", "VARCHAR"}, {"departement_code", "VARCHAR"}, {"departement", "VARCHAR"},
	{"dep_q1", "DOUBLE"}, {"dep_mediane", "DOUBLE"}, {"dep_q3", "DOUBLE"}, {"dep_rang", "BIGINT"}, {"dep_n", "BIGINT"},
	{"aca_q1", "DOUBLE"}, {"aca_mediane", "DOUBLE"}, {"aca_q3", "DOUBLE"}, {"aca_rang", "BIGINT"}, {"aca_n", "BIGINT"},
	{"valeur_n1", "DOUBLE"}, {"ecart_n1_points", "DOUBLE"}, {"masque", "BOOLEAN"},
}

// requiredValueCols are those without which ind_valeurs cannot be read.
var requiredValueCols = []string{"indicateur", "uai", "annee_scolaire", "periode", "dimension", "valeur"}

// valuesUsable says whether ind_valeurs can be read, and if not why (French).
func (s *store) valuesUsable() (bool, string) {
	if !s.has("ind_valeurs") {
		return false, "table ind_valeurs absente (lancez « filmnum indicateurs » après avoir chargé des exports)"
	}
	if m := s.missingCols("ind_valeurs", requiredValueCols...); len(m) > 0 {
		return false, "ind_valeurs sans les colonnes " + strings.Join(m, ", ")
	}
	return true, ""
}

// valueNotes lists the optional contract columns ind_valeurs lacks.
func (s *store) valueNotes() []string {
	if ok, _ := s.valuesUsable(); !ok {
		return nil
	}
	var all []string
	for _, c := range valueCols {
		all = append(all, c.name)
	}
	if m := s.missingCols("ind_valeurs", all...); len(m) > 0 {
		return []string{"Colonnes absentes de ind_valeurs (comparaisons incomplètes) : " + strings.Join(m, ", ") + "."}
	}
	return nil
}

// loadValues reads the rows of ind_valeurs matching where (SQL over the
// contract's columns, with $n arguments).
func (s *store) loadValues(ctx context.Context, where string, args ...any) ([]value, error) {
	if ok, _ := s.valuesUsable(); !ok {
		return nil, nil
	}
	q := "SELECT " + s.selectCols("ind_valeurs", valueCols) + " FROM ind_valeurs"
	if where != "" {
		q += " WHERE " + where
	}
	q += " ORDER BY indicateur, uai, annee_scolaire, periode, dimension"
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("lecture de ind_valeurs : %w", err)
	}
	defer rows.Close()
	var out []value
	for rows.Next() {
		var v value
		var unite, nom, typ, dc, d sql.NullString
		var est, masque sql.NullBool
		if err := rows.Scan(&v.Ind, &v.UAI, &v.Annee, &v.Periode, &nullStr{&v.Dim},
			&v.Num, &v.Den, &v.Val, &unite, &v.Effectif, &est,
			&nom, &typ, &dc, &d,
			&v.DepQ1, &v.DepMed, &v.DepQ3, &v.DepRang, &v.DepN,
			&v.AcaQ1, &v.AcaMed, &v.AcaQ3, &v.AcaRang, &v.AcaN,
			&v.N1, &v.EcartN1, &masque); err != nil {
			return nil, fmt.Errorf("lecture de ind_valeurs : %w", err)
		}
		v.Unite, v.Nom, v.Type, v.DeptCode, v.Dept = unite.String, nom.String, typ.String, dc.String, d.String
		v.Estimation, v.Masque = est.Bool, masque.Bool
		if v.Unite == "" {
			v.Unite = "nombre"
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// nullStr scans a nullable VARCHAR into a string ("" for NULL): the
// dimension column is ” by contract but a NULL must not break a report.
type nullStr struct{ p *string }

func (n *nullStr) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*n.p = ""
	case string:
		*n.p = v
	case []byte:
		*n.p = string(v)
	default:
		*n.p = fmt.Sprint(v)
	}
	return nil
}

// valueSet indexes rows for lookups by indicator, year, period, dimension.
type valueSet struct {
	rows []value
	idx  map[string]*value
	// The rows of one indicator, school and year (byInd) and of one school
	// and year (bySchool), in row order. Reports ask for them school by
	// school: scanning every row for each school took 6.0 of the 9.3 s of
	// the national Pix report (11 000 schools).
	byInd    map[string][]int
	bySchool map[string][]int
}

func newValueSet(rows []value) *valueSet {
	vs := &valueSet{rows: rows, idx: map[string]*value{}, byInd: map[string][]int{}, bySchool: map[string][]int{}}
	for i := range rows {
		r := &rows[i]
		vs.idx[key(r.Ind, r.UAI, r.Annee, r.Periode, r.Dim)] = r
		k := key(r.Ind, r.UAI, r.Annee)
		vs.byInd[k] = append(vs.byInd[k], i)
		k = key(r.UAI, r.Annee)
		vs.bySchool[k] = append(vs.bySchool[k], i)
	}
	return vs
}

func key(parts ...string) string { return strings.Join(parts, "\x1f") }

func (vs *valueSet) get(ind, uai, annee, periode, dim string) *value {
	return vs.idx[key(ind, uai, annee, periode, dim)]
}

// dims lists the dimension values of an indicator for a year and period,
// in first-seen order of the sorted rows.
func (vs *valueSet) dims(ind, uai, annee, periode string) []string {
	var out []string
	for _, i := range vs.byInd[key(ind, uai, annee)] {
		if r := &vs.rows[i]; r.Periode == periode {
			out = append(out, r.Dim)
		}
	}
	return out
}

// periods lists the periods (other than 'annee') of an indicator.
func (vs *valueSet) periods(ind, uai, annee string) []string {
	seen := map[string]bool{}
	var out []string
	for _, i := range vs.byInd[key(ind, uai, annee)] {
		if r := &vs.rows[i]; r.Periode != "annee" && !seen[r.Periode] {
			seen[r.Periode] = true
			out = append(out, r.Periode)
		}
	}
	sort.Strings(out)
	return out
}

// indicatorsOf lists the indicators of a family with a row for the school
// and year, in first-seen order of the sorted rows.
func (vs *valueSet) indicatorsOf(fam, uai, annee string) []string {
	seen := map[string]bool{}
	var out []string
	for _, i := range vs.bySchool[key(uai, annee)] {
		if r := &vs.rows[i]; familyOf(r.Ind) == fam && !seen[r.Ind] {
			seen[r.Ind] = true
			out = append(out, r.Ind)
		}
	}
	return out
}

// isMasked applies the small-number rule of comparison reports.
func isMasked(v *value, seuil int) bool {
	if v.Effectif.Valid {
		return v.Effectif.Int64 < int64(seuil)
	}
	return v.Masque
}
