-- name: campagnes
-- title: Campagnes Pix de l'année
-- grain: school x school year x period annee x dimension ('' or level; Pix
--   competence code 1.1 .. 5.2 for campagne_maitrise)
-- indicators: campagne_participants, campagne_termine, campagne_partage, campagne_maitrise, campagne_a_accompagner
-- definition: A participation = one pupil in one campaign (assessment
--   campaigns and profile collections; a retried campaign counts once: the
--   newest shared participation, else the newest). The level of a pupil comes
--   from the class label (stg_eleves); pupils without a level count in '' only.
--   campagne_participants (taux) = distinct pupils with at least one
--   participation ÷ pupils of seed_effectifs (all levels for '', the level
--   otherwise); effectif = pupils. campagne_termine (taux) = participations
--   finished (progression 100 % or shared; a profile sent) ÷ participations;
--   campagne_partage (taux) = participations shared (profile sent) ÷
--   participations; effectif = participations. campagne_maitrise (taux,
--   dimension = competence) = mean "% de maitrise" of the competence over the
--   shared assessment participations that cover it: numerateur = sum of the
--   masteries, denominateur = participations, effectif = participations.
--   campagne_a_accompagner (taux, '' and certification levels 3e, Tle, Tle
--   pro, CAP2) = pupils of a certification level whose latest sent profile of
--   the year is not yet certifiable (fewer than 5 competences at level >= 1)
--   and who hold no validated certification this year ÷ pupils of those
--   levels with a sent profile; effectif = the latter. The pupils are listed
--   (pseudonyms only) in stg_eleves_a_accompagner. Only schools with at least
--   one participation in the year get rows.
-- sources: raw_pix_participations, raw_pix_maitrises, raw_pix_profils, raw_pix_profil_competences (through stg_participations, stg_profils, stg_eleves), stg_certification_eleves, seed_effectifs

-- Detail table stg_campagnes: one row per campaign, with its first
-- participation date (lancee_le: campaigns launched at the rentrée), counts and
-- the mean overall mastery of shared participations (assessment only).
CREATE OR REPLACE TABLE stg_campagnes AS
-- NOT MATERIALIZED: read three times below (labels, counts, levels), each
-- reading only its own columns, rather than copied whole first. Campaigns are
-- grouped on the school-year key ua, named at the end (stg_ecoles_annees).
WITH parts AS NOT MATERIALIZED (
    SELECT ua, campagne_id, 'evaluation' AS type_campagne, lk,
           ek, termine, partage, debut AS date_debut, maitrise
    FROM stg_participations
    UNION ALL
    SELECT cle_ecole_annee(uai, annee_scolaire), campagne_id, 'collecte_profils', lk,
           ek, envoi, envoi, envoi_le, NULL
    FROM stg_profils
),
-- The labels of each campaign (stg_campagnes_libelles): the first code, name
-- and parcours in text order among those its participations carry. DISTINCT
-- before the join: it and the text minimums see one row per campaign and
-- label key, not one per participation.
libelles AS (
    SELECT p.ua, p.campagne_id, p.type_campagne,
           min(l.campagne_code) AS campagne_code, min(l.campagne_nom) AS campagne_nom,
           min(l.parcours) AS parcours
    FROM (SELECT DISTINCT ua, campagne_id, type_campagne, lk FROM parts) p
    JOIN stg_campagnes_libelles l USING (lk)
    GROUP BY ALL
),
-- The levels of each campaign's pupils: a join of the campaign's key and the
-- pupil alone, joined back by campaign. Joined to the participations before
-- the GROUP BY, the pupils carried every column it reads through the join,
-- which spilled to disk (national size, replayed at 400MB: 4.3 and 5.8 s
-- against 6.7-6.9 s, the same rows). DISTINCT: a list state holding every
-- participation's level ran out of memory at 11 000 schools (list states are
-- not spilled to disk).
niveaux AS (
    SELECT p.ua, p.campagne_id, p.type_campagne,
           list_sort(list(DISTINCT e.niveau)) AS niveaux
    FROM parts p JOIN stg_eleves e USING (ek)
    WHERE e.niveau IS NOT NULL
    GROUP BY ALL
)
SELECT a.uai, a.annee_scolaire, c.campagne_id, c.type_campagne,
       l.campagne_code, l.campagne_nom, l.parcours, c.* EXCLUDE (ua, campagne_id, type_campagne),
       coalesce(n.niveaux, []) AS niveaux
FROM (
    SELECT ua, campagne_id, type_campagne, min(date_debut) AS lancee_le,
           count(*) AS participants, count(*) FILTER (WHERE termine) AS termines,
           count(*) FILTER (WHERE partage) AS partages,
           -- as decimals, like the mastery sums of ind_campagnes: an average of
           -- doubles changed in its last digit from one run to the next
           CAST(avg(CAST(maitrise AS DECIMAL(18, 9))) FILTER (WHERE partage) AS DOUBLE) AS maitrise_moyenne
    FROM parts
    GROUP BY ua, campagne_id, type_campagne
) c
JOIN stg_ecoles_annees a USING (ua)
JOIN libelles l USING (ua, campagne_id, type_campagne)
LEFT JOIN niveaux n USING (ua, campagne_id, type_campagne);

-- Detail table stg_eleves_a_accompagner: pupils of certification levels whose
-- latest sent profile is not certifiable yet. Pseudonyms only: names come
-- from raw_identites, joined by the school report when asked (--nominatif).
CREATE OR REPLACE TABLE stg_eleves_a_accompagner AS
WITH profils AS (
    SELECT p.uai, p.annee_scolaire, p.eleve, p.campagne_id, p.envoi_le, p.niveaux_1, p.pix_total,
           e.classe, e.niveau, ek
    FROM stg_profils p
    JOIN stg_eleves e USING (ek)
    WHERE p.envoi AND niveau_certification(e.niveau)
    QUALIFY row_number() OVER (PARTITION BY ek
                               ORDER BY p.envoi_le DESC NULLS LAST, p.campagne_id DESC) = 1
)
SELECT p.* EXCLUDE (ek), coalesce(c.certifie, false) AS certifie,
       coalesce(p.niveaux_1, 0) < 5 AND NOT coalesce(c.certifie, false) AS a_accompagner
FROM profils p
LEFT JOIN stg_certification_eleves c USING (ek);

-- Mastery sums per school year and competence (campagne_maitrise), straight
-- from the long raw table (tens of millions of rows): only the shared
-- participations kept, never copied. A shared participation is one 64-bit
-- key (file, row) with its school-year key ua: 16 bytes per row in the hash
-- table of the join against 40 for file, row, school and year (national
-- size, replayed: 5.2 and 5.9 s against 7.2-8.0 s, the same rows).

-- The join runs in four slices of files (fichier_id), cut near the quartiles
-- of the shared participations: a slice's hash table fits in memory where the
-- whole one (9.5 M participations at national size) did not, and DuckDB
-- spilled both sides of the join to disk. The filters on fichier_id are
-- constants once the variable is read, so each slice's scan of the raw table
-- skips the row groups of other files. The cuts are approximate (any sorted
-- cuts give the same sums; only the slices' sizes depend on them).
SET VARIABLE _tranches_maitrise = (
    SELECT list_sort(approx_quantile(fichier_id, [0.25, 0.5, 0.75]))
    FROM stg_participations WHERE partage
);
-- A row of a file as one integer (file, row); a file in slice i (1 to 4).
-- Both sides of the join filter their own scan with _dans_tranche.
CREATE OR REPLACE TEMP MACRO _cle_ligne(f, r) AS f::BIGINT * 4294967296 + r;
CREATE OR REPLACE TEMP MACRO _dans_tranche(f, i) AS
    (i = 1 OR f >= getvariable('_tranches_maitrise')[i - 1])
    AND (i = 4 OR f < getvariable('_tranches_maitrise')[i]);
CREATE OR REPLACE TEMP MACRO _sommes_maitrise(i) AS TABLE
WITH partagees AS (
    SELECT _cle_ligne(p.fichier_id, p.rang) AS cle, p.ua
    FROM stg_participations p
    WHERE p.partage AND _dans_tranche(p.fichier_id, i)
)
-- summed as decimals (Pix writes two decimals): a sum of doubles depends on
-- the order DuckDB's threads add the rows, and its last digit changed from
-- one run to the next
SELECT p.ua, m.code AS dimension,
       sum(CAST(m.maitrise AS DECIMAL(18, 9))) AS somme, count(*) AS participations
FROM raw_pix_maitrises m
JOIN partagees p ON p.cle = _cle_ligne(m.fichier_id, m.rang)
WHERE m.portee = 'competence' AND m.maitrise IS NOT NULL AND NOT starts_with(m.code, '?')
  AND _dans_tranche(m.fichier_id, i)
GROUP BY ALL;

-- a school year's files can fall in several slices: summed again (exact
-- decimals, so the order does not matter)
CREATE OR REPLACE TABLE filmnum_travail._maitrise AS
SELECT e.uai, e.annee_scolaire, s.dimension, CAST(sum(s.somme) AS DOUBLE) AS somme,
       sum(s.participations) AS participations
FROM (
    FROM _sommes_maitrise(1) UNION ALL FROM _sommes_maitrise(2)
    UNION ALL FROM _sommes_maitrise(3) UNION ALL FROM _sommes_maitrise(4)
) s
JOIN stg_ecoles_annees e USING (ua)
GROUP BY ALL;
DROP MACRO TABLE _sommes_maitrise;
DROP MACRO _dans_tranche;
DROP MACRO _cle_ligne;
RESET VARIABLE _tranches_maitrise;

CREATE OR REPLACE TABLE ind_campagnes AS
-- each pupil counted for the school ('') and for its level, from its counts
-- in stg_eleves: no DISTINCT over tens of millions of rows (at 11 000 schools
-- the former count(DISTINCT eleve) over a materialised copy of every
-- participation ran out of memory)
-- (grouped on the school and year's key ua, named through stg_ecoles_annees)
WITH comptes AS (
    SELECT ua, unnest(CASE WHEN niveau IS NULL THEN [''] ELSE ['', niveau] END) AS dimension,
           participations, terminees, partagees
    FROM stg_eleves
    WHERE participations > 0
),
comptes_dim AS (
    SELECT a.uai, a.annee_scolaire, c.dimension, c.eleves_participants, c.participations, c.terminees, c.partagees
    FROM (
        SELECT ua, dimension, count(*) AS eleves_participants,
               CAST(sum(participations) AS BIGINT) AS participations,
               CAST(sum(terminees) AS BIGINT) AS terminees, CAST(sum(partagees) AS BIGINT) AS partagees
        FROM comptes GROUP BY ALL
    ) c
    JOIN stg_ecoles_annees a USING (ua)
),
ecoles AS (
    SELECT DISTINCT uai, annee_scolaire FROM comptes_dim WHERE dimension = ''
),
effectifs AS (
    SELECT s.uai, s.annee_scolaire, '' AS dimension, sum(s.eleves) AS eleves
    FROM seed_effectifs s SEMI JOIN ecoles USING (uai, annee_scolaire) GROUP BY ALL
    UNION ALL
    SELECT s.uai, s.annee_scolaire, s.niveau, s.eleves
    FROM seed_effectifs s SEMI JOIN ecoles USING (uai, annee_scolaire) WHERE s.eleves > 0
),
participants AS (
    SELECT uai, annee_scolaire, dimension, coalesce(c.eleves_participants, 0) AS participants, f.eleves
    FROM comptes_dim c FULL JOIN effectifs f USING (uai, annee_scolaire, dimension)
),
accompagner AS (
    SELECT uai, annee_scolaire, '' AS dimension, count(*) FILTER (WHERE a_accompagner) AS eleves, count(*) AS profils
    FROM stg_eleves_a_accompagner GROUP BY ALL
    UNION ALL
    SELECT uai, annee_scolaire, niveau, count(*) FILTER (WHERE a_accompagner), count(*)
    FROM stg_eleves_a_accompagner GROUP BY ALL
),
lignes AS (
    SELECT 'campagne_participants' AS indicateur, uai, annee_scolaire, dimension,
           participants AS numerateur, eleves AS denominateur, taux(participants, eleves) AS valeur,
           eleves AS effectif
    FROM participants
    UNION ALL
    SELECT 'campagne_termine', uai, annee_scolaire, dimension, terminees, participations,
           taux(terminees, participations), participations
    FROM comptes_dim
    UNION ALL
    SELECT 'campagne_partage', uai, annee_scolaire, dimension, partagees, participations,
           taux(partagees, participations), participations
    FROM comptes_dim
    UNION ALL
    SELECT 'campagne_maitrise', uai, annee_scolaire, dimension, somme, participations,
           taux(somme, participations), participations
    FROM _maitrise
    UNION ALL
    SELECT 'campagne_a_accompagner', uai, annee_scolaire, dimension, eleves, profils,
           taux(eleves, profils), profils
    FROM accompagner
)
SELECT indicateur, uai, annee_scolaire, 'annee' AS periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(valeur AS DOUBLE) AS valeur, 'taux' AS unite, CAST(effectif AS BIGINT) AS effectif,
       false AS estimation
FROM lignes;
DROP TABLE _maitrise;
