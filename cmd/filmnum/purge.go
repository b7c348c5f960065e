package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"filmnum/ingest"
	"filmnum/internal/duck"
	"filmnum/internal/fail"
	"filmnum/seeds"
)

func init() {
	register(&command{
		name:    "purge",
		summary: "supprime les données personnelles (identités des élèves) d'une année scolaire, ou toutes",
		usage:   "--annee 2024-2025 | --tout",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			db := addDBFlags(fs)
			year := fs.String("annee", "", "année scolaire (`AAAA-AAAA`) dont les identités sont supprimées")
			all := fs.Bool("tout", false, "supprime toutes les identités, le texte brut des lignes rejetées et la clé des pseudonymes")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return fail.Usage(fmt.Sprintf("argument inattendu « %s »", args[0]), "filmnum purge --annee 2024-2025")
				}
				if (*year == "") == !*all {
					return fail.Usage("indiquez soit --annee, soit --tout", "filmnum purge --annee 2024-2025 (ou --tout)")
				}
				if *year != "" && !seeds.ValidSchoolYear(*year) {
					return fail.Usage(fmt.Sprintf("année scolaire « %s » invalide", *year), "écrivez-la comme 2024-2025")
				}
				d, err := db.open(ctx, duck.Options{})
				if err != nil {
					return err
				}
				defer d.Close()
				res, err := ingest.Purge(ctx, d, *year, *all)
				if err != nil {
					return err
				}
				what := "de " + *year
				if *all {
					what = "de toutes les années"
				}
				fmt.Fprintf(e.stdout, "Identités %s supprimées : %d ; texte brut effacé de %d ligne(s) rejetée(s).\n", what, res.Identities, res.Rejects)
				if res.KeyDropped {
					fmt.Fprintln(e.stdout, "Clé des pseudonymes détruite : les pseudonymes restants ne peuvent plus être reliés à personne.")
				}
				fmt.Fprintf(e.stdout, "La base %s a été réécrite : ces données ne sont plus dans le fichier.\n", d.Path)
				return nil
			}
		},
	})
}
