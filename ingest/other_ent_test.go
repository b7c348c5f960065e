package ingest

import (
	"strings"
	"testing"
)

const entDir = "testdata/ent/"

const entRowsSQL = `SELECT rang, uai, coalesce(etablissement, 'NULL'), granularite, periode::VARCHAR, annee_scolaire,
	profil, profil_libelle, coalesce(comptes::VARCHAR, 'NULL'), coalesce(comptes_actives::VARCHAR, 'NULL'),
	coalesce(utilisateurs::VARCHAR, 'NULL'), coalesce(connexions::VARCHAR, 'NULL')
FROM raw_ent_stats ORDER BY fichier_id, rang`

// The Edifice export: BOM, every field quoted, ISO date-times, two schools
// (one absent from seeds/, loaded and flagged).
func TestENTEdifice(t *testing.T) {
	db := testDB(t)
	r := one(t, ingestFiles(t, db, Options{}, entDir+"export-stats-accounts.csv"))
	if r.Kind != "ent_stats" || r.Encoding != EncUTF8BOM || r.Read != 8 || r.Loaded != 8 || r.Rejected != 0 || r.Year != "2025-2026" {
		t.Fatalf("compte rendu : %+v", r)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "0870999N") {
		t.Errorf("établissement hors référentiel non signalé : %v", r.Notes)
	}
	got := queryAll(t, db, entRowsSQL)
	t.Log(rowsText(got))
}
