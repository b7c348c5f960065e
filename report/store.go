package report

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// store reads the database for one report. It knows which tables and columns
// exist (so a report degrades instead of failing on a missing source) and
// keeps every statement it ran, so a test can prove that the comparison
// reports never touch identity data.
type store struct {
	conn  *sql.Conn
	cols  map[string]map[string]bool // table → columns
	log   []string
	noRaw bool // refuse any statement that names a raw_ table
}

func newStore(ctx context.Context, conn *sql.Conn) (*store, error) {
	s := &store{conn: conn, cols: map[string]map[string]bool{}}
	// duckdb_columns() lists tables and views of every schema; only main is ours.
	rows, err := s.query(ctx, `SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND database_name = current_database()`)
	if err != nil {
		return nil, fmt.Errorf("lecture du catalogue de la base : %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		if s.cols[t] == nil {
			s.cols[t] = map[string]bool{}
		}
		s.cols[t][c] = true
	}
	return s, rows.Err()
}

// has reports whether the table exists and holds every column named.
func (s *store) has(table string, cols ...string) bool {
	c, ok := s.cols[table]
	if !ok {
		return false
	}
	for _, col := range cols {
		if !c[col] {
			return false
		}
	}
	return true
}

// missingCols lists the columns of want that table lacks.
func (s *store) missingCols(table string, want ...string) []string {
	var out []string
	for _, c := range want {
		if !s.cols[table][c] {
			out = append(out, c)
		}
	}
	return out
}

func (s *store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s.log = append(s.log, q)
	if s.noRaw && strings.Contains(strings.ToLower(q), "raw_") {
		// Comparison reports must not read personal data: fail loudly if
		// a change ever makes one of them reach the raw layer.
		return nil, fmt.Errorf("requête refusée : un rapport de comparaison ne lit pas les tables raw_")
	}
	return s.conn.QueryContext(ctx, q, args...)
}

// strings runs a query whose rows are one string column.
func (s *store) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v.String)
	}
	return out, rows.Err()
}

// selectCols builds a select list where a missing column reads as a typed
// NULL, so one query shape serves tables that are behind the contract.
func (s *store) selectCols(table string, cols []colSpec) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		if s.cols[table][c.name] {
			parts[i] = `"` + c.name + `"`
		} else {
			parts[i] = "CAST(NULL AS " + c.typ + `) AS "` + c.name + `"`
		}
	}
	return strings.Join(parts, ", ")
}

type colSpec struct{ name, typ string }
