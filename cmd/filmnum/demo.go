package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"filmnum/ingest"
	"filmnum/internal/atomicfile"
	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/internal/samplegen"
	"filmnum/report"
	sampledata "filmnum/sample-data"
	"filmnum/seeds"
	"filmnum/transform"
)

// demoSchool is the school whose year-end report the demo writes: a lycée
// of Limoges present in every source of the sample.
const demoSchool = "0870015U"

func init() {
	register(&command{
		name:    "demo",
		summary: "démonstration sans préparation : charge l'échantillon intégré, calcule les indicateurs, écrit les rapports",
		usage:   "[--out DOSSIER]",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			out := fs.String("out", "rapports", "dossier où écrire les rapports (`DOSSIER`), créé si besoin")
			dbPath := fs.String("db", "", "base DuckDB à remplir (`FICHIER`) ; par défaut une base temporaire, supprimée à la fin")
			generate := fs.Bool("generer", false, "génère un nouvel échantillon (filmnum sample) au lieu de l'échantillon intégré")
			seed := fs.Uint64("seed", 1, "graine (`N`) de l'échantillon généré (avec --generer)")
			asOf := fs.String("as-of", "", "date des rapports (`AAAA-MM-JJ`) ; par défaut aujourd'hui")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return fail.Usage(fmt.Sprintf("argument inattendu « %s »", args[0]), "filmnum demo --out rapports")
				}
				return runDemo(ctx, e, *out, *dbPath, *generate, *seed, *asOf)
			}
		},
	})
}

func runDemo(ctx context.Context, e *env, out, dbPath string, generate bool, seed uint64, asOfFlag string) error {
	start := time.Now()
	asOf, err := parseAsOf(asOfFlag)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fail.New("création du dossier "+out+" impossible : "+err.Error(), "passez un autre --out")
	}
	work, err := os.MkdirTemp("", "filmnum-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	// 1. The exports: the embedded sample, or a freshly generated one.
	data := filepath.Join(work, "exports")
	if generate {
		fmt.Fprintf(e.stdout, "1. Génération d'un échantillon (graine %d)…\n", seed)
		if _, err := samplegen.Generate(ctx, samplegen.Options{Scale: samplegen.ScaleAcademy, Seed: seed, Years: 2, Out: data}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "1. Échantillon intégré (%s) : exports de l'académie de Limoges, 2024-2025 et 2025-2026\n", sampledata.Name)
		if err := os.CopyFS(data, sampledata.FS()); err != nil {
			return fmt.Errorf("copie de l'échantillon : %w", err)
		}
	}

	// 2. Ingest into a temporary or given database.
	keep := dbPath != ""
	if !keep {
		dbPath = filepath.Join(work, "demo.duckdb")
	}
	db, err := duck.Open(ctx, dbPath, duck.Options{PreserveOrder: true})
	if err != nil {
		return err
	}
	defer db.Close()
	fsys := seeds.Embedded()
	schools, err := seeds.ReadSchools(fsys)
	if err != nil {
		return err
	}
	if err := seeds.Load(ctx, db, fsys); err != nil {
		return err
	}
	sum, err := ingest.Run(ctx, db, []string{data}, ingest.Options{Schools: schools}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "2. Ingestion : %d fichiers chargés, %s lignes", sum.Loaded, groupDigits(sum.Rows))
	if sum.Rejected > 0 {
		var replaced, totals, bad int64
		if err := db.Conn.QueryRowContext(ctx, `SELECT
			coalesce(sum(TRY_CAST(regexp_extract(valeur, '^(\d+) lignes$', 1) AS BIGINT)) FILTER (WHERE motif LIKE 'lignes déjà présentes%'), 0),
			count(*) FILTER (WHERE motif = 'ligne de total ignorée'),
			count(DISTINCT (fichier_id, ligne)) FILTER (WHERE motif NOT LIKE 'lignes déjà présentes%' AND motif <> 'ligne de total ignorée')
			FROM raw_rejets`).Scan(&replaced, &totals, &bad); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, " ; %s non chargées : %s déjà présentes dans un export plus récent, %s lignes de total, %s erronées (piégées exprès dans l'échantillon)",
			groupDigits(sum.Rejected), groupDigits(replaced), groupDigits(totals), groupDigits(bad))
	}
	if sum.Refused > 0 {
		fmt.Fprintf(e.stdout, " ; %d fichiers refusés", sum.Refused)
	}
	fmt.Fprintln(e.stdout)

	// 3. Indicators.
	res, err := transform.Run(ctx, db, transform.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "3. Indicateurs : %d familles, %s valeurs comparées (ind_valeurs)\n", len(res.Families), groupDigits(res.Values))
	csvPath := filepath.Join(out, "indicateurs.csv")
	if err := writeIndicatorsCSV(ctx, db, csvPath); err != nil {
		return err
	}

	// 4. Reports: the principal's, each département's, the SRANE's.
	type job struct {
		kind report.Kind
		opt  report.Options
	}
	jobs := []job{{report.Etablissement, report.Options{UAI: demoSchool}}}
	for _, d := range []string{"19", "23", "87"} {
		jobs = append(jobs, job{report.Departement, report.Options{Departement: d}})
	}
	jobs = append(jobs, job{report.Pix, report.Options{}})
	var written []string
	for _, j := range jobs {
		j.opt.AsOf, j.opt.Seuil, j.opt.InlineAssets = asOf, report.DefaultSeuil, true
		r, err := report.Build(ctx, db.Conn, j.kind, j.opt)
		if err != nil {
			return err
		}
		path := filepath.Join(out, r.FileName())
		if err := atomicfile.Write(path, r.Write); err != nil {
			return err
		}
		written = append(written, path)
	}
	fmt.Fprintf(e.stdout, "4. Rapports écrits en %s — à ouvrir dans un navigateur (ils fonctionnent hors ligne) :\n", indFrDuration(time.Since(start)))
	for _, p := range written {
		fmt.Fprintf(e.stdout, "   %s\n", p)
	}
	fmt.Fprintf(e.stdout, "   %s (tous les indicateurs, pour un tableur)\n", csvPath)
	if keep {
		fmt.Fprintf(e.stdout, "Base conservée : %s (filmnum sources --db %s ; lignes non chargées : filmnum sources --rejets --db %s)\n", dbPath, dbPath, dbPath)
	} else {
		fmt.Fprintln(e.stdout, "La base de démonstration était temporaire ; pour la garder : filmnum demo --db demo.duckdb")
	}
	return nil
}

// writeIndicatorsCSV writes every indicator of the database as the tidy CSV
// of `filmnum indicateurs --format csv`.
func writeIndicatorsCSV(ctx context.Context, db *duck.DB, path string) error {
	inds, _, err := indicatorCounts(ctx, db, "true")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		return writeIndicators(ctx, w, db, "true", inds, "csv")
	})
}
