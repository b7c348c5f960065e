package transform

import (
	"testing"
)

func (f *fixture) cert(file int, uai, annee, numero, eleve string, classe any, typ, statut string, score, niveau any, session int, date string) {
	f.t.Helper()
	f.exec(`INSERT INTO raw_pix_certifications (fichier_id, rang, uai, annee_scolaire, numero, eleve, classe,
		type_certification, statut, score, niveau, session_id, date_passage)
		VALUES ($1, (SELECT count(*) + 1 FROM raw_pix_certifications WHERE fichier_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CAST($12 AS DATE))`,
		file, uai, annee, numero, eleve, classe, typ, statut, score, niveau, session, date)
}

func (f *fixture) effectif(uai, annee, niveau string, n int) {
	f.t.Helper()
	f.exec(`INSERT INTO seed_effectifs VALUES ($1, $2, $3, $4)`, uai, annee, niveau, n)
}

func TestCertification(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	f.effectif(lyc1, y, "2nde", 30)
	f.effectif(lyc1, y, "1re", 25)
	f.effectif(lyc1, y, "Tle", 20)
	f.effectif(lp1, y, "Tle pro", 10)
	f.effectif(lp1, y, "CAP2", 8)
	f.effectif(col2, y, "3e", 50)

	// Per-class exports (class in the row), then a newer session export (no class).
	tg1 := f.file("pix_certif_classe", lyc1, y)
	f.cert(tg1, lyc1, y, "C1", "e1", "TG1", "Pix", "validee", 300, nil, 1, "2025-11-20")
	f.cert(tg1, lyc1, y, "C2", "e2", "TG1", "Pix", "demarree", nil, nil, 2, "2026-01-15")
	tg2 := f.file("pix_certif_classe", lyc1, y)
	f.cert(tg2, lyc1, y, "C3", "e3", "TG2", "Pix", "rejetee", 0, nil, 2, "2025-12-01")
	f.cert(tg2, lyc1, y, "C5", "e5", "TG2", "Pix", "annulee", nil, nil, 3, "2026-02-01")
	f.cert(tg2, lyc1, y, "C6", "e6", "1STMG1", "Pix", "validee", 150, nil, 3, "2026-01-20")
	f.cert(tg2, lyc1, y, "C7", "e7", "ULIS", "Pix", "validee", 100, nil, 3, "2026-02-05")
	sess := f.file("pix_certif_session", lyc1, y)
	// e1 certified a second time, better: counts once, with 450.
	f.cert(sess, lyc1, y, "C1b", "e1", nil, "Pix", "validee", 450, nil, 4, "2026-02-10")
	// e2's certification after the jury: validated (the newer export wins), class kept.
	f.cert(sess, lyc1, y, "C2", "e2", nil, "Pix", "validee", 200, "Novice 2", 2, "2026-01-15")
	// e4: never seen in a class; the lycée has one certification level (Tle).
	f.cert(sess, lyc1, y, "C4", "e4", nil, "Pix", "validee", 520, nil, 5, "2026-03-02")
	// A complementary certification is not the core one.
	f.cert(sess, lyc1, y, "C8", "e8", nil, "CléA Numérique by Pix", "validee", 300, nil, 6, "2026-04-10")
	// LP: two certification levels, a pupil without class stays without level.
	lp := f.file("pix_certif_session", lp1, y)
	f.cert(lp, lp1, y, "L1", "p1", nil, "Pix", "validee", 300, nil, 7, "2026-01-10")
	f.run()

	// Population: e1 e2 e3 e4 e5 e7 (e6 is in 1re, e8 took another certification).
	// Certified: e1 e2 e4 e7 = 4, over the 20 Tle pupils (the only certification level).
	f.rate(f.must("certif_taux", lyc1, y, "annee", ""), 4, 20, 0.2)
	// Tle: e1, e2 (class TG1), e4 (school level) = 3 ÷ 20; e7's class maps to no level.
	f.rate(f.must("certif_taux", lyc1, y, "annee", "Tle"), 3, 20, 0.15)
	f.absent("certif_taux", lyc1, y, "annee", "1re")
	// Scores of e1 450 (best), e2 200, e4 520, e7 100: mean 1270 / 4 = 317.5,
	// median (200 + 450) / 2 = 325. Tle: 450 200 520: mean 390, median 450.
	f.value(f.must("certif_score_moyen", lyc1, y, "annee", ""), 317.5)
	f.value(f.must("certif_score_median", lyc1, y, "annee", ""), 325.0)
	f.value(f.must("certif_score_moyen", lyc1, y, "annee", "Tle"), 390.0)
	f.value(f.must("certif_score_median", lyc1, y, "annee", "Tle"), 450.0)
	// Registered but not certified: e3 rejected, e5 cancelled, out of 6 registered.
	f.rate(f.must("certif_non_certifies", lyc1, y, "annee", "rejetee"), 1, 6, 1.0/6)
	f.rate(f.must("certif_non_certifies", lyc1, y, "annee", "annulee"), 1, 6, 1.0/6)
	f.rate(f.must("certif_non_certifies", lyc1, y, "annee", "en_erreur"), 0, 6, 0.0)
	// Pix levels of the 4 certified: 100 Novice 1, 200 Novice 2 (from the file),
	// 450 Indépendant 2, 520 Avancé 1: one each, 1/4; Expert 2 none.
	for _, lvl := range []string{"Novice 1", "Novice 2", "Indépendant 2", "Avancé 1"} {
		f.rate(f.must("certif_niveau", lyc1, y, "annee", lvl), 1, 4, 0.25)
	}
	f.rate(f.must("certif_niveau", lyc1, y, "annee", "Expert 2"), 0, 4, 0.0)
	// Monthly cumulative by first validated sitting: e1 Nov, e2 Jan, e7 Feb,
	// e4 Mar; months up to March, the latest core sitting of the year.
	for mois, n := range map[string]float64{"2025-09": 0, "2025-10": 0, "2025-11": 1, "2025-12": 1, "2026-01": 2, "2026-02": 3, "2026-03": 4} {
		f.rate(f.must("certif_taux", lyc1, y, mois, ""), n, 20, n/20)
	}
	for mois, n := range map[string]float64{"2025-11": 1, "2026-01": 2, "2026-02": 2, "2026-03": 3} {
		f.rate(f.must("certif_taux", lyc1, y, mois, "Tle"), n, 20, n/20)
	}
	f.absent("certif_taux", lyc1, y, "2026-04", "")
	// One row per pupil: e1 certified twice keeps one row, best score, first date.
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_certification_eleves WHERE eleve = 'e1' AND score = 450
		AND date_certification = DATE '2025-11-20' AND passages = 2`); n != 1 {
		t.Errorf("e1 certifié deux fois : %d ligne(s) conforme(s)", n)
	}
	// One sitting (not through the window): e4 validated on 2 March, e3
	// rejected has no certification date.
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_certification_eleves
		WHERE (eleve = 'e4' AND passages = 1 AND date_certification = DATE '2026-03-02' AND score = 520)
		   OR (eleve = 'e3' AND passages = 1 AND date_certification IS NULL AND NOT certifie)`); n != 2 {
		t.Errorf("e3, e4 (un seul passage) : %d ligne(s) conforme(s) sur 2", n)
	}
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_certification_eleves WHERE eleve = 'e2' AND classe = 'TG1' AND certifie`); n != 1 {
		t.Error("e2 : statut de l'export le plus récent ou classe perdus")
	}
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_certification_eleves WHERE eleve = 'e4' AND niveau = 'Tle' AND niveau_source = 'etablissement'`); n != 1 {
		t.Error("e4 : niveau de l'établissement non attribué")
	}
	// The unmapped label is reported, never guessed.
	if n := f.count(`SELECT count(*) FROM stg_classes_non_reconnues WHERE classe = 'ULIS' AND uai = $1`, lyc1); n != 1 {
		t.Error("classe ULIS non signalée")
	}
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_certification_eleves WHERE eleve = 'e7' AND niveau IS NULL`); n != 1 {
		t.Error("e7 : un niveau a été deviné pour la classe ULIS")
	}
	if n := f.count(`SELECT count(*) FROM stg_anomalies WHERE uai = $1 AND motif LIKE '%(1re)%' AND lignes = 1`, lyc1); n != 1 {
		t.Error("le certifié de 1re n'est pas signalé")
	}
	// Sessions held.
	if n := f.count(`SELECT count(*) FROM stg_certification_sessions WHERE uai = $1`, lyc1); n != 5 {
		t.Errorf("%d sessions, attendu 5 (1 à 5)", n)
	}

	// LP: p1 has no class and the LP has two certification levels: counted
	// for the school (1 ÷ 18) but in no level; each level 0 ÷ its pupils.
	f.rate(f.must("certif_taux", lp1, y, "annee", ""), 1, 18, 1.0/18)
	f.rate(f.must("certif_taux", lp1, y, "annee", "Tle pro"), 0, 10, 0.0)
	f.rate(f.must("certif_taux", lp1, y, "annee", "CAP2"), 0, 8, 0.0)
	// Score on one pupil: effectif 1, masked in comparisons.
	if v := f.must("certif_score_moyen", lp1, y, "annee", ""); !v.Masque || v.Effectif.Int64 != 1 {
		t.Errorf("score sur 1 élève : masque %v effectif %v", v.Masque, v.Effectif)
	}
	// A collège without any certification export has no row (not 0 %).
	if n := f.count(`SELECT count(*) FROM ind_certification WHERE uai = $1`, col2); n != 0 {
		t.Errorf("%d lignes de certification pour un collège sans export", n)
	}
}
