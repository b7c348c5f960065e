//go:build ignore

// gen_sample writes the SAMPLE reference data of the académie de Limoges:
// etablissements.csv, effectifs.csv and personnels.csv. Names and communes are
// realistic, UAI numbers and headcounts are invented (check letters computed
// with seeds.UAICheckLetter, never typed). Deterministic: rerunning it gives
// the same bytes. Run from this directory: go run gen_sample.go
package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"

	"filmnum/seeds"
)

type spec struct {
	name, commune, typ string
	pupils             int // 2025-2026 total
	digits             int // fixed UAI number (0 = allocate)
}

var depts = []struct {
	code, name string
	lycees     []spec
	colleges   []spec
}{
	{"19", "Corrèze",
		[]spec{
			{"Lycée Edmond Perrier", "Tulle", "LGT", 910, 0},
			{"Lycée René Cassin", "Tulle", "LP", 280, 0},
			{"Lycée d'Arsonval", "Brive-la-Gaillarde", "LGT", 1380, 0},
			{"Lycée Georges Cabanis", "Brive-la-Gaillarde", "LPO", 1020, 0},
			{"Lycée Danton", "Brive-la-Gaillarde", "LPO", 820, 0},
			{"Lycée Lavoisier", "Brive-la-Gaillarde", "LP", 320, 0},
			{"Lycée Simone Veil", "Brive-la-Gaillarde", "LP", 240, 0},
			{"Lycée Bernard de Ventadour", "Ussel", "LPO", 590, 0},
			{"Lycée Pierre Caraminot", "Égletons", "LP", 210, 0},
			{"Lycée Marcel Barbanceys", "Neuvic", "LP", 175, 0},
			{"Lycée Bort-Artense", "Bort-les-Orgues", "LPO", 265, 0},
		},
		[]spec{
			{"Collège Clemenceau", "Tulle", "Collège", 560, 0},
			{"Collège Victor Hugo", "Tulle", "Collège", 430, 0},
			{"Collège Cabanis", "Brive-la-Gaillarde", "Collège", 610, 0},
			{"Collège Jean Lurçat", "Brive-la-Gaillarde", "Collège", 520, 0},
			{"Collège Maurice Rollinat", "Brive-la-Gaillarde", "Collège", 470, 0},
			{"Collège Jean Moulin", "Brive-la-Gaillarde", "Collège", 450, 0},
			{"Collège d'Arsonval", "Brive-la-Gaillarde", "Collège", 580, 0},
			{"Collège Jacques Prévert", "Malemort", "Collège", 500, 0},
			{"Collège Anna de Noailles", "Saint-Pantaléon-de-Larche", "Collège", 380, 0},
			{"Collège Voltaire", "Ussel", "Collège", 440, 0},
			{"Collège Marmontel", "Bort-les-Orgues", "Collège", 220, 0},
			{"Collège Les Trois Vallées", "Argentat-sur-Dordogne", "Collège", 260, 0},
			{"Collège Albert Thomas", "Égletons", "Collège", 330, 0},
			{"Collège Louis Pasteur", "Meymac", "Collège", 160, 0},
			{"Collège Bernart de Ventadour", "Objat", "Collège", 420, 0},
			{"Collège Simone Veil", "Allassac", "Collège", 300, 0},
			{"Collège Jean Jaurès", "Juillac", "Collège", 180, 0},
			{"Collège Rosa Bonheur", "Meyssac", "Collège", 190, 0},
			{"Collège Les Rives de Dordogne", "Beaulieu-sur-Dordogne", "Collège", 170, 0},
			{"Collège Gaucelm Faidit", "Uzerche", "Collège", 280, 0},
			{"Collège Lakanal", "Treignac", "Collège", 150, 0},
			{"Collège Lucie Aubrac", "Seilhac", "Collège", 240, 0},
			{"Collège Jean Monnet", "Lubersac", "Collège", 260, 0},
			{"Collège Henri Queuille", "Neuvic", "Collège", 200, 0},
			{"Collège de la Xaintrie", "Saint-Privat", "Collège", 95, 0},
		}},
	{"23", "Creuse",
		[]spec{
			{"Lycée Pierre Bourdan", "Guéret", "LGT", 860, 0},
			{"Lycée Jean Favard", "Guéret", "LP", 300, 0},
			{"Lycée Eugène Jamot", "Aubusson", "LPO", 450, 0},
			{"Lycée Raymond Loewy", "La Souterraine", "LPO", 520, 0},
			{"Lycée des Métiers du Bâtiment", "Felletin", "LP", 330, 0},
			{"Lycée Delphine Gay", "Bourganeuf", "LP", 160, 0},
			{"Lycée Louis Gaston Roussillat", "Saint-Vaury", "LP", 200, 0},
		},
		[]spec{
			{"Collège Jules Marouzeau", "Guéret", "Collège", 560, 0},
			{"Collège Martin Nadaud", "Guéret", "Collège", 420, 0},
			{"Collège Eugène Jamot", "Aubusson", "Collège", 330, 0},
			{"Collège Joseph Lazare", "La Souterraine", "Collège", 480, 0},
			{"Collège Louis Durand", "Saint-Vaury", "Collège", 210, 0},
			{"Collège Jean Picart Le Doux", "Bourganeuf", "Collège", 230, 0},
			{"Collège Jean Jaurès", "Boussac", "Collège", 170, 0},
			{"Collège Jacques Grancher", "Felletin", "Collège", 150, 0},
			{"Collège Marc Bloch", "Évaux-les-Bains", "Collège", 120, 0},
			{"Collège Simone Signoret", "Chambon-sur-Voueize", "Collège", 110, 0},
			{"Collège Léon Faure", "Auzances", "Collège", 130, 0},
			{"Collège Jean Zay", "Bonnat", "Collège", 140, 0},
			{"Collège Benjamin Bord", "Dun-le-Palestel", "Collège", 180, 0},
			{"Collège Marcel Gauthier", "Bénévent-l'Abbaye", "Collège", 110, 0},
			{"Collège du Plateau", "Royère-de-Vassivière", "Collège", 77, 0},
			{"Collège Jules Ferry", "Ahun", "Collège", 150, 0},
			{"Collège Pierre d'Aubusson", "Gouzon", "Collège", 190, 0},
			{"Collège George Sand", "Chénérailles", "Collège", 130, 0},
		}},
	{"87", "Haute-Vienne",
		[]spec{
			{"Lycée Gay-Lussac", "Limoges", "LGT", 1290, 870015},
			{"Lycée Léonard Limosin", "Limoges", "LGT", 890, 0},
			{"Lycée Auguste Renoir", "Limoges", "LGT", 740, 0},
			{"Lycée Suzanne Valadon", "Limoges", "LGT", 1040, 0},
			{"Lycée Turgot", "Limoges", "LPO", 1150, 0},
			{"Lycée Raoul Dautry", "Limoges", "LPO", 1240, 0},
			{"Lycée Antoine de Saint-Exupéry", "Limoges", "LPO", 690, 0},
			{"Lycée Maryse Bastié", "Limoges", "LP", 380, 0},
			{"Lycée Beaupeyrat", "Limoges", "LP", 260, 0},
			{"Lycée Le Mas Jambost", "Limoges", "LP", 310, 0},
			{"Lycée Marcel Pagnol", "Limoges", "LP", 230, 0},
			{"Lycée Darnet", "Saint-Yrieix-la-Perche", "LPO", 480, 0},
			{"Lycée Jean Giraudoux", "Bellac", "LPO", 320, 0},
			{"Cité scolaire Paul Éluard", "Saint-Junien", "Cité scolaire", 1180, 0},
			{"Lycée Édouard Vaillant", "Saint-Junien", "LP", 260, 0},
			{"Lycée Maurice Utrillo", "Saint-Léonard-de-Noblat", "LP", 190, 0},
		},
		[]spec{
			{"Collège Maupassant", "Limoges", "Collège", 520, 0},
			{"Collège Léonard Limosin", "Limoges", "Collège", 610, 0},
			{"Collège Albert Calmette", "Limoges", "Collège", 450, 0},
			{"Collège Pierre Donzelot", "Limoges", "Collège", 390, 0},
			{"Collège Anatole France", "Limoges", "Collège", 470, 0},
			{"Collège André Maurois", "Limoges", "Collège", 430, 0},
			{"Collège Léon Blum", "Limoges", "Collège", 350, 0},
			{"Collège Pierre de Ronsard", "Limoges", "Collège", 480, 0},
			{"Collège Firmin Roz", "Limoges", "Collège", 500, 0},
			{"Collège Auguste Renoir", "Limoges", "Collège", 420, 0},
			{"Collège Jean Moulin", "Limoges", "Collège", 460, 0},
			{"Collège Louise Michel", "Saint-Junien", "Collège", 480, 0},
			{"Collège Paul Langevin", "Saint-Junien", "Collège", 420, 0},
			{"Collège Arsène Bonneaud", "Saint-Yrieix-la-Perche", "Collège", 450, 0},
			{"Collège Louis Jouvet", "Bellac", "Collège", 330, 0},
			{"Collège Fernand Lagrange", "Saint-Léonard-de-Noblat", "Collège", 330, 0},
			{"Collège Joliot-Curie", "Panazol", "Collège", 540, 0},
			{"Collège Maurice Genevoix", "Couzeix", "Collège", 560, 0},
			{"Collège Jean Rebier", "Isle", "Collège", 500, 0},
			{"Collège Georges Brassens", "Le Palais-sur-Vienne", "Collège", 400, 0},
			{"Collège Jules Verne", "Aixe-sur-Vienne", "Collège", 450, 0},
			{"Collège Charles Silvestre", "Ambazac", "Collège", 420, 0},
			{"Collège Suzanne Valadon", "Bessines-sur-Gartempe", "Collège", 260, 0},
			{"Collège Pierre Loti", "Châteauneuf-la-Forêt", "Collège", 180, 0},
			{"Collège Jacques Vergnes", "Eymoutiers", "Collège", 160, 0},
			{"Collège Marcel Pagnol", "Nexon", "Collège", 380, 0},
			{"Collège Georges Guingouin", "Rochechouart", "Collège", 240, 0},
			{"Collège Louis Aragon", "Saint-Sulpice-les-Feuilles", "Collège", 140, 0},
			{"Collège Jean Ferrat", "Magnac-Laval", "Collège", 200, 0},
			{"Collège Bernard Palissy", "Le Dorat", "Collège", 220, 0},
			{"Collège Jean Giono", "Saint-Mathieu", "Collège", 130, 0},
			{"Collège Richard Cœur de Lion", "Châlus", "Collège", 170, 0},
			{"Collège Gérard Philipe", "Saint-Laurent-sur-Gorre", "Collège", 190, 0},
			{"Collège Ferdinand Buisson", "Pierre-Buffière", "Collège", 300, 0},
		}},
}

var rng = rand.New(rand.NewPCG(2025, 22))

// jitter returns x scaled by a random factor in [1-r, 1+r].
func jitter(x float64, r float64) float64 { return x * (1 - r + 2*r*rng.Float64()) }

// split distributes total over levels by weights, with some noise.
func split(total float64, levels []string, weights []float64, out map[string]int) {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	for i, l := range levels {
		out[l] += int(math.Round(jitter(total*weights[i]/sum, 0.06)))
	}
}

func levelsFor(typ string, total int) map[string]int {
	t := float64(total)
	m := map[string]int{}
	college := []string{"6e", "5e", "4e", "3e"}
	gt := []string{"2nde", "1re", "Tle"}
	pro := []string{"2nde pro", "1re pro", "Tle pro"}
	switch typ {
	case "Collège":
		split(t, college, []float64{1, 1, 1, 1}, m)
	case "LGT":
		split(t, gt, []float64{36, 33, 31}, m)
	case "LPO":
		g := 0.6 + 0.2*rng.Float64()
		split(t*g, gt, []float64{36, 33, 31}, m)
		if rng.IntN(10) < 4 {
			split(t*(1-g), append([]string{"CAP1", "CAP2"}, pro...), []float64{9, 8, 29, 28, 26}, m)
		} else {
			split(t*(1-g), pro, []float64{35, 33, 32}, m)
		}
	case "LP":
		if rng.IntN(3) == 0 { // 3e prépa-métiers, one class
			m["3e"] = 20 + rng.IntN(8)
			t -= float64(m["3e"])
		}
		split(t, append([]string{"CAP1", "CAP2"}, pro...), []float64{14, 12, 27, 24, 23}, m)
	case "Cité scolaire":
		split(t*0.45, college, []float64{1, 1, 1, 1}, m)
		split(t*0.40, gt, []float64{36, 33, 31}, m)
		split(t*0.15, pro, []float64{35, 33, 32}, m)
	}
	return m
}

func staffFor(typ string, total int) (teachers, staff int) {
	t := float64(total)
	var tr float64
	switch typ {
	case "Collège":
		tr = t/13.5 + 4
	case "LGT", "LPO", "Cité scolaire":
		tr = t/11.5 + 5
	case "LP", "EREA":
		tr = t/7.5 + 6
	}
	teachers = int(math.Round(jitter(tr, 0.05)))
	staff = teachers + int(math.Round(8+t/55+float64(rng.IntN(4))))
	return
}

func uai(digits int) string {
	s := fmt.Sprintf("%07d", digits)
	c, err := seeds.UAICheckLetter(s)
	if err != nil {
		panic(err)
	}
	return s + string(c)
}

func comparison(typ string) string {
	switch typ {
	case "Collège":
		return "college"
	case "LP", "EREA":
		return "lp"
	}
	return "lycee"
}

func create(name string) (*os.File, *bufio.Writer) {
	f, err := os.Create(name)
	if err != nil {
		panic(err)
	}
	return f, bufio.NewWriter(f)
}

func closeFile(f *os.File, w *bufio.Writer) {
	if err := w.Flush(); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func main() {
	ef, e := create("etablissements.csv")
	cf, c := create("effectifs.csv")
	pf, p := create("personnels.csv")
	fmt.Fprintln(e, "uai;nom;type;type_comparaison;secteur;departement_code;departement;commune;academie_code;academie")
	fmt.Fprintln(c, "uai;annee_scolaire;niveau;eleves")
	fmt.Fprintln(p, "uai;annee_scolaire;enseignants;personnels")
	order := map[string]int{}
	for i, l := range seeds.Levels {
		order[l] = i
	}
	for _, d := range depts {
		prefix := 0
		fmt.Sscanf(d.code, "%d", &prefix)
		base := prefix * 10000
		next := base + 1
		all := []spec{}
		used := map[int]bool{}
		for _, s := range d.lycees {
			used[s.digits] = true
		}
		for _, s := range d.lycees {
			if s.digits == 0 {
				for used[next] {
					next++
				}
				s.digits = next
				used[next] = true
				next += 1 + rng.IntN(4)
			}
			all = append(all, s)
		}
		next = base + 550
		for _, s := range d.colleges {
			s.digits = next
			next += 3 + rng.IntN(7)
			all = append(all, s)
		}
		for _, s := range all {
			u := uai(s.digits)
			fmt.Fprintf(e, "%s;%s;%s;%s;Public;%s;%s;%s;22;Limoges\n", u, s.name, s.typ, comparison(s.typ), d.code, d.name, s.commune)
			cur := levelsFor(s.typ, s.pupils)
			levels := make([]string, 0, len(cur))
			for l := range cur {
				levels = append(levels, l)
			}
			sort.Slice(levels, func(i, j int) bool { return order[levels[i]] < order[levels[j]] })
			prev := map[string]int{}
			for _, l := range levels {
				prev[l] = int(math.Round(jitter(float64(cur[l]), 0.05)))
			}
			t1, s1 := staffFor(s.typ, s.pupils)
			t0, s0 := t1+rng.IntN(5)-2, s1+rng.IntN(5)-2
			for _, y := range []struct {
				year   string
				counts map[string]int
				t, s   int
			}{{"2024-2025", prev, t0, s0}, {"2025-2026", cur, t1, s1}} {
				for _, l := range levels {
					fmt.Fprintf(c, "%s;%s;%s;%d\n", u, y.year, l, y.counts[l])
				}
				fmt.Fprintf(p, "%s;%s;%d;%d\n", u, y.year, y.t, y.s)
			}
		}
	}
	closeFile(ef, e)
	closeFile(cf, c)
	closeFile(pf, p)
}
