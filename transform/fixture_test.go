package transform

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"filmnum/internal/duck"
)

// fixture is a temporary DuckDB database with the raw schema of ingest (read
// from ingest/schema.sql, so the tests follow the contract), seed_ tables as
// ARCHITECTURE.md describes them, and helpers to insert rows and read
// indicator values.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	db    *duck.DB
	files int
}

// Schools of the fixtures (valid check letters):
//
//	0870001D  collège, Haute-Vienne (87)
//	0870002E  collège, Haute-Vienne (87)
//	0870003F  lycée (LGT), Haute-Vienne (87)
//	0870004G  LP, Haute-Vienne (87)
//	0190001Y  lycée (LGT), Corrèze (19)
//	0870005H  collège, Haute-Vienne (87)
const (
	col1 = "0870001D"
	col2 = "0870002E"
	lyc1 = "0870003F"
	lp1  = "0870004G"
	lyc2 = "0190001Y"
	col3 = "0870005H"
)

const seedSQL = `
CREATE TABLE seed_etablissements (uai VARCHAR, nom VARCHAR, type VARCHAR, type_comparaison VARCHAR,
    secteur VARCHAR, departement_code VARCHAR, departement VARCHAR, commune VARCHAR,
    academie_code VARCHAR, academie VARCHAR);
INSERT INTO seed_etablissements VALUES
 ('0870001D', 'Collège Un', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
 ('0870002E', 'Collège Deux', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
 ('0870003F', 'Lycée Trois', 'LGT', 'lycee', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
 ('0870004G', 'LP Quatre', 'LP', 'lp', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
 ('0190001Y', 'Lycée Corrézien', 'LGT', 'lycee', 'Public', '19', 'Corrèze', 'Tulle', '22', 'Limoges'),
 ('0870005H', 'Collège Cinq', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges');
CREATE TABLE seed_effectifs (uai VARCHAR, annee_scolaire VARCHAR, niveau VARCHAR, eleves INTEGER);
CREATE TABLE seed_personnels (uai VARCHAR, annee_scolaire VARCHAR, enseignants INTEGER, personnels INTEGER);
CREATE TABLE seed_niveaux_classes (ordre INTEGER, motif VARCHAR, niveau VARCHAR, exemple VARCHAR);
INSERT INTO seed_niveaux_classes VALUES
 (10, '^1CAP', 'CAP1', '1CAP ECMS'),
 (11, '^2CAP', 'CAP2', '2CAP MELEC'),
 (12, '^2(BAC|PRO)', '2nde pro', '2BAC MELEC'),
 (13, '^1(BAC|PRO)', '1re pro', '1PRO AGORA'),
 (14, '^T(BAC|PRO|BP)', 'Tle pro', 'TBP MELEC'),
 (20, '^6', '6e', '6E2'),
 (21, '^5', '5e', '5A'),
 (22, '^4', '4e', '4A'),
 (23, '^3', '3e', '3EME B'),
 (24, '^2', '2nde', '2NDE3'),
 (25, '^1', '1re', '1STMG1'),
 (26, '^T', 'Tle', 'TG2');
CREATE TABLE seed_niveaux_pix (ordre INTEGER, niveau VARCHAR, score_min INTEGER, score_max INTEGER);
INSERT INTO seed_niveaux_pix VALUES
 (1, 'Novice 1', 64, 127), (2, 'Novice 2', 128, 255), (3, 'Indépendant 1', 256, 383),
 (4, 'Indépendant 2', 384, 511), (5, 'Avancé 1', 512, 639), (6, 'Avancé 2', 640, 767),
 (7, 'Expert 1', 768, 895), (8, 'Expert 2', 896, 1024);
CREATE TABLE seed_competences (code VARCHAR, libelle VARCHAR, domaine_code VARCHAR, domaine VARCHAR);
CREATE TABLE seed_calendrier (annee_scolaire VARCHAR, evenement VARCHAR, public VARCHAR, debut DATE, fin DATE, libelle VARCHAR);
`

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureAt(t, "test.duckdb")
}

// newFixtureAt opens the fixture database under that file name (its DuckDB
// catalog name is the name without extension).
func newFixtureAt(t *testing.T, name string) *fixture {
	t.Helper()
	schema, err := os.ReadFile("../ingest/schema.sql")
	if err != nil {
		t.Fatalf("lecture du schéma raw : %v", err)
	}
	ctx := context.Background()
	db, err := duck.Open(ctx, filepath.Join(t.TempDir(), name), duck.Options{Threads: 2, MemoryLimit: "500MB"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, ctx: ctx, db: db}
	f.exec(string(schema))
	f.exec(seedSQL)
	return f
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if err := f.db.Exec(f.ctx, q, args...); err != nil {
		f.t.Fatalf("%v\n%s", err, q)
	}
}

// file registers one ingested file and returns its id; later files are newer.
func (f *fixture) file(kind, uai, annee string) int {
	f.t.Helper()
	f.files++
	id := f.files
	var u any
	if uai != "" {
		u = uai
	}
	f.exec(`INSERT INTO raw_fichiers (fichier_id, nom, chemin, sha256, taille, type_export, libelle_type, encodage,
		uai, annee_scolaire, date_export, lignes_lues, lignes_chargees, lignes_rejetees, charge_le, duree_ms)
		VALUES ($1, $2, $2, $3, 1, $4, $4, 'UTF-8', $5, $6, TIMESTAMP '2025-09-01' + to_days($1::INTEGER), 1, 1, 0, now(), 1)`,
		id, "f"+strconv.Itoa(id)+".csv", "sha"+strconv.Itoa(id), kind, u, annee)
	return id
}

func (f *fixture) run() *Result {
	f.t.Helper()
	res, err := Run(f.ctx, f.db, Options{KeepWorkTables: true})
	if err != nil {
		f.t.Fatalf("transform : %v", err)
	}
	return res
}

// val is one row of ind_valeurs.
type val struct {
	Num, Den, Val, N1, Ecart sql.NullFloat64
	Effectif                 sql.NullInt64
	Estimation, Masque       bool
	Unite                    string
}

func (f *fixture) get(ind, uai, annee, periode, dim string) (val, bool) {
	f.t.Helper()
	var v val
	err := f.db.Conn.QueryRowContext(f.ctx, `SELECT numerateur, denominateur, valeur, valeur_n1, ecart_n1_points,
		effectif, estimation, masque, unite FROM ind_valeurs
		WHERE indicateur = $1 AND uai = $2 AND annee_scolaire = $3 AND periode = $4 AND dimension = $5`,
		ind, uai, annee, periode, dim).Scan(&v.Num, &v.Den, &v.Val, &v.N1, &v.Ecart, &v.Effectif, &v.Estimation, &v.Masque, &v.Unite)
	if err == sql.ErrNoRows {
		return v, false
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return v, true
}

// must returns the row or fails the test.
func (f *fixture) must(ind, uai, annee, periode, dim string) val {
	f.t.Helper()
	v, ok := f.get(ind, uai, annee, periode, dim)
	if !ok {
		f.t.Fatalf("pas de valeur %s / %s / %s / %s / « %s »", ind, uai, annee, periode, dim)
	}
	return v
}

// absent fails the test when the row exists.
func (f *fixture) absent(ind, uai, annee, periode, dim string) {
	f.t.Helper()
	if v, ok := f.get(ind, uai, annee, periode, dim); ok {
		f.t.Fatalf("valeur inattendue %s / %s / %s / %s / « %s » : %+v", ind, uai, annee, periode, dim, v)
	}
}

const eps = 1e-9

// rate checks numerator, denominator and value (NaN want = NULL value).
func (f *fixture) rate(v val, num, den float64, want any) {
	f.t.Helper()
	if !v.Num.Valid || !v.Den.Valid || abs(v.Num.Float64-num) > eps || abs(v.Den.Float64-den) > eps {
		f.t.Errorf("numérateur / dénominateur = %v / %v, attendu %v / %v", v.Num, v.Den, num, den)
	}
	f.value(v, want)
}

// value checks the value; want nil means NULL.
func (f *fixture) value(v val, want any) {
	f.t.Helper()
	switch w := want.(type) {
	case nil:
		if v.Val.Valid {
			f.t.Errorf("valeur = %v, attendu NULL", v.Val.Float64)
		}
	case float64:
		if !v.Val.Valid || abs(v.Val.Float64-w) > 1e-9 {
			f.t.Errorf("valeur = %v, attendu %v", v.Val, w)
		}
	case int:
		if !v.Val.Valid || abs(v.Val.Float64-float64(w)) > 1e-9 {
			f.t.Errorf("valeur = %v, attendu %v", v.Val, w)
		}
	default:
		f.t.Fatalf("type attendu inconnu %T", want)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// count runs a count query.
func (f *fixture) count(q string, args ...any) int64 {
	f.t.Helper()
	var n int64
	if err := f.db.Conn.QueryRowContext(f.ctx, q, args...).Scan(&n); err != nil {
		f.t.Fatalf("%v\n%s", err, q)
	}
	return n
}
