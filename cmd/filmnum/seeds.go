package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"filmnum/internal/fail"
	"filmnum/seeds"
)

func init() {
	register(&command{
		name:    "seeds",
		summary: "vérifie et résume les référentiels (établissements, effectifs, règles classe → niveau, calendrier, Pix)",
		usage:   "",
		setup: func(fs *pflag.FlagSet) func(ctx context.Context, e *env, args []string) error {
			check := fs.Bool("check", false, "vérifie chaque fichier et liste les problèmes (fichier:ligne) ; code de sortie 1 s'il y en a")
			dir := fs.String("seeds", "", "référentiels du `DOSSIER` à utiliser à la place des fichiers intégrés (un fichier absent est pris parmi les fichiers intégrés)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return fail.Usage(fmt.Sprintf("argument inattendu « %s »", args[0]), "filmnum seeds --check [--seeds DOSSIER]")
				}
				return runSeeds(e, *dir, *check)
			}
		},
	})
}

// seedsFS returns the reference files: the embedded ones, or dir completed
// by them.
func seedsFS(dir string) (fs.FS, error) {
	if dir == "" {
		return seeds.Embedded(), nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fail.New(fmt.Sprintf("le dossier de référentiels %s n'existe pas", dir),
			"passez à --seeds un dossier contenant etablissements.csv (ou fr-en-annuaire-education.csv), effectifs.csv…")
	}
	return seeds.Dir(dir), nil
}

func runSeeds(e *env, dir string, check bool) error {
	fsys, err := seedsFS(dir)
	if err != nil {
		return err
	}
	again := "filmnum seeds --check"
	if dir != "" {
		again += " --seeds " + dir
	}
	if check {
		problems := seeds.Check(fsys)
		for _, p := range problems {
			// Name the file as the user can open it.
			if dir != "" {
				if _, err := os.Stat(filepath.Join(dir, p.File)); err == nil {
					p.File = filepath.Join(dir, p.File)
				}
			}
			fmt.Fprintln(e.stdout, p.String())
		}
		if len(problems) > 0 {
			return fail.New(fmt.Sprintf("%d problème(s) dans les référentiels", len(problems)),
				"corrigez les lignes signalées puis relancez : "+again)
		}
		fmt.Fprintln(e.stdout, "Aucun problème dans les référentiels.")
	}
	d, err := seeds.Read(fsys)
	if err != nil {
		var pe *seeds.ProblemsError
		if errors.As(err, &pe) {
			return fail.New(fmt.Sprintf("%d problème(s) dans les référentiels, dont : %s", len(pe.Problems), pe.Problems[0]),
				"voyez-les tous avec : "+again)
		}
		return err
	}
	printSeedsSummary(e.stdout, fsys, dir, d)
	return nil
}

// printSeedsSummary writes, in French, what the reference files hold: schools
// per département and type, school years covered.
func printSeedsSummary(w io.Writer, fsys fs.FS, dir string, d *seeds.Data) {
	if dir == "" {
		fmt.Fprintln(w, "Référentiels : fichiers intégrés à filmnum (données d'EXEMPLE de l'académie de Limoges)")
	} else {
		fmt.Fprintf(w, "Référentiels : dossier %s (fichiers absents pris parmi les fichiers intégrés)\n", dir)
	}
	source := seeds.FileSchools
	if _, err := fs.Stat(fsys, seeds.FileAnnuaire); err == nil {
		source = seeds.FileAnnuaire
	}
	fmt.Fprintf(w, "Établissements : %s (%s)\n", seedsThousands(len(d.Schools)), source)

	// One row per département, one column per type present.
	type key struct{ dept, typ string }
	count := map[key]int{}
	deptName := map[string]string{}
	present := map[string]bool{}
	for _, s := range d.Schools {
		count[key{s.DeptCode, s.Type}]++
		deptName[s.DeptCode] = s.DeptName
		present[s.Type] = true
	}
	var types []string
	for _, t := range seeds.Types {
		if present[t] {
			types = append(types, t)
		}
	}
	depts := make([]string, 0, len(deptName))
	for c := range deptName {
		depts = append(depts, c)
	}
	slices.Sort(depts)
	labelW := len([]rune("Département"))
	for _, c := range depts {
		labelW = max(labelW, len([]rune(c+" "+deptName[c])))
	}
	cell := func(s string, width int) string { return strings.Repeat(" ", max(0, width-len([]rune(s)))) + s }
	row := func(label string, cells []string) {
		line := "  " + label + strings.Repeat(" ", labelW-len([]rune(label)))
		for i, c := range cells {
			width := len("Total")
			if i < len(types) {
				width = len([]rune(types[i]))
			}
			line += "  " + cell(c, max(width, 4))
		}
		fmt.Fprintln(w, line)
	}
	row("Département", append(slices.Clone(types), "Total"))
	totals := make([]int, len(types)+1)
	for _, c := range depts {
		var cells []string
		sum := 0
		for i, t := range types {
			n := count[key{c, t}]
			sum += n
			totals[i] += n
			cells = append(cells, strconv.Itoa(n))
		}
		totals[len(types)] += sum
		row(c+" "+deptName[c], append(cells, strconv.Itoa(sum)))
	}
	if len(depts) > 1 {
		var cells []string
		for _, n := range totals {
			cells = append(cells, strconv.Itoa(n))
		}
		row("Total", cells)
	}

	pupils := map[string]int{}
	staffYears := map[string]bool{}
	for _, s := range d.Schools {
		for y := range s.Pupils {
			n, _ := s.PupilsAt(y)
			pupils[y] += n
		}
		for y := range s.Teachers {
			staffYears[y] = true
		}
	}
	var parts []string
	for _, y := range seedsSortedYears(pupils) {
		parts = append(parts, fmt.Sprintf("%s (%s élèves)", y, seedsThousands(pupils[y])))
	}
	fmt.Fprintln(w, "Effectifs par niveau : "+seedsOrNone(parts))
	fmt.Fprintln(w, "Personnels : "+seedsOrNone(seedsSortedYears(staffYears)))
	calYears := map[string]bool{}
	for _, ev := range d.Calendar {
		calYears[ev.SchoolYear] = true
	}
	fmt.Fprintln(w, "Calendrier (vacances, certification Pix) : "+seedsOrNone(seedsSortedYears(calYears)))
	fmt.Fprintf(w, "Règles classe → niveau : %d ; compétences Pix : %d ; niveaux Pix : %d\n",
		len(d.LevelRules), len(d.Competences), len(d.PixLevels))
}

func seedsSortedYears[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for y := range m {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

func seedsOrNone(parts []string) string {
	if len(parts) == 0 {
		return "aucune année"
	}
	return strings.Join(parts, ", ")
}

// seedsThousands writes n the French way: 43 210.
func seedsThousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
