package transform

import "testing"

func (f *fixture) educ(file int, uai, date, annee string, classe any, el, elA, re, reA int) {
	f.t.Helper()
	f.exec(`INSERT INTO raw_educonnect VALUES ($1, (SELECT count(*) + 1 FROM raw_educonnect WHERE fichier_id = $1),
		$2, CAST($3 AS DATE), $4, $5, $6, $7, $8, $9)`, file, uai, date, annee, classe, el, elA, re, reA)
}

func TestEduConnect(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	old := f.file("educonnect", col1, "2024-2025")
	f.educ(old, col1, "2024-11-15", "2024-2025", "6A", 25, 10, 45, 20)
	f.educ(old, col1, "2024-11-15", "2024-2025", "6B", 24, 10, 40, 20)

	a := f.file("educonnect", col1, y)
	f.educ(a, col1, "2025-10-01", y, "6A", 25, 5, 45, 10)
	f.educ(a, col1, "2025-10-01", y, "6B", 24, 12, 40, 20)
	f.educ(a, col1, "2025-11-15", y, "6A", 25, 15, 45, 30)
	f.educ(a, col1, "2025-11-15", y, "6B", 24, 20, 40, 25)
	// A whole-school line beside class lines would count pupils twice: dropped.
	f.educ(a, col1, "2025-11-15", y, nil, 49, 35, 85, 55)
	// A newer export of the same snapshot corrects 6B: 21 pupils activated.
	b := f.file("educonnect", col1, y)
	f.educ(b, col1, "2025-11-15", y, "6B", 24, 21, 40, 25)
	// col2 only sends whole-school lines.
	c := f.file("educonnect", col2, y)
	f.educ(c, col2, "2025-11-01", y, nil, 300, 150, 500, 100)
	f.run()

	// First snapshot: (5 + 12) ÷ (25 + 24) pupils; 6A 5 ÷ 25; parents (10 + 20) ÷ 85.
	f.rate(f.must("educonnect_eleves", col1, y, "2025-10-01", ""), 17, 49, 17.0/49)
	f.rate(f.must("educonnect_eleves", col1, y, "2025-10-01", "6A"), 5, 25, 0.2)
	f.rate(f.must("educonnect_responsables", col1, y, "2025-10-01", ""), 30, 85, 30.0/85)
	// Latest snapshot, also the year: (15 + 21) ÷ 49; parents (30 + 25) ÷ 85.
	f.rate(f.must("educonnect_eleves", col1, y, "2025-11-15", ""), 36, 49, 36.0/49)
	yr := f.must("educonnect_eleves", col1, y, "annee", "")
	f.rate(yr, 36, 49, 36.0/49)
	f.rate(f.must("educonnect_responsables", col1, y, "annee", ""), 55, 85, 55.0/85)
	f.rate(f.must("educonnect_eleves", col1, y, "annee", "6B"), 21, 24, 21.0/24)
	// N-1: 2024-2025's latest snapshot, 20 ÷ 49.
	if !near(yr.N1, 20.0/49) || !near(yr.Ecart, (36.0-20.0)/49*100) {
		t.Errorf("N-1 EduConnect %v écart %v", yr.N1, yr.Ecart)
	}
	// Snapshot dates have no N-1 counterpart.
	if v := f.must("educonnect_eleves", col1, y, "2025-11-15", ""); v.N1.Valid {
		t.Errorf("N-1 d'un relevé daté : %v", v.N1)
	}
	// Lowest classes of the latest snapshot: 6A (15/25 = 0.6) before 6B (21/24).
	if n := f.count(`SELECT count(*) FROM stg_educonnect_classes_faibles WHERE uai = $1 AND annee_scolaire = $2
		AND ((rang = 1 AND classe = '6A') OR (rang = 2 AND classe = '6B'))`, col1, y); n != 2 {
		t.Error("classes les plus faibles mal classées")
	}
	// col2: the whole-school line is the school.
	f.rate(f.must("educonnect_eleves", col2, y, "annee", ""), 150, 300, 0.5)
	if n := f.count(`SELECT count(*) FROM ind_educonnect WHERE uai = $1 AND dimension <> ''`, col2); n != 0 {
		t.Errorf("%d lignes de classe pour un établissement sans classes", n)
	}
}

func (f *fixture) aff(file int, uai, annee, id, nom string, ex any, illimite bool, el, ens int, fin any) {
	f.t.Helper()
	f.exec(`INSERT INTO raw_gar_affectations VALUES ($1, (SELECT count(*) + 1 FROM raw_gar_affectations WHERE fichier_id = $1),
		$2, $3, $4, $5, 'Éditeur', $6, $7, $8, $9, DATE '2025-09-01', CAST($10 AS DATE))`,
		file, uai, annee, id, nom, ex, illimite, el, ens, fin)
}

func (f *fixture) usage(file int, uai, gran, periode, annee, id, profil string, users int) {
	f.t.Helper()
	f.exec(`INSERT INTO raw_gar_usage VALUES ($1, (SELECT count(*) + 1 FROM raw_gar_usage WHERE fichier_id = $1),
		$2, $3, CAST($4 AS DATE), $5, $6, NULL, $7, NULL, $8, NULL)`, file, uai, gran, periode, annee, id, profil, users)
}

func TestGAR(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	a := f.file("gar_affectations", lyc1, y)
	// R1 split by population: 90 + 10 licences, 80 pupils + 5 teachers; ends 31 August.
	f.aff(a, lyc1, y, "ark:1", "Manuel Maths", 90, false, 80, 0, "2026-08-31")
	f.aff(a, lyc1, y, "ark:1", "Manuel Maths", 10, false, 0, 5, "2026-08-31")
	f.aff(a, lyc1, y, "ark:2", "Dico", nil, true, 200, 10, "2027-08-31")
	f.aff(a, lyc1, y, "ark:3", "Atlas", 50, false, 0, 0, nil)
	u := f.file("gar_usage", lyc1, y)
	f.usage(u, lyc1, "mois", "2025-10-01", y, "ark:1", "eleve", 30)
	f.usage(u, lyc1, "mois", "2025-11-01", y, "ark:1", "eleve", 50)
	f.usage(u, lyc1, "annee", "2025-09-01", y, "ark:1", "enseignant", 4)
	f.usage(u, lyc1, "annee", "2025-09-01", y, "ark:2", "eleve", 120)
	f.usage(u, lyc1, "mois", "2025-10-01", y, "ark:2", "eleve", 60)
	f.usage(u, lyc1, "annee", "2025-09-01", y, "ark:4", "eleve", 10) // not assigned
	// lyc2: assignments only, no usage export.
	a2 := f.file("gar_affectations", lyc2, y)
	f.aff(a2, lyc2, y, "ark:1", "Manuel Maths", 30, false, 30, 0, "2027-08-31")
	f.run()

	// Manuel Maths: (50 pupils = best month, no yearly row + 4 teachers) ÷ (80 + 5), estimated.
	r1 := f.must("gar_ressource", lyc1, y, "annee", "Manuel Maths")
	f.rate(r1, 54, 85, 54.0/85)
	if !r1.Estimation {
		t.Error("borne mensuelle non marquée comme estimation")
	}
	// Dico: 120 (yearly row) + 0 teachers ÷ 210.
	f.rate(f.must("gar_ressource", lyc1, y, "annee", "Dico"), 120, 210, 120.0/210)
	// Atlas assigned to nobody: 0 ÷ 0 = NULL.
	f.rate(f.must("gar_ressource", lyc1, y, "annee", "Atlas"), 0, 0, nil)
	f.absent("gar_ressource", lyc1, y, "annee", "ark:4")
	// School, pupils: (50 + 120) ÷ (80 + 200); teachers: (4 + 0) ÷ (5 + 10).
	f.rate(f.must("gar_utilisation", lyc1, y, "annee", "eleve"), 170, 280, 170.0/280)
	f.rate(f.must("gar_utilisation", lyc1, y, "annee", "enseignant"), 4, 15, 4.0/15)
	// October: 30 + 60 pupils ÷ 280; November 50 ÷ 280.
	f.rate(f.must("gar_utilisation", lyc1, y, "2025-10", "eleve"), 90, 280, 90.0/280)
	f.rate(f.must("gar_utilisation", lyc1, y, "2025-11", "eleve"), 50, 280, 50.0/280)
	// Licences: finite ones R1 100 (85 assigned) and R3 50 (0): 85 ÷ 150; unassigned 15 + 50.
	f.rate(f.must("gar_licences_attribuees", lyc1, y, "annee", ""), 85, 150, 85.0/150)
	f.rate(f.must("gar_licences_attribuees", lyc1, y, "annee", "Manuel Maths"), 85, 100, 0.85)
	f.value(f.must("gar_licences_non_attribuees", lyc1, y, "annee", ""), 65)
	f.value(f.must("gar_licences_non_attribuees", lyc1, y, "annee", "Atlas"), 50)
	// Ending before 1 September 2026: R1 only.
	f.value(f.must("gar_abonnements_fin", lyc1, y, "annee", ""), 1)
	if n := f.count(`SELECT count(*) FROM stg_gar_abonnements_fin WHERE uai = $1 AND ressource_id = 'ark:1'`, lyc1); n != 1 {
		t.Error("abonnement finissant non listé")
	}
	// lyc2 without usage export: licences yes, use no.
	f.rate(f.must("gar_licences_attribuees", lyc2, y, "annee", ""), 30, 30, 1.0)
	f.absent("gar_utilisation", lyc2, y, "annee", "eleve")
	f.absent("gar_ressource", lyc2, y, "annee", "Manuel Maths")
	f.value(f.must("gar_abonnements_fin", lyc2, y, "annee", ""), 0)
}

func (f *fixture) formation(file int, uai, annee, personne, fonction, formation string, theme, modalite any, date string, h float64) {
	f.t.Helper()
	f.exec(`INSERT INTO raw_formations (fichier_id, rang, uai, annee_scolaire, personne, fonction, fonction_libelle,
		formation, theme, modalite, date_session, duree_h)
		VALUES ($1, (SELECT count(*) + 1 FROM raw_formations WHERE fichier_id = $1),
		$2, $3, $4, $5, NULL, $6, $7, $8, CAST($9 AS DATE), $10)`, file, uai, annee, personne, fonction, formation, theme, modalite, date, h)
}

func TestFormation(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	f.exec(`INSERT INTO seed_personnels VALUES ($1, $2, 50, 70)`, lyc1, y)
	a := f.file("formations", lyc1, y)
	f.formation(a, lyc1, y, "p1", "enseignant", "Pix en classe", "Pix", "presentiel", "2025-10-01", 3)
	f.formation(a, lyc1, y, "p1", "enseignant", "ENT avancé", "ENT", "distanciel", "2025-11-01", 1.5)
	f.formation(a, lyc1, y, "p2", "enseignant", "Pix en classe", "Pix", "presentiel", "2025-10-01", 3)
	f.formation(a, lyc1, y, "p3", "direction", "RGPD", nil, nil, "2025-12-01", 2)
	// Two sessions of one day in one file stay two.
	f.formation(a, lyc1, y, "p4", "vie_scolaire", "IA", "IA", "hybride", "2026-01-10", 3)
	f.formation(a, lyc1, y, "p4", "vie_scolaire", "IA", "IA", "hybride", "2026-01-10", 3)
	// p2's attendance listed again in a newer file counts once.
	b := f.file("formations", lyc1, y)
	f.formation(b, lyc1, y, "p2", "enseignant", "Pix en classe", "Pix", "presentiel", "2025-10-01", 3)
	// lyc2: attendance, but no staff numbers in the seeds.
	c := f.file("formations", lyc2, y)
	f.formation(c, lyc2, y, "q1", "enseignant", "Pix", "Pix", "presentiel", "2025-10-01", 3)
	f.run()

	// Teachers p1 p2 ÷ 50; all staff p1..p4 ÷ 70; hours 3 + 1.5 + 3 + 2 + 3 + 3 = 15.5.
	f.rate(f.must("formation_enseignants", lyc1, y, "annee", ""), 2, 50, 0.04)
	f.rate(f.must("formation_personnels", lyc1, y, "annee", ""), 4, 70, 4.0/70)
	f.value(f.must("formation_heures", lyc1, y, "annee", ""), 15.5)
	// Themes: Pix p1 p2, ENT p1, IA p4, no theme p3; each ÷ 70 staff.
	f.rate(f.must("formation_theme", lyc1, y, "annee", "Pix"), 2, 70, 2.0/70)
	f.rate(f.must("formation_theme", lyc1, y, "annee", "Non renseigné"), 1, 70, 1.0/70)
	f.rate(f.must("formation_modalite", lyc1, y, "annee", "presentiel"), 2, 70, 2.0/70)
	f.rate(f.must("formation_modalite", lyc1, y, "annee", "non_renseignee"), 1, 70, 1.0/70)
	f.value(f.must("formation_heures_theme", lyc1, y, "annee", "Pix"), 6)
	f.value(f.must("formation_heures_theme", lyc1, y, "annee", "IA"), 6)
	f.value(f.must("formation_heures_modalite", lyc1, y, "annee", "distanciel"), 1.5)
	if n := f.count(`SELECT count(*) FROM stg_formation_sessions WHERE uai = $1 AND formation = 'Pix en classe' AND participants = 2`, lyc1); n != 1 {
		t.Error("session « Pix en classe » mal comptée")
	}
	// No staff numbers: the rate is NULL, never 0 % nor 100 %.
	v := f.must("formation_enseignants", lyc2, y, "annee", "")
	if v.Den.Valid || v.Val.Valid || v.Num.Float64 != 1 {
		t.Errorf("sans effectifs : %+v", v)
	}
	// A school without any training export has no row.
	if n := f.count(`SELECT count(*) FROM ind_formation WHERE uai = $1`, col1); n != 0 {
		t.Errorf("%d lignes de formation pour un collège sans export", n)
	}
}
