package queries

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// Every embedded indicator file has a well-formed header that agrees with
// its file name and creates its table.
func TestEmbeddedHeaders(t *testing.T) {
	files, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	families := 0
	for _, f := range files {
		if f.Stage != Indicators {
			continue
		}
		families++
		h, err := ParseHeader(f.Name, f.SQL)
		if err != nil {
			t.Errorf("%s : %v", f.Path(), err)
			continue
		}
		for _, id := range h.Indicators {
			if other, dup := seen[id]; dup {
				t.Errorf("indicateur %s déclaré dans %s et %s", id, other, f.Name)
			}
			seen[id] = f.Name
			// The SQL must produce each declared id.
			if !strings.Contains(f.SQL, "'"+id+"'") {
				t.Errorf("%s : l'indicateur %s est déclaré mais jamais produit", f.Name, id)
			}
		}
	}
	if families != 7 {
		t.Errorf("%d familles d'indicateurs, attendu 7", families)
	}
}

// Every indicator id written in the SQL of a file is declared in its header.
func TestProducedIDsDeclared(t *testing.T) {
	files, err := Load(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	idRe := regexp.MustCompile(`'([a-z0-9]+_[a-z0-9_]+)'\s*(?:AS indicateur|,)`)
	for _, f := range files {
		if f.Stage != Indicators {
			continue
		}
		h, err := ParseHeader(f.Name, f.SQL)
		if err != nil {
			continue // reported by TestEmbeddedHeaders
		}
		prefix := strings.SplitN(h.Indicators[0], "_", 2)[0] + "_"
		for _, m := range idRe.FindAllStringSubmatch(f.SQL, -1) {
			if strings.HasPrefix(m[1], prefix) && !h.Has(m[1]) {
				t.Errorf("%s produit %s sans le déclarer", f.Name, m[1])
			}
		}
	}
}

const goodHeader = `-- name: ent
-- title: Connexions à l'ENT
-- grain: school x year
--   x profile
-- indicators: ent_connexion, ent_activation
-- definition: visitors ÷ accounts
-- sources: raw_ent_stats

CREATE OR REPLACE TABLE ind_ent AS SELECT 1;
`

func TestParseHeader(t *testing.T) {
	h, err := ParseHeader("ent.sql", goodHeader)
	if err != nil {
		t.Fatal(err)
	}
	if h.Name != "ent" || h.Title != "Connexions à l'ENT" || h.Grain != "school x year x profile" ||
		strings.Join(h.Indicators, "|") != "ent_connexion|ent_activation" || h.Table() != "ind_ent" {
		t.Errorf("en-tête mal lu : %+v", h)
	}
	bad := map[string]struct{ file, text, want string }{
		"absent":        {"ent.sql", "CREATE OR REPLACE TABLE ind_ent AS SELECT 1;", "en-tête absent"},
		"nom différent": {"gar.sql", strings.Replace(goodHeader, "ind_ent", "ind_gar", 1), "« name: ent » mais le fichier s'appelle gar.sql"},
		"clé manquante": {"ent.sql", strings.Replace(goodHeader, "-- sources: raw_ent_stats\n", "", 1), "« sources » absente"},
		"clé vide":      {"ent.sql", strings.Replace(goodHeader, "-- title: Connexions à l'ENT", "-- title:", 1), "« title » vide"},
		"clé inconnue":  {"ent.sql", strings.Replace(goodHeader, "-- grain:", "-- grains:", 1), "clé d'en-tête inconnue"},
		"mal formé":     {"ent.sql", strings.Replace(goodHeader, "-- grain: school x year", "-- school x year", 1), "mal formé"},
		"répétée":       {"ent.sql", strings.Replace(goodHeader, "-- sources: raw_ent_stats", "-- sources: a\n-- sources: b", 1), "répétée"},
		"désordre": {"ent.sql", "-- title: T\n-- name: ent\n-- grain: g\n-- indicators: ent_a\n-- definition: d\n-- sources: s\nCREATE OR REPLACE TABLE ind_ent AS SELECT 1;",
			"dans l'ordre"},
		"id invalide": {"ent.sql", strings.Replace(goodHeader, "ent_activation", "Ent-Activation", 1), "identifiant d'indicateur"},
		"sans table":  {"ent.sql", strings.Replace(goodHeader, "ind_ent", "ind_autre", 1), "doit créer la table ind_ent"},
	}
	for name, c := range bad {
		_, err := ParseHeader(c.file, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s : erreur %v, attendu « %s »", name, err, c.want)
		}
	}
}

func TestLoadRefusesPartialFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"staging/01.sql":      {Data: []byte("SELECT 1;")},
		"indicateurs/ent.sql": {Data: []byte(goodHeader)},
		"checks/a.sql":        {Data: []byte("SELECT 1 WHERE false")},
	}
	if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), "comparaisons") {
		t.Errorf("dossier sans comparaisons accepté : %v", err)
	}
	fsys["comparaisons/valeurs.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	files, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range files {
		order = append(order, f.Path())
	}
	if strings.Join(order, " ") != "staging/01.sql indicateurs/ent.sql comparaisons/valeurs.sql checks/a.sql" {
		t.Errorf("ordre d'exécution : %v", order)
	}
}
