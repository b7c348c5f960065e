package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"filmnum/internal/duck"
	"filmnum/seeds"
)

// scalarUDF is one Go function exposed to DuckDB: VARCHAR arguments, one
// result. The default NULL handling applies (NULL in, NULL out), and a value
// the parser refuses gives NULL too: the load's checks turn "raw value
// present, parsed value NULL" into a reject with line and column.
//
// Results are memoised by argument text, up to memoMax per function: the
// functions are pure, DuckDB calls them once per row, and a column repeats
// few labels, months or school codes (in a Go profile of a 1 000-school
// ingest, the parsers' own work was 2.2 s of the 3.5 s of CPU spent in these
// functions; BENCHMARKS.md).
type scalarUDF struct {
	args int
	out  duckdb.Type
	fn   func(args []string) any
	memo sync.Map // argument text (arguments joined by memoSep) -> result
	n    atomic.Int64
}

func udf(args int, out duckdb.Type, fn func(args []string) any) *scalarUDF {
	return &scalarUDF{args: args, out: out, fn: fn}
}

// memoMax bounds each function's memo; past it, new arguments are parsed
// every time (a column of free counts would otherwise grow it without end).
const memoMax = 1 << 14

// memoSep joins the arguments of a memo key: a byte no cell holds (sniff
// refuses a file with a NUL byte).
const memoSep = "\x00"

// call returns fn(args), memoised.
func (u *scalarUDF) call(args []string) any {
	key := args[0]
	if len(args) > 1 {
		key = strings.Join(args, memoSep)
	}
	if v, ok := u.memo.Load(key); ok {
		return v
	}
	v := u.fn(args)
	if u.n.Load() < memoMax {
		if _, loaded := u.memo.LoadOrStore(key, v); !loaded {
			u.n.Add(1)
		}
	}
	return v
}

func (u *scalarUDF) Config() duckdb.ScalarFuncConfig {
	in := make([]duckdb.TypeInfo, u.args)
	for i := range in {
		in[i] = mustTypeInfo(duckdb.TYPE_VARCHAR)
	}
	return duckdb.ScalarFuncConfig{InputTypeInfos: in, ResultTypeInfo: mustTypeInfo(u.out)}
}

func (u *scalarUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		args := make([]string, len(values))
		for i, v := range values {
			s, _ := v.(string)
			args[i] = s
		}
		return u.call(args), nil
	}}
}

func mustTypeInfo(t duckdb.Type) duckdb.TypeInfo {
	ti, err := duckdb.NewTypeInfo(t)
	if err != nil {
		panic(err) // only for types the driver always supports
	}
	return ti
}

// nilIfErr turns a parser's result into a SQL value: NULL on error.
func nilIfErr[T any](v T, err error) any {
	if err != nil {
		return nil
	}
	return v
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// parserUDFs are the functions the load statements of the non-Pix sources
// call. _motif(kind, value) gives the French reason a value is refused.
var parserUDFs = map[string]*scalarUDF{
	"_nombre": udf(1, duckdb.TYPE_DOUBLE, func(a []string) any { return nilIfErr(ParseNumber(a[0])) }),
	"_entier": udf(1, duckdb.TYPE_BIGINT, func(a []string) any { return nilIfErr(ParseInteger(a[0])) }),
	"_mois": udf(1, duckdb.TYPE_DATE, func(a []string) any {
		t, _, err := ParseMonth(a[0])
		return nilIfErr(t, err)
	}),
	"_mois_type": udf(1, duckdb.TYPE_VARCHAR, func(a []string) any {
		_, g, err := ParseMonth(a[0])
		return nilIfErr(g, err)
	}),
	"_date":     udf(1, duckdb.TYPE_DATE, func(a []string) any { return nilIfErr(ParseDate(a[0])) }),
	"_duree":    udf(1, duckdb.TYPE_DOUBLE, func(a []string) any { return nilIfErr(ParseDuration(a[0])) }),
	"_uai":      udf(1, duckdb.TYPE_VARCHAR, func(a []string) any { return nilIfErr(seeds.NormalizeUAI(a[0])) }),
	"_profil":   udf(1, duckdb.TYPE_VARCHAR, func(a []string) any { return ParseProfile(a[0]) }),
	"_fonction": udf(1, duckdb.TYPE_VARCHAR, func(a []string) any { return ParseFunction(a[0]) }),
	"_modalite": udf(1, duckdb.TYPE_VARCHAR, func(a []string) any { return nilIfEmpty(ParseModality(a[0])) }),
	"_illimite": udf(1, duckdb.TYPE_BOOLEAN, func(a []string) any { return IsUnlimited(a[0]) }),
	"_motif":    udf(2, duckdb.TYPE_VARCHAR, func(a []string) any { return nilIfEmpty(parseMotif(a[0], a[1])) }),
}

// parseMotif is the French reason why value is not a valid kind ("" when it is).
func parseMotif(kind, value string) string {
	var err error
	switch kind {
	case "nombre":
		_, err = ParseNumber(value)
	case "entier":
		_, err = ParseInteger(value)
	case "mois":
		_, _, err = ParseMonth(value)
	case "date":
		_, err = ParseDate(value)
	case "duree":
		_, err = ParseDuration(value)
	case "uai":
		_, err = seeds.NormalizeUAI(value)
	default:
		return "valeur illisible"
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// registerParsers registers filmnum's Go value parsers (numbers with
// spaces and percentages, French months, durations...) as DuckDB scalar
// functions on the connection, so load statements can call them.
// Registering again on the same connection replaces them.
func registerParsers(ctx context.Context, db *duck.DB) error {
	for name, f := range parserUDFs {
		if err := duckdb.RegisterScalarUDF(db.Conn, name, f); err != nil {
			return fmt.Errorf("fonction %s : %w", name, err)
		}
	}
	return nil
}

// defineRunMacros gives the load statements this run's options:
// _opt_date() is --date (NULL when not given), _aujourdhui() the run's day
// (today, taken once per run: both connections say the same day).
func defineRunMacros(ctx context.Context, db *duck.DB, opt Options, today time.Time) error {
	date := "NULL::DATE"
	if !opt.Date.IsZero() {
		date = dateLit(opt.Date)
	}
	return db.Exec(ctx, `CREATE OR REPLACE TEMP MACRO _opt_date() AS `+date+`;
CREATE OR REPLACE TEMP MACRO _aujourdhui() AS `+dateLit(today))
}

func dateLit(t time.Time) string { return "DATE '" + t.Format("2006-01-02") + "'" }
