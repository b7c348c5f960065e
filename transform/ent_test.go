package transform

import "testing"

// entRow inserts one raw_ent_stats row; nil counts are NULL.
func (f *fixture) entRow(file int, uai, gran, periode, annee, profil string, comptes, actives, users, cnx any) {
	f.t.Helper()
	f.exec(`INSERT INTO raw_ent_stats (fichier_id, rang, uai, granularite, periode, annee_scolaire, profil,
		comptes, comptes_actives, utilisateurs, connexions)
		VALUES ($1, (SELECT count(*) + 1 FROM raw_ent_stats WHERE fichier_id = $1), $2, $3, CAST($4 AS DATE), $5, $6, $7, $8, $9, $10)`,
		file, uai, gran, periode, annee, profil, comptes, actives, users, cnx)
}

func TestENT(t *testing.T) {
	f := newFixture(t)
	old := f.file("ent_stats", col1, "2024-2025")
	f.entRow(old, col1, "mois", "2024-10-01", "2024-2025", "eleve", 100, 30, 40, 100)

	a := f.file("ent_stats", col1, "2025-2026")
	f.entRow(a, col1, "mois", "2025-09-01", "2025-2026", "eleve", 100, 40, 50, 200)
	f.entRow(a, col1, "mois", "2025-10-01", "2025-2026", "eleve", 100, 60, 70, 280)
	f.entRow(a, col1, "mois", "2026-07-01", "2025-2026", "eleve", 100, 80, 10, 20)
	f.entRow(a, col1, "mois", "2025-09-01", "2025-2026", "enseignant", 40, 30, 20, 60)
	f.entRow(a, col1, "annee", "2025-09-01", "2025-2026", "enseignant", 40, 35, 30, nil)
	f.entRow(a, col1, "mois", "2025-09-01", "2025-2026", "responsable", 0, 0, 0, 0)
	f.entRow(a, col1, "mois", "2025-09-01", "2025-2026", "personnel", 5, 5, 4, 8)
	f.entRow(a, col1, "mois", "2025-09-01", "2025-2026", "invite", 3, 3, 3, 3)
	f.entRow(a, col1, "semaine", "2025-09-08", "2025-2026", "eleve", 100, 40, 30, 60)
	// A newer export covering October again: its figures replace the older ones.
	b := f.file("ent_stats", col1, "2025-2026")
	f.entRow(b, col1, "mois", "2025-10-01", "2025-2026", "eleve", 100, 60, 80, 280)
	f.run()

	const y = "2025-2026"
	// Monthly: 50 visitors ÷ 100 accounts.
	f.rate(f.must("ent_connexion", col1, y, "2025-09", "eleve"), 50, 100, 0.5)
	// October from the newer export: 80 ÷ 100 (not 70).
	oct := f.must("ent_connexion", col1, y, "2025-10", "eleve")
	f.rate(oct, 80, 100, 0.8)
	// N-1 of October 2025 is October 2024: 40 ÷ 100 = 0.4; gap (0.8 - 0.4) × 100 = 40 points.
	if !oct.N1.Valid || abs(oct.N1.Float64-0.4) > eps || abs(oct.Ecart.Float64-40) > 1e-6 {
		t.Errorf("N-1 octobre = %v, écart %v ; attendu 0,4 et 40 points", oct.N1, oct.Ecart)
	}
	// July is shown month by month but stays out of the yearly mean.
	f.rate(f.must("ent_connexion", col1, y, "2026-07", "eleve"), 10, 100, 0.1)
	// Year = mean of the September-June monthly rates: (0.5 + 0.8) / 2 = 0.65,
	// stored as sum of rates 1.3 over 2 months.
	yr := f.must("ent_connexion", col1, y, "annee", "eleve")
	f.rate(yr, 1.3, 2, 0.65)
	// N-1 year: only October 2024, 0.4; gap (0.65 - 0.4) × 100 = 25 points.
	if !yr.N1.Valid || abs(yr.N1.Float64-0.4) > eps || abs(yr.Ecart.Float64-25) > 1e-6 {
		t.Errorf("N-1 annuel = %v, écart %v ; attendu 0,4 et 25 points", yr.N1, yr.Ecart)
	}
	if yr.Effectif.Int64 != 100 {
		t.Errorf("effectif annuel = %v, attendu 100 comptes", yr.Effectif)
	}
	// Teachers: the export's yearly row wins over the months: 30 ÷ 40.
	f.rate(f.must("ent_connexion", col1, y, "annee", "enseignant"), 30, 40, 0.75)
	if n := f.count(`SELECT count(*) FROM stg_ent_annuel WHERE uai = $1 AND annee_scolaire = $2
		AND ((profil = 'enseignant' AND methode = 'annuel') OR (profil = 'eleve' AND methode = 'moyenne_mensuelle' AND mois = 2))`, col1, y); n != 2 {
		t.Errorf("stg_ent_annuel ne dit pas la méthode : %d lignes sur 2", n)
	}
	// Denominator 0: NULL rate, never 0 %.
	f.rate(f.must("ent_connexion", col1, y, "2025-09", "responsable"), 0, 0, nil)
	f.rate(f.must("ent_connexion", col1, y, "annee", "responsable"), 0, 0, nil)
	// Activation: cumulative, the year takes the last month (July): 80 ÷ 100.
	f.rate(f.must("ent_activation", col1, y, "annee", "eleve"), 80, 100, 0.8)
	f.rate(f.must("ent_activation", col1, y, "2025-09", "eleve"), 40, 100, 0.4)
	// Teachers' activation: last month with a value (September) 30 ÷ 40.
	f.rate(f.must("ent_activation", col1, y, "annee", "enseignant"), 30, 40, 0.75)
	// Connections per visitor: (200 + 280) ÷ (50 + 80) over September-June.
	v := f.must("ent_connexions_par_visiteur", col1, y, "annee", "eleve")
	f.rate(v, 480, 130, 480.0/130)
	if v.Unite != "nombre" {
		t.Errorf("unité %q, attendu nombre", v.Unite)
	}
	f.rate(f.must("ent_connexions_par_visiteur", col1, y, "2025-09", "eleve"), 200, 50, 4)
	// 5 staff accounts: below the threshold of 10, masked.
	if p := f.must("ent_connexion", col1, y, "2025-09", "personnel"); !p.Masque {
		t.Error("5 comptes personnels : valeur non masquée")
	}
	if yr.Masque {
		t.Error("100 comptes élèves : valeur masquée")
	}
	// Guests and week buckets are not indicators.
	f.absent("ent_connexion", col1, y, "2025-09", "invite")
	if n := f.count(`SELECT count(*) FROM ind_ent WHERE periode = '2025-09-08'`); n != 0 {
		t.Errorf("%d lignes hebdomadaires dans ind_ent", n)
	}
	// A school absent from the ENT export gets no ENT row (not 0 %).
	if n := f.count(`SELECT count(*) FROM ind_ent WHERE uai = $1`, col2); n != 0 {
		t.Errorf("%d lignes ENT pour un collège sans export", n)
	}
}

// A period excluded at ingest (--exclure) is left out of the months and of
// the yearly figures, the export's own yearly row included (its bucket meets
// the period); stg_exclusions says what was left out.
func TestENTExcludedPeriod(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	a := f.file("ent_stats", col1, y)
	f.entRow(a, col1, "mois", "2025-09-01", y, "eleve", 100, 40, 50, 200)
	f.entRow(a, col1, "mois", "2025-10-01", y, "eleve", 100, 60, 70, 280)
	f.entRow(a, col1, "mois", "2025-12-01", y, "eleve", 100, 70, 95, 300)
	f.entRow(a, col1, "annee", "2025-09-01", y, "eleve", 100, 70, 99, nil)
	g := f.file("gar_usage", lyc1, y)
	f.usage(g, lyc1, "mois", "2025-12-01", y, "ark:1", "eleve", 30)
	f.exec(`INSERT INTO raw_exclusions VALUES ('ent_stats', DATE '2025-12-10', DATE '2025-12-12', 'données erronées', now())`)
	f.run()

	f.absent("ent_connexion", col1, y, "2025-12", "eleve")
	// Year: the yearly row is excluded too; mean of September and October:
	// (0.5 + 0.7) / 2 = 0.6.
	f.rate(f.must("ent_connexion", col1, y, "annee", "eleve"), 1.2, 2, 0.6)
	// December row and yearly row: 2 rows left out.
	if n := f.count(`SELECT count(*) FROM stg_exclusions WHERE uai = $1 AND source = 'ent_stats' AND lignes = 2
		AND motif = 'données erronées'`, col1); n != 1 {
		t.Errorf("exclusion non signalée (%d)", n)
	}
	// Another source is not concerned.
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_gar_usage WHERE uai = $1`, lyc1); n != 1 {
		t.Error("l'exclusion de l'ENT a retiré des lignes du GAR")
	}
}
