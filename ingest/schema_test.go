package ingest

import (
	"context"
	"testing"

	"filmnum/internal/duck"
)

// raw_fichiers declares no key (schema.sql says why). A database made by an
// earlier version, whose raw_fichiers has a PRIMARY KEY and a UNIQUE sha256,
// gets the table rebuilt without them: its rows, a view over it and the
// pseudonyms' key unchanged; a second EnsureSchema changes nothing.
func TestEnsureSchemaDropsFileKeys(t *testing.T) {
	ctx := context.Background()
	keys := func(db *duck.DB) string {
		t.Helper()
		got, err := db.QueryStrings(ctx, `SELECT count(*)::VARCHAR FROM duckdb_constraints()
			WHERE table_name = 'raw_fichiers' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`)
		if err != nil || len(got) != 1 {
			t.Fatalf("duckdb_constraints() : %q, %v", got, err)
		}
		return got[0]
	}

	fresh := testDB(t)
	if err := EnsureSchema(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if n := keys(fresh); n != "0" {
		t.Errorf("base neuve : %s clés déclarées sur raw_fichiers, attendu 0", n)
	}

	db := testDB(t)
	// raw_fichiers as schema.sql declared it before, with two files.
	if err := db.Exec(ctx, `CREATE TABLE raw_fichiers (
		fichier_id INTEGER PRIMARY KEY, nom VARCHAR NOT NULL, chemin VARCHAR NOT NULL,
		sha256 VARCHAR NOT NULL UNIQUE, taille BIGINT NOT NULL, type_export VARCHAR NOT NULL,
		libelle_type VARCHAR NOT NULL, encodage VARCHAR NOT NULL, uai VARCHAR, uai_source VARCHAR,
		annee_scolaire VARCHAR, cle_export VARCHAR, date_export TIMESTAMP, lignes_lues BIGINT NOT NULL,
		lignes_chargees BIGINT NOT NULL, lignes_rejetees BIGINT NOT NULL,
		lignes_remplacees BIGINT NOT NULL DEFAULT 0, remplace_par INTEGER,
		charge_le TIMESTAMPTZ NOT NULL, duree_ms BIGINT NOT NULL, avertissements VARCHAR);
		INSERT INTO raw_fichiers (fichier_id, nom, chemin, sha256, taille, type_export, libelle_type, encodage,
			uai, lignes_lues, lignes_chargees, lignes_rejetees, lignes_remplacees, remplace_par, charge_le, duree_ms)
		VALUES (1, 'a.csv', 'x/a.csv', 'aa', 10, 'ent_stats', 'ENT', 'UTF-8', '0870015U', 3, 2, 1, 2, 2, TIMESTAMPTZ '2026-01-05 10:00:00+01', 7),
		       (2, 'b.csv', 'x/b.csv', 'bb', 20, 'ent_stats', 'ENT', 'Windows-1252', NULL, 4, 4, 0, 0, NULL, TIMESTAMPTZ '2026-01-06 10:00:00+01', 8);
		CREATE VIEW vue_fichiers AS SELECT fichier_id, sha256 FROM raw_fichiers`); err != nil {
		t.Fatal(err)
	}
	if n := keys(db); n != "2" {
		t.Fatalf("table de départ : %s clés, attendu 2", n)
	}
	const rows = `SELECT concat_ws('|', fichier_id, nom, chemin, sha256, taille, encodage, uai, lignes_lues,
		lignes_chargees, lignes_rejetees, lignes_remplacees, remplace_par, charge_le, duree_ms)
		FROM raw_fichiers ORDER BY fichier_id`
	before, err := db.QueryStrings(ctx, rows)
	if err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 2; round++ {
		if err := EnsureSchema(ctx, db); err != nil {
			t.Fatalf("EnsureSchema n°%d : %v", round, err)
		}
		if n := keys(db); n != "0" {
			t.Errorf("après EnsureSchema n°%d : %s clés sur raw_fichiers, attendu 0", round, n)
		}
		after, err := db.QueryStrings(ctx, rows)
		if err != nil || len(after) != 2 || after[0] != before[0] || after[1] != before[1] {
			t.Errorf("après EnsureSchema n°%d : lignes %q, attendu %q (%v)", round, after, before, err)
		}
		if got, err := db.QueryStrings(ctx, "SELECT string_agg(sha256, ',' ORDER BY fichier_id) FROM vue_fichiers"); err != nil || len(got) != 1 || got[0] != "aa,bb" {
			t.Errorf("vue sur raw_fichiers après EnsureSchema n°%d : %q, %v", round, got, err)
		}
	}
	if got, err := db.QueryStrings(ctx, "SELECT count(*)::VARCHAR FROM duckdb_tables() WHERE table_name = '_raw_fichiers_cles'"); err != nil || got[0] != "0" {
		t.Errorf("table intermédiaire restée : %q, %v", got, err)
	}
	if got, err := db.QueryStrings(ctx, "SELECT count(*)::VARCHAR FROM raw_cle"); err != nil || got[0] != "1" {
		t.Errorf("clé des pseudonymes : %q, %v", got, err)
	}
}
