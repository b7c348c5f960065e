package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"filmnum/internal/fail"
	"filmnum/internal/samplegen"
)

func init() {
	register(&command{
		name:    "sample",
		summary: "génère des exports d'exemple réalistes (Pix, ENT, GAR, EduConnect, formations)",
		usage:   "--out DOSSIER",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			scale := fs.String("scale", samplegen.ScaleAcademy, "`ÉCHELLE` : academie (les établissements des données de référence) ou national (≈ 11 000 établissements synthétiques)")
			seed := fs.Uint64("seed", 1, "graine (`N`) : même graine et mêmes options, mêmes octets")
			years := fs.Int("years", 2, "`N` années scolaires : 1 (2025-2026) ou 2 (2024-2025 et 2025-2026)")
			out := fs.String("out", "", "`DOSSIER` de sortie, créé s'il n'existe pas, vide sinon")
			all := fs.Bool("toutes-classes", false, "échelle academie : exports Pix par élève pour toutes les classes (par défaut, la première classe de chaque niveau)")
			limit := fs.Int("limite", 0, "échelle national : seulement les `N` premiers établissements")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return fail.Usage("argument inattendu « "+args[0]+" »", "filmnum sample --out DOSSIER")
				}
				if *out == "" {
					return fail.Usage("l'option --out est obligatoire", "filmnum sample --out exemples")
				}
				if *scale != samplegen.ScaleAcademy && *scale != samplegen.ScaleNational {
					return fail.Usage("échelle « "+*scale+" » inconnue", "filmnum sample --scale academie (ou national) --out DOSSIER")
				}
				if *years < 1 || *years > 2 {
					return fail.Usage("--years vaut 1 ou 2", "filmnum sample --years 2 --out DOSSIER")
				}
				opt := samplegen.Options{Scale: *scale, Seed: *seed, Years: *years, Out: *out, AllClasses: *all, Limit: *limit}
				if e.stderrTTY {
					opt.Progress = func(done, total int) {
						fmt.Fprintf(e.stderr, "\r%d / %d établissements", done, total)
						if done == total {
							fmt.Fprintln(e.stderr)
						}
					}
				}
				start := time.Now()
				sum, err := samplegen.Generate(ctx, opt)
				if err != nil {
					if errors.Is(err, samplegen.ErrNotEmpty) {
						return fail.New(err.Error(), "choisissez un dossier vide ou inexistant, ou videz "+*out)
					}
					if errors.Is(err, context.Canceled) {
						return err
					}
					return fail.New("génération impossible : "+err.Error(), "")
				}
				printSampleSummary(e.stdout, sum, *out, time.Since(start))
				return nil
			}
		},
	})
}

func printSampleSummary(w io.Writer, sum *samplegen.Summary, out string, took time.Duration) {
	fmt.Fprintf(w, "%s établissements, %s fichiers, %s lignes, %s octets (%.1f Mo), %d lignes piégées, en %.1f s\n",
		groupDigits(int64(sum.Schools)), groupDigits(int64(sum.Files)), groupDigits(sum.Rows), groupDigits(sum.Bytes),
		float64(sum.Bytes)/1e6, sum.Planted, took.Seconds())
	fmt.Fprintf(w, "%-22s %10s %12s %15s %8s\n", "type d'export", "fichiers", "lignes", "octets", "piégées")
	for _, k := range sum.Kinds {
		fmt.Fprintf(w, "%-22s %10s %12s %15s %8d\n", k.Kind, groupDigits(int64(k.Files)), groupDigits(k.Rows), groupDigits(k.Bytes), k.Planted)
	}
	fmt.Fprintf(w, "Manifeste : %s\n", filepath.Join(out, samplegen.ManifestName))
}
