package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"

	"filmnum/ingest"
	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/seeds"
)

func init() {
	register(&command{
		name:    "ingest",
		summary: "charge des exports CSV (Pix, ENT, GAR, EduConnect, formations) dans la base",
		usage:   "CHEMIN...  (fichiers ou dossiers, parcourus récursivement)",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			db := addDBFlagsMemory(fs, duck.IngestMemoryLimit)
			uai := fs.String("uai", "", "établissement (`UAI`) des fichiers qui ne l'indiquent pas eux-mêmes")
			seedDir := fs.String("seeds", "", "référentiels du `DOSSIER` à utiliser à la place des fichiers intégrés")
			date := fs.String("date", "", "date du relevé (`JJ/MM/AAAA`) des fichiers EduConnect ou attestations 6e qui ne la donnent ni en colonne ni dans leur nom")
			exclude := fs.StringArray("exclure", nil, "période à écarter des indicateurs (`DEBUT:FIN`, ex. 2025-09-09:2025-09-24 ; ENT par défaut, gar_usage:DEBUT:FIN sinon) ; répétable")
			quiet := fs.BoolP("quiet", "q", false, "n'affiche que les erreurs et le bilan")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) == 0 {
					return fail.Usage("aucun fichier ni dossier à charger", "filmnum ingest --db filmnum.duckdb DOSSIER_DES_EXPORTS")
				}
				opt := ingest.Options{}
				if *uai != "" {
					u, err := seeds.NormalizeUAI(*uai)
					if err != nil {
						return fail.Usage("--uai : "+err.Error(), "vérifiez l'UAI : 7 chiffres et une lettre de contrôle, ex. 0870015U")
					}
					opt.UAI = u
				}
				if *date != "" {
					d, err := ingest.ParseDate(*date)
					if err != nil {
						return fail.Usage("--date : "+err.Error(), "filmnum ingest --date 15/10/2025 FICHIER")
					}
					opt.Date = d
				}
				for _, x := range *exclude {
					ex, err := ingest.ParseExclusion(x)
					if err != nil {
						return fail.Usage(err.Error(), "filmnum ingest --exclure 2025-09-09:2025-09-24 DOSSIER")
					}
					opt.Exclusions = append(opt.Exclusions, ex)
				}
				return runIngest(ctx, e, db, opt, *seedDir, *quiet, args)
			}
		},
	})
}

// ingestGoMemoryLimit bounds Go's heap during ingest (unless GOMEMLIMIT is
// set): with the default GOGC the heap grew to twice its live size (223 MB
// live, 394 MB at a collection at 1 000 schools), on top of DuckDB's
// memory_limit. Alternated at 1 000 schools: 60.8 and 60.9 s, peak 755 and
// 753 MB, against 57.7 and 59.1 s, 941 and 994 MB without it.
const ingestGoMemoryLimit = 300 << 20

func runIngest(ctx context.Context, e *env, dbf *dbFlags, opt ingest.Options, seedDir string, quiet bool, paths []string) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(ingestGoMemoryLimit)
	}
	fsys, err := seedsFS(seedDir)
	if err != nil {
		return err
	}
	schools, err := seeds.ReadSchools(fsys)
	if err != nil {
		return err
	}
	db, err := dbf.open(ctx, duck.Options{PreserveOrder: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := seeds.Load(ctx, db, fsys); err != nil {
		return err
	}
	opt.Schools = schools
	if e.stderrTTY {
		opt.Progress = e.stderr
	}
	sum, err := ingest.Run(ctx, db, paths, opt, func(r ingest.FileReport) {
		if quiet && r.Status != ingest.Refused {
			return
		}
		printFileReport(e.stdout, e.stderr, r)
	})
	if err != nil {
		var fe *ingest.FileError
		if errors.As(err, &fe) {
			return fail.New(fe.Error(), fe.Hint)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "\nBilan : %d fichier(s) chargé(s), %s ligne(s) lue(s), %s chargée(s), %s rejetée(s)",
		sum.Loaded, groupDigits(sum.Read), groupDigits(sum.Rows), groupDigits(sum.Rejected))
	if n := sum.Reported - sum.Loaded - sum.Refused; n > 0 {
		fmt.Fprintf(e.stdout, ", %d inchangé(s) ou ignoré(s)", n)
	}
	fmt.Fprintf(e.stdout, " — base %s\n", db.Path)
	if sum.Rejected > 0 {
		fmt.Fprintf(e.stdout, "Lignes rejetées : filmnum sources --rejets --db %s\n", db.Path)
	}
	if err := warnUnknownSchools(ctx, e.stdout, db); err != nil {
		return err
	}
	if sum.Refused > 0 {
		return fail.New(fmt.Sprintf("%d fichier(s) refusé(s) : rien n'en a été chargé (voir ci-dessus)", sum.Refused),
			"corrigez ou retirez ces fichiers puis relancez : les fichiers déjà chargés ne le seront pas deux fois")
	}
	return nil
}

// warnUnknownSchools names the schools of loaded files that the seeds do not
// know: they load, but get no name, headcount nor comparison group, which a
// user sees only as empty reports. A national database ingested without
// --seeds had 10 998 of its 11 000 schools so.
func warnUnknownSchools(ctx context.Context, w io.Writer, db *duck.DB) error {
	uais, err := db.QueryStrings(ctx, `SELECT DISTINCT uai FROM raw_fichiers
		WHERE uai IS NOT NULL AND remplace_par IS NULL
		  AND uai NOT IN (SELECT uai FROM seed_etablissements)
		ORDER BY uai`)
	if err != nil || len(uais) == 0 {
		return err
	}
	ex := uais[:min(3, len(uais))]
	more := ""
	if len(uais) > len(ex) {
		more = ", …"
	}
	fmt.Fprintf(w, "Attention : %s établissement(s) absent(s) des référentiels (%s%s) : chargés, mais sans nom, effectifs ni comparaison\n",
		groupDigits(int64(len(uais))), strings.Join(ex, ", "), more)
	fmt.Fprintf(w, "Essayez : filmnum ingest --seeds DOSSIER (etablissements.csv, effectifs.csv) ; liste : filmnum sources --db %s\n", db.Path)
	return nil
}

func printFileReport(out, errw io.Writer, r ingest.FileReport) {
	switch r.Status {
	case ingest.Loaded:
		fmt.Fprintf(out, "chargé       %s\n             %s · %s · %s · %s lues, %s chargées, %s rejetées · %s\n",
			r.Path, r.Label, orDash(r.UAI), orDash(r.Year), groupDigits(r.Read), groupDigits(r.Loaded), groupDigits(r.Rejected), r.Encoding)
		for _, f := range r.Replaced {
			fmt.Fprintf(out, "             remplace l'export plus ancien %s\n", f)
		}
	case ingest.Unchanged:
		fmt.Fprintf(out, "inchangé     %s\n", r.Path)
	case ingest.Skipped:
		fmt.Fprintf(out, "ignoré       %s\n", r.Path)
	case ingest.Refused:
		fmt.Fprintf(errw, "refusé       %s\n", r.Err)
		var fe *ingest.FileError
		if errors.As(r.Err, &fe) && fe.Hint != "" {
			fmt.Fprintf(errw, "             Essayez : %s\n", fe.Hint)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(out, "             %s\n", n)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
