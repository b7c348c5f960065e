package seeds

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

func openTestDB(t *testing.T) *duck.DB {
	t.Helper()
	db, err := duck.Open(context.Background(), filepath.Join(t.TempDir(), "t.duckdb"), duck.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// tableCounts returns "table=rows" for every seed_ table.
func tableCounts(t *testing.T, db *duck.DB) []string {
	t.Helper()
	var out []string
	for _, tb := range seedTables {
		got, err := db.QueryStrings(context.Background(), "SELECT '"+tb.name+"=' || count(*) FROM "+tb.name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got...)
	}
	return out
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	// Twice: Load replaces, it never appends.
	for range 2 {
		if err := Load(ctx, db, Embedded()); err != nil {
			t.Fatal(err)
		}
	}
	// 111 schools; effectifs.csv and personnels.csv data rows (wc -l minus header).
	want := []string{"seed_etablissements=111", "seed_effectifs=990", "seed_personnels=222", "seed_niveaux_classes=16",
		"seed_calendrier=20", "seed_competences=16", "seed_niveaux_pix=8"}
	if got := tableCounts(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	got, err := db.QueryStrings(ctx, `SELECT concat_ws('|', e.nom, e.type, e.type_comparaison, e.departement_code, e.departement, e.commune, e.academie_code,
			(SELECT sum(eleves) FROM seed_effectifs f WHERE f.uai = e.uai AND f.annee_scolaire = '2025-2026'),
			(SELECT enseignants < personnels FROM seed_personnels p WHERE p.uai = e.uai AND p.annee_scolaire = '2025-2026'))
		FROM seed_etablissements e WHERE e.uai = '0230648E'`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Collège du Plateau|Collège|college|23|Creuse|Royère-de-Vassivière|22|78|true"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Collège du Plateau : %v", got)
	}
	got, err = db.QueryStrings(ctx, `SELECT strftime(debut, '%Y-%m-%d') || '→' || strftime(fin, '%Y-%m-%d') FROM seed_calendrier
		WHERE annee_scolaire = '2025-2026' AND evenement = 'certification' ORDER BY debut`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2025-11-03→2026-03-06", "2026-03-16→2026-06-13"}; !reflect.DeepEqual(got, want) {
		t.Errorf("certification : %v", got)
	}
	got, err = db.QueryStrings(ctx, `SELECT niveau FROM seed_niveaux_pix WHERE 700 BETWEEN score_min AND score_max`)
	if err != nil || !reflect.DeepEqual(got, []string{"Avancé 2"}) {
		t.Errorf("700 pix : %v %v", got, err)
	}
}

func TestLoadIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if err := Load(ctx, db, Embedded()); err != nil {
		t.Fatal(err)
	}
	before := tableCounts(t, db)

	// Files with a problem: refused before anything is written.
	bad := withFiles(t, map[string]string{FileCompetences: "code;libelle;domaine_code;domaine\n9;x;9;y\n"})
	err := Load(ctx, db, bad)
	if err == nil || !strings.Contains(err.Error(), "competences.csv:2: colonne « code » : code de compétence « 9 » invalide") {
		t.Errorf("Load : %v", err)
	}
	// A failure in the middle of the writes (duplicate key in the last
	// table, after the others were replaced) rolls everything back.
	d, err := Read(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	d.Schools = d.Schools[:1]
	d.PixLevels = append(d.PixLevels, d.PixLevels[0])
	err = d.Load(ctx, db)
	if err == nil || !strings.HasPrefix(err.Error(), "écriture de seed_niveaux_pix (depuis niveaux_pix.csv) : ") {
		t.Errorf("Load : %v", err)
	}
	if after := tableCounts(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("après l'échec : %v\navant : %v", after, before)
	}
	// The connection is usable again (no transaction left open).
	if err := Load(ctx, db, Embedded()); err != nil {
		t.Fatal(err)
	}
}
