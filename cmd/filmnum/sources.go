package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"filmnum/internal/csvout"
	"filmnum/internal/duck"
	"filmnum/internal/fail"
)

func init() {
	register(&command{
		name:    "sources",
		summary: "liste les fichiers chargés avec leur provenance (et les lignes rejetées)",
		usage:   "",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			db := addDBFlags(fs)
			format := fs.String("format", "table", "`FORMAT` de sortie : table ou csv (séparateur ;, pour les scripts)")
			rejets := fs.Bool("rejets", false, "liste les lignes rejetées (fichier, ligne, colonne, valeur, motif)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return fail.Usage(fmt.Sprintf("argument inattendu « %s »", args[0]), "filmnum sources [--db FICHIER] [--format table|csv] [--rejets]")
				}
				if *format != "table" && *format != "csv" {
					return fail.Usage(fmt.Sprintf("format « %s » inconnu", *format), "--format table ou --format csv")
				}
				d, err := db.open(ctx, duck.Options{ReadOnly: true})
				if err != nil {
					return err
				}
				defer d.Close()
				if ok, err := d.TableExists(ctx, "raw_fichiers"); err != nil || !ok {
					if err != nil {
						return err
					}
					return fail.New("la base "+d.Path+" ne contient aucun export chargé", "filmnum ingest --db "+d.Path+" DOSSIER")
				}
				if *rejets {
					return listRejects(ctx, e.stdout, d, *format)
				}
				return listSources(ctx, e.stdout, d, *format)
			}
		},
	})
}

// sourceColumns are the provenance columns, in the order shown.
var sourceColumns = []string{"fichier_id", "fichier", "type", "encodage", "uai", "uai_source", "referentiel",
	"annee_scolaire", "cle", "date_export", "lignes_lues", "lignes_chargees", "lignes_rejetees",
	"lignes_remplacees", "remplace_par", "charge_le", "duree_ms", "sha256", "chemin", "avertissements"}

func listSources(ctx context.Context, w io.Writer, d *duck.DB, format string) error {
	seeded, _ := d.TableExists(ctx, "seed_etablissements")
	ref := "NULL::VARCHAR"
	if seeded {
		ref = `CASE WHEN f.uai IS NULL THEN NULL
			WHEN EXISTS (SELECT 1 FROM seed_etablissements s WHERE s.uai = f.uai) THEN 'oui' ELSE 'absent' END`
	}
	rows, err := d.Conn.QueryContext(ctx, `SELECT f.fichier_id, f.nom, f.libelle_type, f.encodage, f.uai, f.uai_source, `+ref+`,
		f.annee_scolaire, f.cle_export, f.date_export, f.lignes_lues, f.lignes_chargees, f.lignes_rejetees,
		f.lignes_remplacees, r.nom, f.charge_le, f.duree_ms, f.sha256, f.chemin, f.avertissements
		FROM raw_fichiers f LEFT JOIN raw_fichiers r ON r.fichier_id = f.remplace_par ORDER BY f.fichier_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var recs [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(sourceColumns))
		var dateExport, chargeLe sql.NullTime
		ptrs := make([]any, len(sourceColumns))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		ptrs[9], ptrs[15] = &dateExport, &chargeLe
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = v.String
		}
		if dateExport.Valid {
			rec[9] = dateExport.Time.Format("2006-01-02 15:04")
		}
		if chargeLe.Valid {
			rec[15] = chargeLe.Time.In(paris()).Format("2006-01-02 15:04:05")
		}
		recs = append(recs, rec)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if format == "csv" {
		cw := csvout.New(w, false)
		cw.Write(sourceColumns)
		for _, r := range recs {
			cw.Write(r)
		}
		return cw.Flush()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tfichier\ttype\tencodage\tUAI\tannée\tlues\tchargées\trejetées\tétat")
	var absent []string
	for _, r := range recs {
		state := "chargé"
		switch {
		case r[14] != "":
			state = "remplacé par " + r[14]
		case r[13] != "" && r[13] != "0":
			state = r[13] + " ligne(s) remplacée(s)"
		}
		if r[6] == "absent" {
			state += " · établissement absent des référentiels"
			absent = append(absent, r[4])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], orDash(r[4]), orDash(r[7]),
			r[10], r[11], r[12], state)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d fichier(s).", len(recs))
	if len(absent) > 0 {
		fmt.Fprintf(w, " Établissements absents des référentiels (chargés et signalés) : %s.", strings.Join(unique(absent), ", "))
	}
	fmt.Fprintln(w, " Toutes les colonnes : --format csv.")
	return nil
}

func listRejects(ctx context.Context, w io.Writer, d *duck.DB, format string) error {
	rows, err := d.Conn.QueryContext(ctx, `SELECT f.nom, r.ligne, r.colonne, r.valeur, r.motif, f.chemin
		FROM raw_rejets r JOIN raw_fichiers f USING (fichier_id) ORDER BY r.fichier_id, r.ligne NULLS LAST, r.colonne`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cw *csvout.Writer
	var tw *tabwriter.Writer
	if format == "csv" {
		cw = csvout.New(w, false)
		cw.Write([]string{"fichier", "ligne", "colonne", "valeur", "motif", "chemin"})
	} else {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "fichier\tligne\tcolonne\tvaleur\tmotif")
	}
	n := 0
	for rows.Next() {
		var v [6]sql.NullString
		if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			return err
		}
		n++
		if cw != nil {
			cw.Write([]string{v[0].String, v[1].String, v[2].String, v[3].String, v[4].String, v[5].String})
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v[0].String, orDash(v[1].String), orDash(v[2].String),
			short(v[3].String, 40), v[4].String)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cw != nil {
		return cw.Flush()
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d ligne(s) rejetée(s).\n", n)
	return nil
}

func short(s string, n int) string {
	r := []rune(strings.ReplaceAll(s, "\n", " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

func unique(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}
