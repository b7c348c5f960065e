-- Fixed data for the report tests: the tables the reports read, written by
-- hand (a per-school parameter table expanded by plain arithmetic), so the
-- reports are tested without ingest or transform. ind_valeurs follows the
-- contract of ARCHITECTURE.md and report/CONTRACT.md.
-- Académie de Limoges (22): 11 schools in 19, 23, 87. One school is named
-- <script>alert(1)</script>, one resource starts with '=' (CSV formulas),
-- one school has fewer than 10 pupils at its certification level.

CREATE TABLE seed_etablissements (uai VARCHAR, nom VARCHAR, type VARCHAR, type_comparaison VARCHAR, secteur VARCHAR,
    departement_code VARCHAR, departement VARCHAR, commune VARCHAR, academie_code VARCHAR, academie VARCHAR);
INSERT INTO seed_etablissements VALUES
('0870001D', 'Collège Maupassant', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
('0870002E', 'Collège Jean Moulin', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Saint-Junien', '22', 'Limoges'),
('0870003F', 'Collège de Bellac', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Bellac', '22', 'Limoges'),
('0870004G', '<script>alert(1)</script>', 'Collège', 'college', 'Public', '87', 'Haute-Vienne', 'Ambazac', '22', 'Limoges'),
('0870010N', 'Lycée Gay-Lussac', 'LGT', 'lycee', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
('0870011P', 'Cité scolaire Paul Éluard', 'Cité scolaire', 'lycee', 'Public', '87', 'Haute-Vienne', 'Saint-Junien', '22', 'Limoges'),
('0870020Z', 'Lycée professionnel Marcel Pagnol', 'LP', 'lp', 'Public', '87', 'Haute-Vienne', 'Limoges', '22', 'Limoges'),
('0190001Y', 'Collège Clemenceau', 'Collège', 'college', 'Public', '19', 'Corrèze', 'Tulle', '22', 'Limoges'),
('0190002Z', 'Collège Lakanal & « Brive »', 'Collège', 'college', 'Privé', '19', 'Corrèze', 'Brive-la-Gaillarde', '22', 'Limoges'),
('0190010H', 'Lycée d''Arsonval', 'LGT', 'lycee', 'Public', '19', 'Corrèze', 'Brive-la-Gaillarde', '22', 'Limoges'),
('0230001B', 'Collège Louis Durand', 'Collège', 'college', 'Public', '23', 'Creuse', 'Saint-Vaury', '22', 'Limoges');

CREATE TABLE seed_calendrier (annee_scolaire VARCHAR, evenement VARCHAR, public VARCHAR, debut DATE, fin DATE, libelle VARCHAR);
INSERT INTO seed_calendrier VALUES
('2025-2026', 'vacances', 'tous', '2025-10-18', '2025-11-03', 'Vacances de la Toussaint'),
('2025-2026', 'certification', 'lycee', '2025-11-03', '2026-03-06', 'Certification lycée'),
('2025-2026', 'certification_rattrapage', 'lycee', '2026-03-09', '2026-03-13', 'Rattrapage lycée'),
('2025-2026', 'certification', 'college', '2026-03-16', '2026-06-13', 'Certification collège'),
('2025-2026', 'certification_rattrapage', 'college', '2026-06-15', '2026-06-19', 'Rattrapage collège');

CREATE TABLE seed_effectifs (uai VARCHAR, annee_scolaire VARCHAR, niveau VARCHAR, eleves INTEGER);
INSERT INTO seed_effectifs VALUES
('0870001D', '2025-2026', '6e', 150), ('0870001D', '2025-2026', '3e', 140),
('0870002E', '2025-2026', '6e', 120), ('0870002E', '2025-2026', '3e', 110),
('0870003F', '2025-2026', '6e', 9), ('0870003F', '2025-2026', '3e', 8),
('0870004G', '2025-2026', '6e', 90), ('0870004G', '2025-2026', '3e', 85),
('0870010N', '2025-2026', 'Tle', 320),
('0870011P', '2025-2026', 'Tle', 180), ('0870011P', '2025-2026', '3e', 60),
('0870020Z', '2025-2026', 'Tle pro', 90), ('0870020Z', '2025-2026', 'CAP2', 40),
('0190001Y', '2025-2026', '6e', 130), ('0190001Y', '2025-2026', '3e', 125),
('0190002Z', '2025-2026', '6e', 100), ('0190002Z', '2025-2026', '3e', 95),
('0190010H', '2025-2026', 'Tle', 280),
('0230001B', '2025-2026', '6e', 60), ('0230001B', '2025-2026', '3e', 55);

CREATE TABLE seed_competences (code VARCHAR, libelle VARCHAR, domaine_code VARCHAR, domaine VARCHAR);
INSERT INTO seed_competences VALUES
('1.1', 'Mener une recherche et une veille d''information', '1', 'Information et données'),
('1.2', 'Gérer des données', '1', 'Information et données'),
('1.3', 'Traiter des données', '1', 'Information et données'),
('2.1', 'Interagir', '2', 'Communication et collaboration'),
('2.2', 'Partager et publier', '2', 'Communication et collaboration'),
('2.3', 'Collaborer', '2', 'Communication et collaboration'),
('2.4', 'S''insérer dans le monde numérique', '2', 'Communication et collaboration'),
('3.1', 'Développer des documents textuels', '3', 'Création de contenu'),
('3.2', 'Développer des documents multimédia', '3', 'Création de contenu'),
('3.3', 'Adapter les documents à leur finalité', '3', 'Création de contenu'),
('3.4', 'Programmer', '3', 'Création de contenu'),
('4.1', 'Sécuriser l''environnement numérique', '4', 'Protection et sécurité'),
('4.2', 'Protéger les données personnelles et la vie privée', '4', 'Protection et sécurité'),
('4.3', 'Protéger la santé, le bien-être et l''environnement', '4', 'Protection et sécurité'),
('5.1', 'Résoudre des problèmes techniques', '5', 'Environnement numérique'),
('5.2', 'Construire un environnement numérique', '5', 'Environnement numérique');

-- Per school and year: the figures every indicator row derives from.
-- eleves: pupils; cert: pupils of the certification level(s); certified:
-- certified pupils at year end (NULL = no certification data).
CREATE TEMP TABLE fx (uai VARCHAR, annee VARCHAR, eleves INTEGER, parents INTEGER, ens INTEGER, pers INTEGER,
    ent_e DOUBLE, ent_r DOUBLE, ent_ens DOUBLE, ent_pers DOUBLE, act_e DOUBLE, act_r DOUBLE,
    gar_e DOUBLE, gar_ens DOUBLE, form_ens INTEGER, form_pers INTEGER, heures DOUBLE,
    cert INTEGER, certified INTEGER, score DOUBLE, e6 INTEGER, att6 INTEGER, ec_e DOUBLE, ec_r DOUBLE, partage DOUBLE, a_acc INTEGER);
INSERT INTO fx VALUES
('0870001D', '2025-2026', 560, 900, 42, 60, 0.62, 0.41, 0.88, 0.70, 0.95, 0.78, 0.55, 0.71, 18, 24, 96.5, 140, 118, 312, 150, 128, 0.93, 0.81, 0.74, 17),
('0870001D', '2024-2025', 548, 880, 41, 58, 0.58, 0.36, 0.85, 0.66, 0.93, 0.74, 0.49, 0.66, 12, 17, 61.0, 135, 101, 298, 146, 96, 0.90, 0.77, 0.70, 21),
('0870002E', '2025-2026', 470, 760, 35, 50, 0.48, 0.33, 0.80, 0.61, 0.90, 0.70, 0.42, 0.60, 9, 12, 40.0, 110, 70, 285, 120, 80, 0.88, 0.62, 0.58, 30),
('0870003F', '2025-2026', 35, 60, 6, 10, 0.70, 0.52, 0.92, 0.80, 0.97, 0.85, 0.66, 0.83, 5, 6, 22.0, 8, 7, 301, 9, 8, 0.97, 0.90, 0.80, 1),
('0870004G', '2025-2026', 340, 560, 28, 40, 0.35, 0.22, 0.74, 0.55, 0.86, 0.61, 0.30, 0.51, 4, 6, 12.0, 85, 0, NULL, 90, 41, 0.79, 0.48, 0.41, 44),
('0870010N', '2025-2026', 1250, 1900, 105, 140, 0.71, 0.29, 0.91, 0.74, 0.97, 0.66, 0.63, 0.77, 40, 51, 210.0, 320, 291, 355, 0, 0, 0.95, 0.60, 0.69, 22),
('0870010N', '2024-2025', 1230, 1880, 103, 137, 0.66, 0.27, 0.89, 0.70, 0.96, 0.63, 0.57, 0.70, 31, 40, 150.0, 310, 270, 340, 0, 0, 0.94, 0.58, 0.65, 25),
('0870011P', '2025-2026', 900, 1400, 80, 110, 0.64, 0.25, 0.86, 0.69, 0.94, 0.60, 0.50, 0.69, 22, 30, 120.0, 180, 0, NULL, 0, 0, 0.91, 0.55, 0.52, 60),
('0870020Z', '2025-2026', 420, 650, 45, 60, 0.52, 0.18, 0.83, 0.62, 0.89, 0.52, 0.38, 0.58, 11, 15, 55.0, 130, 96, 240, 0, 0, 0.85, 0.45, 0.47, 31),
('0190001Y', '2025-2026', 500, 820, 38, 52, 0.57, 0.39, 0.84, 0.65, 0.92, 0.73, 0.47, 0.64, 14, 18, 70.0, 125, 95, 305, 130, 110, 0.90, 0.72, 0.66, 19),
('0190002Z', '2025-2026', 390, 640, 30, 41, 0.45, 0.30, 0.78, 0.58, 0.88, 0.66, 0.40, 0.55, 7, 9, 30.0, 95, 60, 290, 100, 72, 0.87, 0.64, 0.55, 25),
('0190010H', '2025-2026', 1100, 1700, 95, 128, 0.68, 0.31, 0.90, 0.72, 0.96, 0.64, 0.58, 0.74, 33, 42, 180.0, 280, 240, 348, 0, 0, 0.94, 0.59, 0.63, 28),
('0230001B', '2025-2026', 240, 400, 20, 28, 0.50, 0.35, 0.81, 0.60, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- Rhythm of the year (rentrée high, holidays low), September → June.
CREATE TEMP TABLE mois (m VARCHAR, k INTEGER, f DOUBLE);
INSERT INTO mois VALUES ('09', 0, 1.10), ('10', 1, 0.98), ('11', 2, 1.02), ('12', 3, 0.84), ('01', 4, 1.00),
    ('02', 5, 0.88), ('03', 6, 1.05), ('04', 7, 0.80), ('05', 8, 0.93), ('06', 9, 0.72);

CREATE TEMP TABLE base (indicateur VARCHAR, uai VARCHAR, annee_scolaire VARCHAR, periode VARCHAR, dimension VARCHAR,
    numerateur DOUBLE, denominateur DOUBLE, valeur DOUBLE, unite VARCHAR, effectif BIGINT, estimation BOOLEAN);

-- ENT, per profile: year and months.
-- The year is the mean of ten monthly rates: numerateur = their sum, denominateur = 10 months.
INSERT INTO base
SELECT 'ent_connexion', uai, annee, 'annee', p.d, round(p.r * 10, 4), 10, round(p.r * 10, 4) / 10, 'taux', p.n, false
FROM fx, (SELECT unnest([
    {'d': 'eleve', 'r': ent_e, 'n': eleves}, {'d': 'responsable', 'r': ent_r, 'n': parents},
    {'d': 'enseignant', 'r': ent_ens, 'n': ens}, {'d': 'personnel', 'r': ent_pers, 'n': pers}]) AS p) t(p)
WHERE p.r IS NOT NULL;
INSERT INTO base
SELECT 'ent_connexion', fx.uai, fx.annee,
    (CASE WHEN mois.k < 4 THEN left(fx.annee, 4) ELSE right(fx.annee, 4) END) || '-' || mois.m, p.d,
    round(least(1.0, p.r * mois.f) * p.n), p.n, round(least(1.0, p.r * mois.f) * p.n) / p.n, 'taux', p.n, false
FROM fx, mois, (SELECT unnest([
    {'d': 'eleve', 'r': ent_e, 'n': eleves}, {'d': 'responsable', 'r': ent_r, 'n': parents},
    {'d': 'enseignant', 'r': ent_ens, 'n': ens}, {'d': 'personnel', 'r': ent_pers, 'n': pers}]) AS p) t(p)
WHERE p.r IS NOT NULL;
INSERT INTO base
SELECT 'ent_activation', uai, annee, 'annee', p.d, round(p.r * p.n), p.n, round(p.r * p.n) / p.n, 'taux', p.n, false
FROM fx, (SELECT unnest([{'d': 'eleve', 'r': act_e, 'n': eleves}, {'d': 'responsable', 'r': act_r, 'n': parents}]) AS p) t(p)
WHERE p.r IS NOT NULL;

-- GAR.
INSERT INTO base
SELECT 'gar_utilisation', uai, annee, 'annee', p.d, round(p.r * p.n), p.n, round(p.r * p.n) / p.n, 'taux', p.n, false
FROM fx, (SELECT unnest([{'d': 'eleve', 'r': gar_e, 'n': eleves}, {'d': 'enseignant', 'r': gar_ens, 'n': ens}]) AS p) t(p)
WHERE p.r IS NOT NULL;
INSERT INTO base VALUES
('gar_licences_attribuees', '0870001D', '2025-2026', 'annee', '', 604, 710, 604.0 / 710, 'taux', 710, false),
('gar_licences_non_attribuees', '0870001D', '2025-2026', 'annee', '', NULL, NULL, 106, 'nombre', 710, false),
('gar_abonnements_fin', '0870001D', '2025-2026', 'annee', '', NULL, NULL, 2, 'nombre', 4, false),
('gar_ressource', '0870001D', '2025-2026', 'annee', 'Le Livre Scolaire', 301, 420, 301.0 / 420, 'taux', 420, false),
('gar_ressource', '0870001D', '2025-2026', 'annee', 'Lumni', 95, 560, 95.0 / 560, 'taux', 560, false),
('gar_ressource', '0870001D', '2025-2026', 'annee', '=HYPERLINK("http://exemple.invalid","clic")', 12, 40, 12.0 / 40, 'taux', 40, false),
('gar_ressource', '0870001D', '2025-2026', 'annee', 'Éduthèque <b>gras</b>', 40, 150, 40.0 / 150, 'taux', 150, false);

-- Training.
INSERT INTO base SELECT 'formation_enseignants', uai, annee, 'annee', '', form_ens, ens, form_ens / ens, 'taux', ens, false FROM fx WHERE form_ens IS NOT NULL;
INSERT INTO base SELECT 'formation_personnels', uai, annee, 'annee', '', form_pers, pers, form_pers / pers, 'taux', pers, false FROM fx WHERE form_pers IS NOT NULL;
INSERT INTO base SELECT 'formation_heures', uai, annee, 'annee', '', NULL, NULL, heures, 'heures', pers, false FROM fx WHERE heures IS NOT NULL;
INSERT INTO base VALUES
('formation_theme', '0870001D', '2025-2026', 'annee', 'ENT', 14, 60, 14.0 / 60, 'taux', 60, false),
('formation_theme', '0870001D', '2025-2026', 'annee', 'Pix', 9, 60, 9.0 / 60, 'taux', 60, false),
('formation_theme', '0870001D', '2025-2026', 'annee', 'IA', 6, 60, 6.0 / 60, 'taux', 60, false),
('formation_modalite', '0870001D', '2025-2026', 'annee', 'presentiel', 15, 60, 15.0 / 60, 'taux', 60, false),
('formation_modalite', '0870001D', '2025-2026', 'annee', 'distanciel', 9, 60, 9.0 / 60, 'taux', 60, false),
('formation_heures_theme', '0870001D', '2025-2026', 'annee', 'ENT', NULL, NULL, 42, 'heures', 60, false),
('formation_heures_theme', '0870001D', '2025-2026', 'annee', 'Pix', NULL, NULL, 31.5, 'heures', 60, false),
('formation_heures_theme', '0870001D', '2025-2026', 'annee', 'IA', NULL, NULL, 23, 'heures', 60, false);

-- Certification: year, cumulative months (lycée Nov → Mar, collège Mar → Jun), scores, Pix levels.
INSERT INTO base SELECT 'certif_taux', uai, annee, 'annee', '', certified, cert, certified / cert, 'taux', cert, false FROM fx WHERE certified IS NOT NULL;
INSERT INTO base
SELECT 'certif_taux', fx.uai, fx.annee, per.p, '', round(fx.certified * c.f), fx.cert, round(fx.certified * c.f) / fx.cert, 'taux', fx.cert, false
FROM fx JOIN seed_etablissements s USING (uai), (VALUES
    ('lycee', '11', 0.10), ('lycee', '12', 0.30), ('lycee', '01', 0.55), ('lycee', '02', 0.80), ('lycee', '03', 1.0), ('lycee', '04', 1.0), ('lycee', '05', 1.0), ('lycee', '06', 1.0),
    ('lp', '11', 0.05), ('lp', '12', 0.20), ('lp', '01', 0.45), ('lp', '02', 0.75), ('lp', '03', 1.0), ('lp', '04', 1.0), ('lp', '05', 1.0), ('lp', '06', 1.0),
    ('college', '03', 0.20), ('college', '04', 0.50), ('college', '05', 0.80), ('college', '06', 1.0)) c(t, m, f),
    LATERAL (SELECT (CASE WHEN c.m >= '09' THEN left(fx.annee, 4) ELSE right(fx.annee, 4) END) || '-' || c.m AS p) per
WHERE fx.certified IS NOT NULL AND s.type_comparaison = c.t;
INSERT INTO base SELECT 'certif_score_moyen', uai, annee, 'annee', '', NULL, NULL, score, 'score', certified, false FROM fx WHERE score IS NOT NULL;
INSERT INTO base
SELECT 'certif_niveau', uai, annee, 'annee', l.n, round(certified * l.f), certified, round(certified * l.f) / certified, 'taux', certified, false
FROM fx, (VALUES ('Novice 1', 0.04), ('Novice 2', 0.16), ('Indépendant 1', 0.38), ('Indépendant 2', 0.30), ('Avancé 1', 0.10), ('Avancé 2', 0.02)) l(n, f)
WHERE certified > 0 AND annee = '2025-2026';
INSERT INTO base VALUES
('certif_non_certifies', '0870001D', '2025-2026', 'annee', 'rejetee', 9, 137, 9.0 / 137, 'taux', 137, false),
('certif_non_certifies', '0870001D', '2025-2026', 'annee', 'annulee', 2, 137, 2.0 / 137, 'taux', 137, false);

-- 6e attestation (collèges), an estimate for one school.
INSERT INTO base SELECT 'pix6e_attestation', uai, annee, 'annee', '', att6, e6, att6 / e6, 'taux', e6, uai = '0870002E' FROM fx WHERE e6 > 0;

-- EduConnect snapshots (school and, for two schools, per class) and the year row = last snapshot.
INSERT INTO base
SELECT i.ind, fx.uai, fx.annee, d.dt, '', round(i.r * d.f * i.n), i.n, round(i.r * d.f * i.n) / i.n, 'taux', i.n, false
FROM fx, (VALUES ('2025-09-15', 0.55), ('2025-10-13', 0.78), ('2025-11-17', 0.92), ('2025-12-08', 1.0)) d(dt, f),
    LATERAL (SELECT unnest([{'ind': 'educonnect_eleves', 'r': ec_e, 'n': eleves}, {'ind': 'educonnect_responsables', 'r': ec_r, 'n': parents}]) AS i) t(i)
WHERE fx.annee = '2025-2026' AND i.r IS NOT NULL;
INSERT INTO base
SELECT indicateur, uai, annee_scolaire, 'annee', '', numerateur, denominateur, valeur, unite, effectif, estimation
FROM base WHERE indicateur LIKE 'educonnect%' AND periode = '2025-12-08';
INSERT INTO base
SELECT i, u, '2025-2026', '2025-12-08', c, a, n, a / n, 'taux', n, false FROM (VALUES
('educonnect_eleves', '0870001D', '6A', 28, 28), ('educonnect_responsables', '0870001D', '6A', 40, 47),
('educonnect_eleves', '0870001D', '6B', 26, 27), ('educonnect_responsables', '0870001D', '6B', 21, 45),
('educonnect_eleves', '0870001D', '5A', 27, 29), ('educonnect_responsables', '0870001D', '5A', 44, 49),
('educonnect_eleves', '0870001D', '4<i>A', 25, 28), ('educonnect_responsables', '0870001D', '4<i>A', 30, 46),
('educonnect_eleves', '0870001D', '3 B', 12, 27), ('educonnect_responsables', '0870001D', '3 B', 19, 44),
('educonnect_eleves', '0870010N', 'TG1', 33, 34), ('educonnect_responsables', '0870010N', 'TG1', 20, 55),
('educonnect_eleves', '0870010N', 'TSTMG2', 30, 32), ('educonnect_responsables', '0870010N', 'TSTMG2', 12, 50),
('educonnect_eleves', '0870010N', '2NDE3', 35, 35), ('educonnect_responsables', '0870010N', '2NDE3', 41, 58)) v(i, u, c, a, n);

-- Pix campaigns.
INSERT INTO base SELECT 'campagne_partage', uai, annee, 'annee', '', round(partage * eleves), eleves, round(partage * eleves) / eleves, 'taux', eleves, false FROM fx WHERE partage IS NOT NULL;
INSERT INTO base SELECT 'campagne_participants', uai, annee, 'annee', '', round(eleves * 0.9), eleves, round(eleves * 0.9) / eleves, 'taux', eleves, false FROM fx WHERE partage IS NOT NULL;
INSERT INTO base SELECT 'campagne_a_accompagner', uai, annee, 'annee', '', a_acc, cert, a_acc / cert, 'taux', cert, false FROM fx WHERE a_acc IS NOT NULL;
INSERT INTO base
SELECT 'campagne_maitrise', '0870001D', '2025-2026', 'annee', code, NULL, NULL, 0.30 + 0.035 * row_number() OVER (ORDER BY code), 'taux', 480, false
FROM seed_competences;

-- Comparisons (the transform's job; recomputed here over the fixed rows).
CREATE TABLE ind_valeurs AS
WITH b AS (
    SELECT base.*, s.nom, s.type_comparaison, s.departement_code, s.departement,
        NOT (indicateur LIKE 'educonnect%' AND dimension <> '') AS comparable
    FROM base JOIN seed_etablissements s USING (uai)
), q AS (
    SELECT b.*,
        CASE WHEN comparable THEN quantile_cont(valeur, 0.25) OVER dep END AS dep_q1,
        CASE WHEN comparable THEN quantile_cont(valeur, 0.5) OVER dep END AS dep_mediane,
        CASE WHEN comparable THEN quantile_cont(valeur, 0.75) OVER dep END AS dep_q3,
        CASE WHEN comparable THEN rank() OVER (PARTITION BY indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code, comparable ORDER BY valeur DESC) END AS dep_rang,
        CASE WHEN comparable THEN count(valeur) OVER dep END AS dep_n,
        CASE WHEN comparable THEN quantile_cont(valeur, 0.25) OVER aca END AS aca_q1,
        CASE WHEN comparable THEN quantile_cont(valeur, 0.5) OVER aca END AS aca_mediane,
        CASE WHEN comparable THEN quantile_cont(valeur, 0.75) OVER aca END AS aca_q3,
        CASE WHEN comparable THEN rank() OVER (PARTITION BY indicateur, annee_scolaire, periode, dimension, type_comparaison, comparable ORDER BY valeur DESC) END AS aca_rang,
        CASE WHEN comparable THEN count(valeur) OVER aca END AS aca_n
    FROM b
    WINDOW dep AS (PARTITION BY indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code, comparable),
           aca AS (PARTITION BY indicateur, annee_scolaire, periode, dimension, type_comparaison, comparable)
)
SELECT q.indicateur, q.uai, q.annee_scolaire, q.periode, q.dimension, q.numerateur, q.denominateur, q.valeur, q.unite,
    q.effectif, q.estimation, q.nom, q.type_comparaison, q.departement_code, q.departement,
    q.dep_q1, q.dep_mediane, q.dep_q3, q.dep_rang, q.dep_n, q.aca_q1, q.aca_mediane, q.aca_q3, q.aca_rang, q.aca_n,
    p.valeur AS valeur_n1,
    CASE WHEN q.unite = 'taux' THEN (q.valeur - p.valeur) * 100 ELSE q.valeur - p.valeur END AS ecart_n1_points,
    q.effectif < 10 AS masque
FROM q LEFT JOIN base p ON p.indicateur = q.indicateur AND p.uai = q.uai AND p.periode = 'annee' AND q.periode = 'annee'
    AND p.dimension = q.dimension AND p.annee_scolaire = '2024-2025' AND q.annee_scolaire = '2025-2026';

-- Details (the stg_ tables of queries/indicateurs/, columns the reports read).
CREATE TABLE stg_certification_sessions (uai VARCHAR, annee_scolaire VARCHAR, session_id BIGINT, centre VARCHAR, date_session DATE, inscrits BIGINT, certifies BIGINT);
INSERT INTO stg_certification_sessions VALUES
('0870010N', '2025-2026', 41001, 'Lycée Gay-Lussac', '2025-11-20', 80, 74), ('0870010N', '2025-2026', 41002, 'Lycée Gay-Lussac', '2026-01-15', 120, 108),
('0870010N', '2025-2026', 41003, 'Lycée Gay-Lussac', '2026-02-26', 120, 109),
('0870020Z', '2025-2026', 41010, 'LP Marcel Pagnol', '2026-02-05', 110, 96),
('0190010H', '2025-2026', 41020, 'Lycée d''Arsonval', '2025-12-11', 150, 131), ('0190010H', '2025-2026', 41021, 'Lycée d''Arsonval', '2026-03-05', 120, 109),
('0870002E', '2025-2026', 52005, 'Collège Jean Moulin', '2026-04-23', 104, 70),
('0870001D', '2025-2026', 52001, 'Collège Maupassant', '2026-04-02', 75, 66), ('0870001D', '2025-2026', 52002, 'Collège Maupassant', '2026-05-21', 62, 52),
('0870003F', '2025-2026', 52010, 'Collège de Bellac', '2026-05-12', 8, 7),
('0190001Y', '2025-2026', 52020, 'Collège Clemenceau', '2026-04-09', 124, 95),
('0190002Z', '2025-2026', 52030, 'Collège Lakanal', '2026-05-28', 90, 60);

CREATE TABLE stg_gar_ressources (uai VARCHAR, annee_scolaire VARCHAR, ressource_id VARCHAR, ressource VARCHAR, editeur VARCHAR,
    illimite BOOLEAN, exemplaires BIGINT, affectes_eleves BIGINT, affectes_enseignants BIGINT, debut DATE, fin DATE,
    utilisateurs_eleves BIGINT, utilisateurs_enseignants BIGINT, estimation_eleves BOOLEAN, estimation_enseignants BOOLEAN,
    affectee BOOLEAN, libelle VARCHAR, licences_non_attribuees BIGINT);
INSERT INTO stg_gar_ressources VALUES
('0870001D', '2025-2026', 'ark:/1/lls', 'Le Livre Scolaire', 'Le Livre Scolaire', false, 450, 400, 20, '2025-09-01', '2026-08-31', 290, 11, false, false, true, 'Le Livre Scolaire', 30),
('0870001D', '2025-2026', 'ark:/1/lumni', 'Lumni', 'France Télévisions', true, NULL, 518, 42, '2025-09-01', '2028-08-31', 80, 15, false, false, true, 'Lumni', NULL),
('0870001D', '2025-2026', 'ark:/1/hyp', '=HYPERLINK("http://exemple.invalid","clic")', '@éditeur', false, 60, 36, 4, '2025-09-01', '2026-07-07', 10, 2, false, false, true, '=HYPERLINK("http://exemple.invalid","clic")', 20),
('0870001D', '2025-2026', 'ark:/1/edu', 'Éduthèque <b>gras</b>', 'Réseau Canopé', false, 200, 140, 10, '2024-09-01', '2027-08-31', 36, 4, false, false, true, 'Éduthèque <b>gras</b>', 50),
('0870001D', '2025-2026', 'ark:/1/old', 'Ressource sans affectation', 'Éditeur', false, 10, NULL, NULL, NULL, '2026-06-30', 0, 0, false, false, false, 'Ressource sans affectation', NULL);

CREATE TABLE stg_campagnes (uai VARCHAR, annee_scolaire VARCHAR, campagne_id BIGINT, type_campagne VARCHAR, campagne_code VARCHAR,
    campagne_nom VARCHAR, parcours VARCHAR, lancee_le TIMESTAMPTZ, participants BIGINT, termines BIGINT, partages BIGINT,
    maitrise_moyenne DOUBLE, niveaux VARCHAR[]);
INSERT INTO stg_campagnes VALUES
('0870001D', '2025-2026', 900101, 'evaluation', 'RENT6E', 'Parcours de rentrée 6e', 'Rentrée 6e', '2025-09-22 10:12:00+02', 148, 140, 136, 0.61, ['6e']),
('0870001D', '2025-2026', 900102, 'evaluation', 'PROT6E', 'Protection et sécurité 6e', 'Protection et sécurité', '2026-01-12 09:00:00+01', 150, 138, 131, 0.58, ['6e']),
('0870001D', '2025-2026', 900103, 'collecte_profils', 'PROF3E', 'Collecte de profils 3e', NULL, '2026-01-05 08:30:00+01', 138, 138, 132, NULL, ['3e', NULL]),
('0870010N', '2025-2026', 900201, 'evaluation', 'RENTTLE', 'Rentrée Tle', 'Rentrée lycée', '2025-11-24 14:00:00+01', 300, 280, 270, 0.55, ['Tle']),
('0870010N', '2025-2026', 900202, 'collecte_profils', 'PROFTLE', 'Collecte de profils Tle', NULL, '2025-12-01 08:00:00+01', 310, 305, 300, NULL, ['Tle']);

CREATE TABLE stg_eleves_a_accompagner (uai VARCHAR, annee_scolaire VARCHAR, eleve VARCHAR, campagne_id BIGINT, envoi_le TIMESTAMPTZ,
    niveaux_1 INTEGER, pix_total INTEGER, classe VARCHAR, niveau VARCHAR, certifie BOOLEAN, a_accompagner BOOLEAN);
INSERT INTO stg_eleves_a_accompagner VALUES
('0870001D', '2025-2026', 'p01', 900103, '2026-02-13 10:00:00+01', 3, 88, '3 B', '3e', false, true),
('0870001D', '2025-2026', 'p02', 900103, '2026-02-13 10:00:00+01', 4, 102, '3 B', '3e', false, true),
('0870001D', '2025-2026', 'p03', 900103, '2026-02-13 10:00:00+01', 2, 61, '3A', '3e', false, true),
('0870001D', '2025-2026', 'p04', 900103, '2026-02-13 10:00:00+01', 0, 12, '3A', '3e', false, true),
('0870001D', '2025-2026', 'p05', 900103, '2026-02-13 10:00:00+01', 7, 240, '3A', '3e', false, false),
('0870010N', '2025-2026', 'p10', 900202, '2026-01-20 10:00:00+01', 4, 140, 'TG1', 'Tle', false, true);

-- Identity data: only the school report with --nominatif may read it.
CREATE TABLE raw_identites (personne VARCHAR, annee_scolaire VARCHAR, uai VARCHAR, nom VARCHAR, prenom VARCHAR,
    date_naissance DATE, lieu_naissance VARCHAR, id_externe VARCHAR, fichier_id INTEGER);
INSERT INTO raw_identites VALUES
('p01', '2025-2026', '0870001D', 'MARTIN', 'Léa', '2011-03-02', 'Limoges', NULL, 1),
('p02', '2025-2026', '0870001D', '=CMD|'' /C calc''!A0', '<img src=x onerror=alert(2)>', '2011-05-12', 'Limoges', NULL, 1),
('p03', '2025-2026', '0870001D', 'DUPONT', 'Hugo', '2011-07-30', 'Tulle', NULL, 1),
('p10', '2025-2026', '0870010N', 'BERNARD', 'Inès', '2008-01-19', 'Limoges', NULL, 2);
