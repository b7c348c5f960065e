package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"filmnum/internal/atomicfile"
	"filmnum/internal/csvout"
	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/seeds"
	"filmnum/transform"
)

func init() {
	register(&command{
		name:    "indicateurs",
		summary: "calcule les indicateurs (ENT, GAR, formations, Pix, EduConnect) et les exporte (table, CSV, Parquet)",
		usage:   "",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			db := addDBFlagsMemory(fs, duck.TransformMemoryLimit)
			o := &indicatorsOptions{}
			fs.StringVar(&o.year, "annee", "", "`ANNÉE` scolaire exportée, ex. 2025-2026 (par défaut la plus récente)")
			fs.StringVar(&o.uai, "uai", "", "n'exporte que cet établissement (`UAI`)")
			fs.StringVar(&o.dept, "departement", "", "n'exporte que ce département (`CODE`, ex. 87)")
			fs.StringVar(&o.format, "format", "table", "`FORMAT` de sortie : table (écran), csv (Excel, séparateur ;) ou parquet")
			fs.StringVar(&o.out, "out", "", "`CHEMIN` du fichier écrit (csv et parquet : indicateurs-ANNÉE.csv|.parquet par défaut ; - : la sortie standard)")
			fs.StringVar(&o.queries, "queries", "", "`DOSSIER` de requêtes SQL à utiliser au lieu des requêtes intégrées (même organisation que queries/)")
			fs.IntVar(&o.seuil, "seuil", transform.DefaultThreshold, "effectif minimal (`N`) sous lequel une valeur est masquée dans les comparaisons")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return fail.Usage(fmt.Sprintf("argument inattendu « %s »", args[0]),
						"filmnum indicateurs [--db FICHIER] [--annee 2025-2026] [--uai UAI | --departement 87] [--format table|csv|parquet] [--out CHEMIN]")
				}
				if err := o.validate(); err != nil {
					return err
				}
				d, err := db.open(ctx, duck.Options{KeepBlocks: true})
				if err != nil {
					return err
				}
				defer d.Close()
				return runIndicators(ctx, e, d, o)
			}
		},
	})
}

type indicatorsOptions struct {
	year, uai, dept, format, out, queries string
	seuil                                 int
}

func (o *indicatorsOptions) validate() error {
	switch o.format {
	case "table", "csv", "parquet":
	default:
		return fail.Usage(fmt.Sprintf("format « %s » inconnu", o.format), "--format table, csv ou parquet")
	}
	if o.year != "" && !seeds.ValidSchoolYear(o.year) {
		return fail.Usage(fmt.Sprintf("année scolaire « %s » invalide", o.year), "écrivez deux années consécutives, ex. --annee 2025-2026")
	}
	if o.uai != "" && o.dept != "" {
		return fail.Usage("--uai et --departement ne vont pas ensemble", "choisissez un établissement (--uai) ou un département (--departement)")
	}
	if o.uai != "" {
		u, err := seeds.NormalizeUAI(o.uai)
		if err != nil {
			return fail.Usage(err.Error(), "passez un UAI de 7 chiffres et sa lettre, ex. --uai 0870015U")
		}
		o.uai = u
	}
	if o.dept != "" {
		c, ok := seeds.NormalizeDept(o.dept)
		if !ok {
			return fail.Usage(fmt.Sprintf("département « %s » inconnu", o.dept), "passez le code du département, ex. --departement 87")
		}
		o.dept = c
	}
	if o.seuil < 1 {
		return fail.Usage(fmt.Sprintf("seuil %d invalide", o.seuil), "passez un entier positif, ex. --seuil 10")
	}
	if o.format == "parquet" && o.out == "-" {
		return fail.Usage("le Parquet ne s'écrit pas sur la sortie standard", "passez un fichier : --out indicateurs.parquet")
	}
	return nil
}

func runIndicators(ctx context.Context, e *env, d *duck.DB, o *indicatorsOptions) error {
	var progress func(string)
	if e.stderrTTY {
		progress = func(file string) { fmt.Fprintf(e.stderr, "\r\033[K  %s", file) }
	}
	res, err := transform.Run(ctx, d, transform.Options{QueriesDir: o.queries, Threshold: o.seuil, Progress: progress})
	if progress != nil {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	reportTransform(e.stderr, res)

	year := o.year
	years, err := d.QueryStrings(ctx, "SELECT DISTINCT annee_scolaire FROM ind_valeurs ORDER BY 1 DESC")
	if err != nil {
		return err
	}
	if len(years) == 0 {
		return fail.New("aucun indicateur calculé : la base ne contient pas encore d'exports exploitables",
			"chargez des exports : filmnum ingest --db "+d.Path+" DOSSIER")
	}
	if year == "" {
		year = years[0]
	} else if !slices.Contains(years, year) {
		return fail.New(fmt.Sprintf("aucun indicateur pour l'année %s", year), "années disponibles : "+strings.Join(years, ", "))
	}
	where := "annee_scolaire = " + duck.QuoteString(year)
	scope := "l'année " + year
	switch {
	case o.uai != "":
		where += " AND uai = " + duck.QuoteString(o.uai)
		scope = o.uai + " en " + year
	case o.dept != "":
		where += " AND departement_code = " + duck.QuoteString(o.dept)
		scope = "le département " + o.dept + " en " + year
	}
	inds, n, err := indicatorCounts(ctx, d, where)
	if err != nil {
		return err
	}
	if n == 0 {
		return fail.New("aucun indicateur pour "+scope, "vérifiez l'établissement ou le département, et les exports chargés : filmnum sources --db "+d.Path)
	}

	out := o.out
	if out == "" && o.format != "table" {
		out = "indicateurs-" + year + "." + o.format
	}
	if out == "" || out == "-" {
		return writeIndicators(ctx, e.stdout, d, where, inds, o.format)
	}
	if err := indCheckOutDir(out); err != nil {
		return err
	}
	if o.format == "parquet" {
		err = writeIndicatorsParquet(ctx, d, where, out)
	} else {
		err = atomicfile.Write(out, func(w io.Writer) error { return writeIndicators(ctx, w, d, where, inds, o.format) })
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s écrit : %s valeurs pour %s\n", out, groupDigits(n), scope)
	return nil
}

func reportTransform(w io.Writer, res *transform.Result) {
	var parts []string
	for _, t := range res.Tables() {
		parts = append(parts, fmt.Sprintf("%s %s", t, groupDigits(res.Rows[t])))
	}
	fmt.Fprintf(w, "Indicateurs calculés en %s : %s valeurs (%s)\n", indFrDuration(res.Duration), groupDigits(res.Values), strings.Join(parts, ", "))
	if res.Unmapped > 0 {
		fmt.Fprintf(w, "Attention : %s libellé(s) de classe sans niveau reconnu ; leurs élèves ne comptent dans aucun niveau (voir la table stg_classes_non_reconnues, règles dans seeds/niveaux_classes.csv)\n", groupDigits(res.Unmapped))
	}
	if res.Anomalies > 0 {
		fmt.Fprintf(w, "Attention : %s signalement(s) de données non rattachées (voir la table stg_anomalies)\n", groupDigits(res.Anomalies))
	}
}

// indTidyColumns are the columns of the CSV and table outputs (issue 5).
var indTidyColumns = []string{"indicateur", "uai", "annee_scolaire", "periode", "dimension", "numerateur", "denominateur", "valeur"}

// indicatorCounts lists the indicators of the rows matching where, in the
// order of the tidy file, and counts those rows.
func indicatorCounts(ctx context.Context, d *duck.DB, where string) ([]string, int64, error) {
	rows, err := d.Conn.QueryContext(ctx, "SELECT indicateur, count(*) FROM ind_valeurs WHERE "+where+" GROUP BY 1 ORDER BY 1")
	if err != nil {
		return nil, 0, fmt.Errorf("lecture de ind_valeurs : %w", err)
	}
	defer rows.Close()
	var inds []string
	var total int64
	for rows.Next() {
		var ind string
		var n int64
		if err := rows.Scan(&ind, &n); err != nil {
			return nil, 0, err
		}
		inds, total = append(inds, ind), total+n
	}
	return inds, total, rows.Err()
}

// writeIndicators writes the rows matching where, indicator by indicator
// (inds, from indicatorCounts): duckdb-go materialises every result before
// the first row is read, outside DuckDB's memory limit. The whole year in
// one query held 4.6 M rows at 11 000 schools; the largest indicator 0.9 M.
func writeIndicators(ctx context.Context, w io.Writer, d *duck.DB, where string, inds []string, format string) error {
	var cw *csvout.Writer
	var tw *tabwriter.Writer
	if format == "csv" {
		cw = csvout.New(w, true)
		cw.Write(indTidyColumns)
	} else {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "indicateur\tuai\tannée\tpériode\tdimension\tnumérateur\tdénominateur\tvaleur\t")
	}
	for _, ind := range inds {
		if err := writeIndicator(ctx, d, where, ind, cw, tw); err != nil {
			return err
		}
	}
	if cw != nil {
		return cw.Flush()
	}
	return tw.Flush()
}

// writeIndicator writes the rows of one indicator to cw (CSV) or tw (table).
func writeIndicator(ctx context.Context, d *duck.DB, where, ind string, cw *csvout.Writer, tw *tabwriter.Writer) error {
	rows, err := d.Conn.QueryContext(ctx, `SELECT `+strings.Join(indTidyColumns[1:], ", ")+` FROM ind_valeurs
		WHERE `+where+` AND indicateur = ? ORDER BY uai, annee_scolaire, periode, dimension`, ind)
	if err != nil {
		return fmt.Errorf("lecture de ind_valeurs : %w", err)
	}
	defer rows.Close()
	// reused from row to row: the five text cells, the three numbers
	text, nums := make([]string, 5), make([][]byte, 3)
	for rows.Next() {
		var uai, annee, periode, dim string
		var num, den, val sql.NullFloat64
		if err := rows.Scan(&uai, &annee, &periode, &dim, &num, &den, &val); err != nil {
			return err
		}
		if cw != nil {
			text[0], text[1], text[2], text[3], text[4] = ind, uai, annee, periode, dim
			nums[0] = appendCSVNumber(nums[0][:0], num)
			nums[1] = appendCSVNumber(nums[1][:0], den)
			nums[2] = appendCSVNumber(nums[2][:0], val)
			if err := cw.WriteRecord(text, nums); err != nil {
				return err
			}
			continue
		}
		// The table is for a terminal: no tab or newline from a label may
		// break the alignment.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", ind, uai, annee, periode, indOneLine(dim),
			indTableNumber(num), indTableNumber(den), indTableNumber(val))
	}
	return rows.Err()
}

// appendCSVNumber appends a number with a decimal comma, rounded to 12
// significant digits: beyond them are only the last bits of floating-point
// sums (6,000000000000001), which also vary with the order DuckDB's threads
// add rows in. NULL appends nothing (an empty cell). The digits are those
// of strconv's %.11e, written out without exponent and without trailing
// zeros: the shortest decimal of the 12-digit rounding, as
// csvNumberByRoundTrip writes it in three conversions (with WriteRecord,
// the national CSV of a year, 4.6 M rows: 11.3–12.4 s against 13.5–14.5 s).
func appendCSVNumber(dst []byte, v sql.NullFloat64) []byte {
	if !v.Valid {
		return dst
	}
	if f := math.Abs(v.Float64); f != 0 && f < 0x1p-1022 {
		// subnormal: fewer than 12 significant digits (no indicator gets
		// there)
		return append(dst, csvNumberByRoundTrip(v.Float64)...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], v.Float64, 'e', 11, 64)
	// -d.ddddddddddde±XX; Inf and NaN have no exponent
	m, x, ok := bytes.Cut(e, []byte{'e'})
	if !ok {
		return append(dst, e...)
	}
	if m[0] == '-' {
		dst = append(dst, '-')
		m = m[1:]
	}
	exp, _ := strconv.Atoi(string(x))
	var digits [12]byte
	n := copy(digits[:], m[:1])
	n += copy(digits[n:], m[2:])
	for n > 1 && digits[n-1] == '0' {
		n--
	}
	d := digits[:n]
	if exp < 0 {
		dst = append(dst, '0', ',')
		for i := -1; i > exp; i-- {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	}
	if len(d) <= exp+1 {
		dst = append(dst, d...)
		for i := len(d); i <= exp; i++ {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, d[:exp+1]...)
	dst = append(dst, ',')
	return append(dst, d[exp+1:]...)
}

// csvNumberByRoundTrip is the 12-digit rounding back to a float, then its
// shortest decimal, with a decimal comma: what appendCSVNumber writes, in
// three conversions.
func csvNumberByRoundTrip(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return strings.Replace(strconv.FormatFloat(r, 'f', -1, 64), ".", ",", 1)
}

// indTableNumber rounds to 4 decimals for reading.
func indTableNumber(v sql.NullFloat64) string {
	if !v.Valid {
		return "–"
	}
	s := strconv.FormatFloat(v.Float64, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, ".", ",", 1)
}

func indOneLine(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// writeIndicatorsParquet copies the tidy rows with DuckDB into a temporary file next to
// the target, then renames it: a reader never sees half a file.
func writeIndicatorsParquet(ctx context.Context, d *duck.DB, where, out string) error {
	tmp := filepath.Join(filepath.Dir(out), fmt.Sprintf(".%s.%d.tmp", filepath.Base(out), os.Getpid()))
	q := `COPY (SELECT indicateur, uai, annee_scolaire, periode, dimension, numerateur, denominateur, valeur,
		unite, effectif, estimation FROM ind_valeurs WHERE ` + where + `
		ORDER BY indicateur, uai, annee_scolaire, periode, dimension) TO ` + duck.QuoteString(tmp) + ` (FORMAT parquet)`
	if err := d.Exec(ctx, q); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("écriture de %s : %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("écriture de %s : %w", out, err)
	}
	return nil
}

func indCheckOutDir(out string) error {
	dir := filepath.Dir(out)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fail.New(fmt.Sprintf("le dossier de %s n'existe pas", out), "créez-le (mkdir -p "+dir+") ou passez un autre --out")
	}
	return nil
}

func indFrDuration(d time.Duration) string {
	return strings.Replace(strconv.FormatFloat(d.Seconds(), 'f', 1, 64), ".", ",", 1) + " s"
}
