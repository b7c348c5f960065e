package transform

import (
	"database/sql"
	"testing"
)

type cmp struct {
	Nom, Type, Dept      sql.NullString
	DepQ1, DepMed, DepQ3 sql.NullFloat64
	DepRang, DepN        sql.NullInt64
	AcaQ1, AcaMed, AcaQ3 sql.NullFloat64
	AcaRang, AcaN        sql.NullInt64
	Masque               bool
}

func (f *fixture) cmp(ind, uai, annee, periode, dim string) cmp {
	f.t.Helper()
	var c cmp
	err := f.db.Conn.QueryRowContext(f.ctx, `SELECT nom, type_comparaison, departement_code,
		dep_q1, dep_mediane, dep_q3, dep_rang, dep_n, aca_q1, aca_mediane, aca_q3, aca_rang, aca_n, masque
		FROM ind_valeurs WHERE indicateur = $1 AND uai = $2 AND annee_scolaire = $3 AND periode = $4 AND dimension = $5`,
		ind, uai, annee, periode, dim).Scan(&c.Nom, &c.Type, &c.Dept, &c.DepQ1, &c.DepMed, &c.DepQ3, &c.DepRang, &c.DepN,
		&c.AcaQ1, &c.AcaMed, &c.AcaQ3, &c.AcaRang, &c.AcaN, &c.Masque)
	if err != nil {
		f.t.Fatalf("%s %s : %v", ind, uai, err)
	}
	return c
}

func near(a sql.NullFloat64, b float64) bool { return a.Valid && abs(a.Float64-b) < 1e-9 }

// Yearly ENT rows of several schools give known quartiles and ranks.
func TestComparisons(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	const unknown = "0870006J" // not in seed_etablissements
	id := f.file("ent_stats", "", y)
	for _, r := range []struct {
		uai          string
		comptes, vis int
	}{
		{col1, 100, 20}, {col2, 100, 40}, {col3, 100, 90}, // collèges 87: 0.2 0.4 0.9
		{lyc1, 100, 50}, {lyc2, 100, 70}, // lycées 87 and 19: 0.5 0.7
		{lp1, 5, 3},        // LP with 5 accounts: masked
		{unknown, 100, 60}, // school absent from the seeds
	} {
		f.entRow(id, r.uai, "annee", "2025-09-01", y, "eleve", r.comptes, nil, r.vis, nil)
	}
	// Teachers: collège 3 has 5 accounts (masked) and the highest rate.
	f.entRow(id, col1, "annee", "2025-09-01", y, "enseignant", 100, nil, 50, nil)
	f.entRow(id, col2, "annee", "2025-09-01", y, "enseignant", 100, nil, 30, nil)
	f.entRow(id, col3, "annee", "2025-09-01", y, "enseignant", 5, nil, 5, nil)
	f.run()

	// Collèges of the 87, sorted 0.2 0.4 0.9: quantile_cont 0.25 = 0.2 + 0.5 × (0.4 - 0.2) = 0.3;
	// median 0.4; 0.75 = 0.4 + 0.5 × (0.9 - 0.4) = 0.65. Rank 1 = highest.
	for uai, rang := range map[string]int64{col3: 1, col2: 2, col1: 3} {
		c := f.cmp("ent_connexion", uai, y, "annee", "eleve")
		if !near(c.DepQ1, 0.3) || !near(c.DepMed, 0.4) || !near(c.DepQ3, 0.65) || c.DepN.Int64 != 3 || c.DepRang.Int64 != rang {
			t.Errorf("%s : département q1 %v méd %v q3 %v n %v rang %v ; attendu 0,3 0,4 0,65 3 %d", uai, c.DepQ1, c.DepMed, c.DepQ3, c.DepN, c.DepRang, rang)
		}
		if !near(c.AcaMed, 0.4) || c.AcaN.Int64 != 3 || c.AcaRang.Int64 != rang {
			t.Errorf("%s : académie méd %v n %v rang %v", uai, c.AcaMed, c.AcaN, c.AcaRang)
		}
		if c.Type.String != "college" || c.Dept.String != "87" {
			t.Errorf("%s : type %v département %v", uai, c.Type, c.Dept)
		}
	}
	// Lycées: alone in their département (n = 1); in the academy 0.5 and 0.7:
	// q1 0.55, median 0.6, q3 0.65; the Corrèze lycée ranks first.
	c := f.cmp("ent_connexion", lyc1, y, "annee", "eleve")
	if c.DepN.Int64 != 1 || !near(c.DepMed, 0.5) || c.DepRang.Int64 != 1 {
		t.Errorf("lycée 87 département : n %v méd %v rang %v", c.DepN, c.DepMed, c.DepRang)
	}
	if c.AcaN.Int64 != 2 || !near(c.AcaQ1, 0.55) || !near(c.AcaMed, 0.6) || !near(c.AcaQ3, 0.65) || c.AcaRang.Int64 != 2 {
		t.Errorf("lycée 87 académie : n %v q1 %v méd %v q3 %v rang %v", c.AcaN, c.AcaQ1, c.AcaMed, c.AcaQ3, c.AcaRang)
	}
	if c := f.cmp("ent_connexion", lyc2, y, "annee", "eleve"); c.AcaRang.Int64 != 1 || c.Dept.String != "19" {
		t.Errorf("lycée 19 : rang académique %v, département %v", c.AcaRang, c.Dept)
	}
	// The LP's 5 accounts are under the threshold: masked, no rank, no group.
	c = f.cmp("ent_connexion", lp1, y, "annee", "eleve")
	if !c.Masque || c.DepRang.Valid || c.DepN.Valid {
		t.Errorf("LP masqué : masque %v rang %v n %v", c.Masque, c.DepRang, c.DepN)
	}
	// A school absent from the seeds keeps its value, without name nor comparison.
	c = f.cmp("ent_connexion", unknown, y, "annee", "eleve")
	if c.Nom.Valid || c.Type.Valid || c.DepRang.Valid || c.AcaN.Valid {
		t.Errorf("établissement inconnu : %+v", c)
	}
	if n := f.count(`SELECT count(*) FROM stg_anomalies WHERE uai = $1 AND source = 'ENT'`, unknown); n != 1 {
		t.Errorf("établissement inconnu absent de stg_anomalies (%d)", n)
	}

	// A masked value takes no part in its group but shows the group's figures:
	// teachers 0.3 and 0.5 give q1 0.35, median 0.4, n 2; the masked 1.0 of
	// collège 3 does not push collège 1 (0.5) from the first rank.
	c = f.cmp("ent_connexion", col3, y, "annee", "enseignant")
	if !c.Masque || c.DepRang.Valid || c.DepN.Int64 != 2 || !near(c.DepQ1, 0.35) || !near(c.DepMed, 0.4) || c.AcaN.Int64 != 2 {
		t.Errorf("collège masqué dans son groupe : masque %v rang %v n %v q1 %v méd %v n académie %v", c.Masque, c.DepRang, c.DepN, c.DepQ1, c.DepMed, c.AcaN)
	}
	if c := f.cmp("ent_connexion", col1, y, "annee", "enseignant"); c.DepRang.Int64 != 1 || c.AcaRang.Int64 != 1 {
		t.Errorf("collège 1 enseignants : rang %v, rang académique %v ; attendu 1 et 1", c.DepRang, c.AcaRang)
	}

	// --seuil 4: the LP's 5 accounts are enough; collèges' ranks unchanged.
	if _, err := Run(f.ctx, f.db, Options{Threshold: 4}); err != nil {
		t.Fatal(err)
	}
	c = f.cmp("ent_connexion", lp1, y, "annee", "eleve")
	if c.Masque || c.DepRang.Int64 != 1 || c.DepN.Int64 != 1 {
		t.Errorf("seuil 4 : masque %v rang %v n %v", c.Masque, c.DepRang, c.DepN)
	}
}
