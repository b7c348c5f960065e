package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris on machines without a zoneinfo database

	"github.com/spf13/pflag"

	"filmnum/internal/atomicfile"
	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/report"
	"filmnum/seeds"
)

func init() {
	register(&command{
		name:    "rapport",
		summary: "écrit un rapport HTML : etablissement (bilan de l'année), departement (comparaison) ou pix (certification)",
		usage: "etablissement --uai UAI | departement --departement CODE | pix\n\n" +
			"  filmnum rapport etablissement --uai 0870015U [--annee 2025-2026] [--nominatif]\n" +
			"  filmnum rapport departement --departement 87 [--annee 2025-2026]\n" +
			"  filmnum rapport pix [--annee 2025-2026] [--departement 87]",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			db := addDBFlagsMemory(fs, duck.ReportMemoryLimit)
			fs.Lookup("db").Usage = "base DuckDB à lire (`FICHIER`), ouverte en lecture seule"
			var o rapportFlags
			fs.StringVar(&o.uai, "uai", "", "établissement (`UAI`) du rapport etablissement")
			fs.StringVar(&o.dept, "departement", "", "département (`CODE`, ex. 87) : obligatoire pour departement, filtre pour pix")
			fs.StringVar(&o.annee, "annee", "", "année scolaire (`AAAA-AAAA`) ; par défaut la plus récente des données")
			fs.StringVar(&o.out, "out", "", "fichier HTML à écrire (`FICHIER`) ; par défaut rapport-<type>-<établissement ou département>-<année>.html ici")
			fs.StringVar(&o.asOf, "as-of", "", "date du rapport (`AAAA-MM-JJ`), la seule imprimée ; par défaut aujourd'hui")
			fs.IntVar(&o.seuil, "seuil", report.DefaultSeuil, "effectif minimal (`N`) en dessous duquel une valeur comparée est masquée")
			fs.BoolVar(&o.nominatif, "nominatif", false, "etablissement : ajoute la liste nominative des élèves à accompagner (données personnelles)")
			fs.BoolVar(&o.inline, "inline-assets", true, "inclut ECharts dans le fichier (false : le référence à côté, echarts.min.js)")
			return func(ctx context.Context, e *env, args []string) error {
				return runRapport(ctx, e, db, o, args)
			}
		},
	})
}

type rapportFlags struct {
	uai, dept, annee, out, asOf string
	seuil                       int
	nominatif, inline           bool
}

func runRapport(ctx context.Context, e *env, dbf *dbFlags, o rapportFlags, args []string) error {
	if len(args) != 1 {
		return fail.Usage("précisez le rapport : etablissement, departement ou pix",
			"filmnum rapport etablissement --uai 0870015U")
	}
	var kind report.Kind
	switch strings.ToLower(args[0]) {
	case "etablissement", "établissement":
		kind = report.Etablissement
	case "departement", "département":
		kind = report.Departement
	case "pix":
		kind = report.Pix
	default:
		return fail.Usage(fmt.Sprintf("rapport inconnu « %s » : etablissement, departement ou pix", args[0]),
			"filmnum rapport --help")
	}
	opt := report.Options{Annee: o.annee, Seuil: o.seuil, Nominatif: o.nominatif, InlineAssets: o.inline, Departement: o.dept}
	switch kind {
	case report.Etablissement:
		if o.uai == "" {
			return fail.Usage("le rapport etablissement demande l'UAI de l'établissement", "filmnum rapport etablissement --uai 0870015U")
		}
		u, err := seeds.NormalizeUAI(o.uai)
		if err != nil {
			return fail.Usage(err.Error(), "vérifiez l'UAI : 7 chiffres et une lettre de contrôle, ex. 0870015U")
		}
		opt.UAI = u
		if o.dept != "" {
			return fail.Usage("--departement ne s'applique pas au rapport etablissement", "filmnum rapport etablissement --uai "+u)
		}
	case report.Departement:
		if o.dept == "" {
			return fail.Usage("le rapport departement demande le code du département", "filmnum rapport departement --departement 87")
		}
	}
	if o.uai != "" && kind != report.Etablissement {
		return fail.Usage("--uai ne s'applique qu'au rapport etablissement", "filmnum rapport etablissement --uai "+o.uai)
	}
	if o.nominatif && kind != report.Etablissement {
		return fail.Usage("--nominatif n'existe que pour le rapport etablissement : les rapports de comparaison ne montrent aucun nom",
			"filmnum rapport etablissement --uai UAI --nominatif")
	}
	if o.seuil < 1 {
		return fail.Usage(fmt.Sprintf("--seuil %d : le seuil est un effectif d'au moins 1", o.seuil), "filmnum rapport "+string(kind)+" --seuil 10")
	}
	asOf, err := parseAsOf(o.asOf)
	if err != nil {
		return err
	}
	opt.AsOf = asOf
	out := o.out
	if out != "" {
		if dir := filepath.Dir(out); dir != "." {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return fail.New(fmt.Sprintf("le dossier %s n'existe pas", dir), "créez-le (mkdir -p "+dir+") ou passez un autre --out")
			}
		}
	}

	db, err := dbf.open(ctx, duck.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := report.Build(ctx, db.Conn, kind, opt)
	if err != nil {
		return err
	}
	if out == "" {
		out = r.FileName()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := atomicfile.Write(out, r.Write); err != nil {
		return fail.New(err.Error(), "vérifiez que le dossier existe et qu'on peut y écrire, ou passez un autre --out")
	}
	fmt.Fprintln(e.stdout, out)
	return nil
}

// parseAsOf reads --as-of; by default the report is dated today, in Paris.
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			loc = time.Local
		}
		n := time.Now().In(loc)
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fail.Usage(fmt.Sprintf("--as-of « %s » : date attendue au format AAAA-MM-JJ", s), "filmnum rapport pix --as-of 2026-06-10")
	}
	return t, nil
}
