package transform

import "testing"

// part inserts one assessment participation and returns its rang; comps are
// competence code → mastery pairs, stored in raw_pix_maitrises.
func (f *fixture) part(file int, uai, annee string, campagne int, parcours, eleve string, classe any,
	progression float64, debut string, partage bool, partageLe any, maitrise any, comps map[string]float64) {
	f.t.Helper()
	rang := f.count(`SELECT count(*) + 1 FROM raw_pix_participations WHERE fichier_id = $1`, file)
	f.exec(`INSERT INTO raw_pix_participations (fichier_id, rang, uai, annee_scolaire, campagne_id, campagne_nom, parcours,
		eleve, classe, progression, debut, partage, partage_le, maitrise)
		VALUES ($1, $2, $3, $4, $5, 'Campagne ' || $5, $6, $7, $8, $9, CAST($10 AS TIMESTAMPTZ), $11, CAST($12 AS TIMESTAMPTZ), $13)`,
		file, rang, uai, annee, campagne, parcours, eleve, classe, progression, debut, partage, partageLe, maitrise)
	for code, m := range comps {
		portee := "competence"
		if len(code) == 1 {
			portee = "domaine"
		}
		f.exec(`INSERT INTO raw_pix_maitrises VALUES ($1, $2, $3, $4, $5, 10, 5)`, file, rang, portee, code, m)
	}
}

// profil inserts one profile collection row with its competence levels.
func (f *fixture) profil(file int, uai, annee string, campagne int, eleve string, classe any, envoi bool, envoiLe any, levels map[string]int) {
	f.t.Helper()
	rang := f.count(`SELECT count(*) + 1 FROM raw_pix_profils WHERE fichier_id = $1`, file)
	f.exec(`INSERT INTO raw_pix_profils (fichier_id, rang, uai, annee_scolaire, campagne_id, eleve, classe, envoi, envoi_le)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS TIMESTAMPTZ))`, file, rang, uai, annee, campagne, eleve, classe, envoi, envoiLe)
	for code, l := range levels {
		f.exec(`INSERT INTO raw_pix_profil_competences VALUES ($1, $2, $3, $4, $5)`, file, rang, code, l, l*8)
	}
}

func TestCampaigns(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	// 6e 50, 5e 45, 4e 42, 3e 40: 177 pupils.
	f.effectif(col1, y, "6e", 50)
	f.effectif(col1, y, "5e", 45)
	f.effectif(col1, y, "4e", 42)
	f.effectif(col1, y, "3e", 40)

	ev := f.file("pix_campagne", col1, y)
	// a1 retried: the newer participation is shared and kept (the older one is not).
	f.part(ev, col1, y, 101, "Rentrée 3e", "a1", "3A", 1, "2025-09-20 10:00", true, "2025-09-20 11:00", 0.6,
		map[string]float64{"1.1": 0.5, "2.1": 0.7, "1": 0.55, "?Inconnue": 0.1})
	f.part(ev, col1, y, 101, "Rentrée 3e", "a1", "3A", 0.5, "2025-09-10 10:00", false, nil, nil, nil)
	// a2: shared first, then restarted without sharing: the shared one is kept.
	f.part(ev, col1, y, 101, "Rentrée 3e", "a2", "3A", 1, "2025-09-12 10:00", true, "2025-09-12 11:00", 0.4,
		map[string]float64{"1.1": 0.3})
	f.part(ev, col1, y, 101, "Rentrée 3e", "a2", "3A", 0.2, "2025-10-01 10:00", false, nil, nil, nil)
	// a3 finished without sharing, a4 (6e) only started.
	f.part(ev, col1, y, 101, "Rentrée 3e", "a3", "3B", 1, "2025-09-15 10:00", false, nil, nil, nil)
	f.part(ev, col1, y, 101, "Rentrée 3e", "a4", "6E1", 0.3, "2025-09-16 10:00", false, nil, nil, nil)

	pr := f.file("pix_profils", col1, y)
	f.profil(pr, col1, y, 201, "a1", "3A", true, "2025-11-05 10:00", map[string]int{"1.1": 2, "1.2": 1, "2.1": 1, "3.1": 1, "4.1": 1, "5.1": 0})
	f.profil(pr, col1, y, 201, "a2", "3A", true, "2025-11-05 10:00", map[string]int{"1.1": 1, "2.1": 2, "3.1": 0, "4.1": 1})
	f.profil(pr, col1, y, 201, "a3", "3B", false, nil, nil)
	f.profil(pr, col1, y, 201, "a5", "3C", true, "2025-11-06 10:00", map[string]int{"1.1": 1})
	f.profil(pr, col1, y, 201, "a6", "3C", true, "2025-11-06 10:00", map[string]int{"1.1": 0, "2.1": 0})
	// a5 already holds the certification: not a pupil to support.
	ce := f.file("pix_certif_session", col1, y)
	f.cert(ce, col1, y, "X5", "a5", nil, "Pix", "validee", 200, nil, 9, "2026-03-20")
	f.run()

	// Participants: a1..a6 = 6 distinct pupils ÷ 177; 3e: a1 a2 a3 a5 a6 = 5 ÷ 40;
	// 6e: a4 = 1 ÷ 50; 5e: 0 ÷ 45.
	f.rate(f.must("campagne_participants", col1, y, "annee", ""), 6, 177, 6.0/177)
	f.rate(f.must("campagne_participants", col1, y, "annee", "3e"), 5, 40, 5.0/40)
	f.rate(f.must("campagne_participants", col1, y, "annee", "6e"), 1, 50, 1.0/50)
	f.rate(f.must("campagne_participants", col1, y, "annee", "5e"), 0, 45, 0.0)
	// Participations: 4 assessment (a1 a2 a3 a4, retries counted once) + 5
	// collections = 9. Finished: a1 a2 a3 + 4 sent = 7; shared: a1 a2 + 4 sent = 6.
	f.rate(f.must("campagne_termine", col1, y, "annee", ""), 7, 9, 7.0/9)
	f.rate(f.must("campagne_partage", col1, y, "annee", ""), 6, 9, 6.0/9)
	// 3e: 3 assessment + 5 collections = 8; finished 3 + 4 = 7; 6e: a4, 0 ÷ 1.
	f.rate(f.must("campagne_termine", col1, y, "annee", "3e"), 7, 8, 7.0/8)
	f.rate(f.must("campagne_termine", col1, y, "annee", "6e"), 0, 1, 0.0)
	// Mastery of the shared participations kept: 1.1 (0.5 + 0.3) ÷ 2 = 0.4;
	// 2.1 0.7 ÷ 1. Areas and unknown competences are not competences.
	f.rate(f.must("campagne_maitrise", col1, y, "annee", "1.1"), 0.8, 2, 0.4)
	f.rate(f.must("campagne_maitrise", col1, y, "annee", "2.1"), 0.7, 1, 0.7)
	f.absent("campagne_maitrise", col1, y, "annee", "1")
	f.absent("campagne_maitrise", col1, y, "annee", "?Inconnue")
	// To support: among the 3e pupils with a sent profile (a1 a2 a5 a6), a2 (3
	// competences at level >= 1) and a6 (none); a1 has 5, a5 is certified: 2 ÷ 4.
	f.rate(f.must("campagne_a_accompagner", col1, y, "annee", ""), 2, 4, 0.5)
	f.rate(f.must("campagne_a_accompagner", col1, y, "annee", "3e"), 2, 4, 0.5)
	if n := f.count(`SELECT count(*) FROM stg_eleves_a_accompagner WHERE a_accompagner AND eleve IN ('a2', 'a6')`); n != 2 {
		t.Errorf("liste des élèves à accompagner : %d sur 2", n)
	}
	if n := f.count(`SELECT count(*) FROM stg_eleves_a_accompagner WHERE a_accompagner`); n != 2 {
		t.Errorf("liste des élèves à accompagner : %d lignes, attendu 2", n)
	}
	// The retried campaign: one kept participation per pupil, lignes = 2.
	if n := f.count(`SELECT count(*) FROM filmnum_travail.stg_participations
		WHERE ek IN (cle_eleve($1, $2, 'a1'), cle_eleve($1, $2, 'a2')) AND partage AND lignes = 2`, col1, y); n != 2 {
		t.Errorf("participations retentées : %d conformes sur 2", n)
	}
	if n := f.count(`SELECT count(*) FROM stg_campagnes WHERE campagne_id = 101 AND participants = 4 AND partages = 2
		AND lancee_le = TIMESTAMPTZ '2025-09-12 10:00' AND niveaux = ['3e', '6e']`); n != 1 {
		t.Error("stg_campagnes : campagne 101 mal résumée")
	}
	// No names in the list: pseudonyms only.
	if n := f.count(`SELECT count(*) FROM duckdb_columns() WHERE table_name = 'stg_eleves_a_accompagner' AND column_name IN ('nom', 'prenom')`); n != 0 {
		t.Error("la liste des élèves à accompagner porte des noms")
	}
}

func TestPix6e(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	f.effectif(col1, y, "6e", 49)
	f.effectif(col2, y, "6e", 40)

	// col1: counts typed from Pix Orga (preferred over its campaigns).
	att := f.file("pix_attestations_6e", col1, y)
	for _, r := range []struct {
		classe     string
		eleves, nb int
		date       string
	}{{"6A", 25, 10, "2025-12-01"}, {"6A", 25, 20, "2026-03-01"}, {"6B", 24, 12, "2026-02-15"}} {
		f.exec(`INSERT INTO raw_pix_attestations_6e VALUES ($1, (SELECT count(*) + 1 FROM raw_pix_attestations_6e), $2, $3, $4, $5, $6, CAST($7 AS DATE))`,
			att, col1, y, r.classe, r.eleves, r.nb, r.date)
	}
	ev1 := f.file("pix_campagne", col1, y)
	f.part(ev1, col1, y, 300, "6e - Protection et sécurité", "z1", "6A", 1, "2025-10-01 10:00", true, "2025-10-01 11:00", 0.9, nil)

	// col2: no typed counts: estimate from the 6e campaigns.
	ev := f.file("pix_campagne", col2, y)
	prot, init, ratt := "6e - Protection et sécurité", "6e - Initiation aux compétences numériques", "6e - Parcours de RATTRAPAGE"
	// b1: both parcours >= 50 % (0.6, 0.5): obtained on the later sharing, November.
	f.part(ev, col2, y, 401, prot, "b1", "6A", 1, "2025-10-05 10:00", true, "2025-10-05 11:00", 0.6, nil)
	f.part(ev, col2, y, 402, init, "b1", "6A", 1, "2025-11-10 10:00", true, "2025-11-10 11:00", 0.5, nil)
	// b2: initiation under 50 %, catch-up 0.55 in January.
	f.part(ev, col2, y, 401, prot, "b2", "6B", 1, "2025-10-06 10:00", true, "2025-10-06 11:00", 0.7, nil)
	f.part(ev, col2, y, 402, init, "b2", "6B", 1, "2025-11-12 10:00", true, "2025-11-12 11:00", 0.4, nil)
	f.part(ev, col2, y, 403, ratt, "b2", "6B", 1, "2026-01-20 10:00", true, "2026-01-20 11:00", 0.55, nil)
	// b3: initiation not shared: no attestation.
	f.part(ev, col2, y, 401, prot, "b3", "6A", 1, "2025-10-07 10:00", true, "2025-10-07 11:00", 0.8, nil)
	f.part(ev, col2, y, 402, init, "b3", "6A", 0.5, "2025-11-13 10:00", false, nil, nil, nil)
	// b4: in 5e: not a 6e pupil.
	f.part(ev, col2, y, 401, prot, "b4", "5A", 1, "2025-10-03 10:00", true, "2025-10-03 11:00", 0.9, nil)
	f.part(ev, col2, y, 402, init, "b4", "5A", 1, "2025-10-03 12:00", true, "2025-10-03 13:00", 0.9, nil)
	// b5: no class known: counted (the parcours are the 6e ones), October.
	f.part(ev, col2, y, 401, prot, "b5", nil, 1, "2025-10-01 10:00", true, "2025-10-01 11:00", 0.5, nil)
	f.part(ev, col2, y, 402, init, "b5", nil, 1, "2025-10-02 10:00", true, "2025-10-02 11:00", 0.5, nil)

	// col3, 2024-2025: another rule, no estimate.
	f.effectif(col3, "2024-2025", "6e", 30)
	old := f.file("pix_campagne", col3, "2024-2025")
	f.part(old, col3, "2024-2025", 501, prot, "c1", "6A", 1, "2024-10-01 10:00", true, "2024-10-01 11:00", 0.9, nil)
	f.part(old, col3, "2024-2025", 502, init, "c1", "6A", 1, "2024-10-02 10:00", true, "2024-10-02 11:00", 0.9, nil)
	f.run()

	// col1: latest snapshot per class: 6A 20 ÷ 25, 6B 12 ÷ 24: 32 ÷ 49, not estimated.
	v := f.must("pix6e_attestation", col1, y, "annee", "")
	f.rate(v, 32, 49, 32.0/49)
	if v.Estimation {
		t.Error("comptes saisis marqués comme estimation")
	}
	f.rate(f.must("pix6e_attestation", col1, y, "annee", "6A"), 20, 25, 0.8)
	// Months from the first snapshot (December) to the last (March): 6A's
	// latest snapshot up to the month end, plus 6B from February.
	for mois, n := range map[string]float64{"2025-12": 10, "2026-01": 10, "2026-02": 22, "2026-03": 32} {
		f.rate(f.must("pix6e_attestation", col1, y, mois, ""), n, 49, n/49)
	}
	f.absent("pix6e_attestation", col1, y, "2025-11", "")

	// col2: b1, b2, b5 = 3 ÷ 40 6e pupils, an estimate.
	v = f.must("pix6e_attestation", col2, y, "annee", "")
	f.rate(v, 3, 40, 3.0/40)
	if !v.Estimation {
		t.Error("estimation depuis les campagnes non marquée")
	}
	// Cumulative: b5 October, b1 November, b2 January; months up to January,
	// the latest sharing of a 6e parcours.
	for mois, n := range map[string]float64{"2025-09": 0, "2025-10": 1, "2025-11": 2, "2025-12": 2, "2026-01": 3} {
		r := f.must("pix6e_attestation", col2, y, mois, "")
		f.rate(r, n, 40, n/40)
		if !r.Estimation {
			t.Errorf("%s : estimation non marquée", mois)
		}
	}
	f.absent("pix6e_attestation", col2, y, "2026-02", "")
	f.absent("pix6e_attestation", col3, "2024-2025", "annee", "")
}

// TestSamePseudonymElsewhere: pupils are keyed on (school, year, pseudonym)
// through cle_eleve. The same pseudonym in another school, or in the same
// school another year, is another pupil with its own class and level.
func TestSamePseudonymElsewhere(t *testing.T) {
	f := newFixture(t)
	const y, y0 = "2025-2026", "2024-2025"
	f.effectif(col1, y, "3e", 40)
	f.effectif(col1, y0, "4e", 30)
	f.effectif(col2, y, "6e", 20)
	a := f.file("pix_campagne", col1, y)
	f.part(a, col1, y, 101, "Rentrée", "p1", "3A", 1, "2025-09-20 10:00", true, "2025-09-20 11:00", 0.5, nil)
	b := f.file("pix_campagne", col1, y0)
	f.part(b, col1, y0, 90, "Rentrée", "p1", "4B", 1, "2024-09-20 10:00", false, nil, nil, nil)
	c := f.file("pix_campagne", col2, y)
	f.part(c, col2, y, 102, "Rentrée", "p1", "6E1", 0.5, "2025-09-21 10:00", false, nil, nil, nil)
	f.run()

	// One pupil in each school and year, each at the level of its own class:
	// col1 2025-2026 3e 1 ÷ 40 (shared, finished); col1 2024-2025 4e 1 ÷ 30
	// (finished, not shared); col2 6e 1 ÷ 20 (neither).
	f.rate(f.must("campagne_participants", col1, y, "annee", "3e"), 1, 40, 1.0/40)
	f.rate(f.must("campagne_participants", col1, y0, "annee", "4e"), 1, 30, 1.0/30)
	f.rate(f.must("campagne_participants", col2, y, "annee", "6e"), 1, 20, 1.0/20)
	f.rate(f.must("campagne_partage", col1, y, "annee", "3e"), 1, 1, 1.0)
	f.rate(f.must("campagne_termine", col1, y0, "annee", "4e"), 1, 1, 1.0)
	f.rate(f.must("campagne_termine", col2, y, "annee", "6e"), 0, 1, 0.0)
	f.absent("campagne_participants", col2, y, "annee", "3e")
}

// TestPupilClass: a pupil's class is the one of its most recent dated row
// among participations, profiles and certifications; undated rows come after
// every dated one; on the same date the first label in sort order wins. The
// counts of stg_eleves are the pupil's participations (campaigns and
// collections), not its certifications.
func TestPupilClass(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	f.effectif(col1, y, "5e", 30)
	f.effectif(col1, y, "4e", 30)
	f.effectif(col1, y, "3e", 30)
	ev := f.file("pix_campagne", col1, y)
	pr := f.file("pix_profils", col1, y)
	ce := f.file("pix_certif_session", col1, y)
	// c1: 5A in October, 3C in a certification in December, 4B in a profile
	// sent in January (the newest), 3D in a profile not sent (undated): 4B.
	f.part(ev, col1, y, 101, "Rentrée", "c1", "5A", 1, "2025-10-01 10:00", true, "2025-10-01 11:00", 0.5, nil)
	f.cert(ce, col1, y, "Y1", "c1", "3C", "Pix", "validee", 300, nil, 9, "2025-12-01")
	f.profil(pr, col1, y, 201, "c1", "4B", true, "2026-01-15 10:00", nil)
	f.profil(pr, col1, y, 202, "c1", "3D", false, nil, nil)
	// c2: two classes on the same date: 3A before 4A in sort order.
	f.part(ev, col1, y, 101, "Rentrée", "c2", "4A", 1, "2025-10-02 10:00", false, nil, nil, nil)
	f.part(ev, col1, y, 102, "Sciences", "c2", "3A", 0.5, "2025-10-02 10:00", false, nil, nil, nil)
	// c3: only undated rows (a profile not sent): the first label, 3B.
	f.profil(pr, col1, y, 201, "c3", "5B", false, nil, nil)
	f.profil(pr, col1, y, 202, "c3", "3B", false, nil, nil)
	// c4: certified only, no class anywhere: no class, no participation.
	f.cert(ce, col1, y, "Y4", "c4", nil, "Pix", "validee", 250, nil, 9, "2026-03-20")
	f.run()

	for eleve, want := range map[string]string{"c1": "4B 4e 3 2 2", "c2": "3A 3e 2 1 0", "c3": "3B 3e 2 0 0", "c4": "- - 0 0 0"} {
		var got string
		if err := f.db.Conn.QueryRowContext(f.ctx, `
			SELECT concat_ws(' ', coalesce(e.classe, '-'), coalesce(e.niveau, '-'), e.participations, e.terminees, e.partagees)
			FROM filmnum_travail.stg_eleves e
			WHERE e.ek = cle_eleve($1, $2, $3)`, col1, y, eleve).Scan(&got); err != nil {
			t.Fatalf("%s : %v", eleve, err)
		}
		if got != want {
			t.Errorf("%s : classe niveau participations terminées partagées = %q, attendu %q", eleve, got, want)
		}
	}
	// Participants per level: 4e c1; 3e c2, c3 (c4 only certified: not a
	// participant); 5e none (c1's October class is not its class).
	f.rate(f.must("campagne_participants", col1, y, "annee", "4e"), 1, 30, 1.0/30)
	f.rate(f.must("campagne_participants", col1, y, "annee", "3e"), 2, 30, 2.0/30)
	f.rate(f.must("campagne_participants", col1, y, "annee", "5e"), 0, 30, 0)
	f.rate(f.must("campagne_participants", col1, y, "annee", ""), 3, 90, 3.0/90)
}

// TestCampaignLabels: the labels of stg_campagnes come from the participations
// kept (through stg_campagnes_libelles), column by column the first in text
// order, one row per campaign whatever the number of label variants.
func TestCampaignLabels(t *testing.T) {
	f := newFixture(t)
	const y = "2025-2026"
	ins := func(file, rang int, campagne int, code, nom, parcours, eleve, debut string, partage bool) {
		t.Helper()
		f.exec(`INSERT INTO raw_pix_participations (fichier_id, rang, uai, annee_scolaire, campagne_id, campagne_code,
			campagne_nom, parcours, eleve, classe, progression, debut, partage)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '3A', 1, CAST($10 AS TIMESTAMPTZ), $11)`,
			file, rang, col1, y, campagne, code, nom, parcours, eleve, debut, partage)
	}
	e1 := f.file("pix_campagne", col1, y)
	e2 := f.file("pix_campagne", col1, y) // newer export, the campaign renamed
	// Campaign 301: b1 kept from e1 (labels v1); b2 in both exports, kept from
	// e2 (shared, later); b3 only in e2 (labels v2). Kept: v1 for b1, v2 for b2 and b3.
	ins(e1, 1, 301, "ABC111", "Rentrée 3e", "Parcours B", "b1", "2025-09-10 10:00", true)
	ins(e1, 2, 301, "ABC111", "Rentrée 3e", "Parcours B", "b2", "2025-09-10 10:00", false)
	ins(e2, 1, 301, "ABC111", "Rentrée 3e (bis)", "Parcours A", "b2", "2025-09-20 10:00", true)
	ins(e2, 2, 301, "ABC111", "Rentrée 3e (bis)", "Parcours A", "b3", "2025-09-21 10:00", true)
	// Campaign 302: c1's older row (labels "Aaa", not shared) loses to the
	// shared one ("Bbb"): a label only on a row not kept is not the campaign's.
	ins(e1, 3, 302, "AAA000", "Aaa", "P", "c1", "2025-09-10 10:00", false)
	ins(e2, 3, 302, "BBB000", "Bbb", "P", "c1", "2025-09-22 10:00", true)
	pr := f.file("pix_profils", col1, y)
	f.exec(`INSERT INTO raw_pix_profils (fichier_id, rang, uai, annee_scolaire, campagne_id, campagne_code, campagne_nom, eleve, classe, envoi)
		VALUES ($1, 1, $2, $3, 401, 'COL401', 'Collecte 3e', 'b1', '3A', true)`, pr, col1, y)
	f.run()

	type row struct {
		code, nom, parcours string
		participants        int64
	}
	want := map[int64]row{
		// name: min("Rentrée 3e", "Rentrée 3e (bis)"); parcours: min("Parcours B", "Parcours A")
		301: {"ABC111", "Rentrée 3e", "Parcours A", 3},
		302: {"BBB000", "Bbb", "P", 1},
		401: {"COL401", "Collecte 3e", "", 1},
	}
	rows, err := f.db.Conn.QueryContext(f.ctx, `SELECT campagne_id, campagne_code, campagne_nom, coalesce(parcours, ''), participants
		FROM stg_campagnes WHERE uai = $1`, col1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]row{}
	for rows.Next() {
		var id int64
		var r row
		if err := rows.Scan(&id, &r.code, &r.nom, &r.parcours, &r.participants); err != nil {
			t.Fatal(err)
		}
		if _, dup := got[id]; dup {
			t.Errorf("stg_campagnes : campagne %d en double", id)
		}
		got[id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("stg_campagnes : %d campagnes, attendu %d (%v)", len(got), len(want), got)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("stg_campagnes, campagne %d : %+v, attendu %+v", id, got[id], w)
		}
	}
}
