-- name: attestation_6e
-- title: Attestation Pix 6e
-- grain: school x school year x period (annee, or month YYYY-MM for the
--   cumulative curve) x dimension ('' or class, for typed counts)
-- indicators: pix6e_attestation
-- definition: pix6e_attestation (taux) = 6e pupils holding the attestation ÷
--   6e pupils. Preferred source: the per-class counts typed from Pix Orga's
--   attestation screen (raw_pix_attestations_6e), latest snapshot of each
--   class: sum of attestations ÷ sum of the pupils typed (seed_effectifs 6e
--   when no pupil count was typed), estimation = false; one row per class
--   too; monthly rows (from the month of the first snapshot to that of the
--   last) take each class's latest snapshot up to the end of the month.
--   Otherwise, for 2025-2026 and later, an estimate from the 6e assessment
--   campaigns, estimation = true: a pupil has it when, among shared
--   participations, "% maitrise" >= 50 % on both the "Protection et sécurité"
--   and the "Initiation aux compétences numériques" parcours, or on the
--   catch-up ("rattrapage") parcours (parcours recognised by these words in
--   the parcours or campaign name, accents and case ignored); pupils whose
--   class maps to another level than 6e are left out; ÷ 6e pupils of
--   seed_effectifs; monthly rows cumulate by the month the rule was met (date
--   of the last sharing needed), September to the latest sharing loaded.
--   effectif = 6e pupils. Earlier years have no estimate (other rule).
-- sources: raw_pix_attestations_6e (through stg_attestations_6e), raw_pix_participations (through stg_participations), seed_effectifs

-- The 6e campaigns, sorted once by their names (not once per participation).
-- A table, not a CTE: DuckDB pushes "sorte IS NOT NULL" from the join below
-- into a CTE (even MATERIALIZED), under its DISTINCT, and then normalises the
-- names of every participation (5 s of 7 for this file at 4 000 schools).
CREATE OR REPLACE TABLE filmnum_travail._sortes_6e AS
SELECT ua, uai, annee_scolaire, campagne_id,
       CASE WHEN t LIKE '%rattrapage%' THEN 'rattrapage'
            WHEN t LIKE '%protection%' AND t LIKE '%securite%' THEN 'protection'
            WHEN t LIKE '%initiation%' THEN 'initiation' END AS sorte
-- names normalised after DISTINCT: once per campaign, not per participation
FROM (SELECT DISTINCT p.ua, a.uai, a.annee_scolaire, p.campagne_id,
             lower(strip_accents(coalesce(l.parcours, '') || ' ' || coalesce(l.campagne_nom, ''))) AS t
      FROM (SELECT DISTINCT ua, campagne_id, lk FROM stg_participations) p
      JOIN stg_ecoles_annees a USING (ua)
      JOIN stg_campagnes_libelles l USING (lk)
      WHERE a.annee_scolaire >= '2025-2026');

CREATE OR REPLACE TABLE ind_attestation_6e AS
WITH derniers AS (
    -- latest snapshot of each class
    SELECT * FROM stg_attestations_6e
    QUALIFY row_number() OVER (PARTITION BY uai, annee_scolaire, classe ORDER BY date_releve DESC NULLS LAST) = 1
),
saisie AS (
    SELECT d.uai, d.annee_scolaire, sum(d.attestations) AS attestations,
           coalesce(sum(d.eleves), any_value(s.eleves)) AS eleves,
           any_value(r.premier) AS premier, any_value(r.dernier) AS dernier
    FROM derniers d
    JOIN (SELECT uai, annee_scolaire, min(date_releve) AS premier, max(date_releve) AS dernier
          FROM stg_attestations_6e GROUP BY ALL) r USING (uai, annee_scolaire)
    LEFT JOIN seed_effectifs s ON s.uai = d.uai AND s.annee_scolaire = d.annee_scolaire AND s.niveau = '6e'
    GROUP BY ALL
),
saisie_mois AS (
    -- each class's latest snapshot up to the end of each month
    SELECT g.uai, g.annee_scolaire, g.mois, sum(r.attestations) AS attestations
    FROM (
        SELECT c.uai, c.annee_scolaire, c.classe, m.mois, m.fin_exclue
        FROM (SELECT DISTINCT uai, annee_scolaire, classe FROM stg_attestations_6e) c
        JOIN saisie s USING (uai, annee_scolaire)
        JOIN stg_mois m ON m.annee_scolaire = c.annee_scolaire
         AND m.fin_exclue > s.premier AND m.debut <= s.dernier
    ) g
    ASOF LEFT JOIN stg_attestations_6e r
      ON r.uai = g.uai AND r.annee_scolaire = g.annee_scolaire AND r.classe = g.classe
     AND g.fin_exclue > r.date_releve
    GROUP BY ALL
),
-- estimate from the 6e campaigns where nothing was typed
parcours AS (
    SELECT s.uai, s.annee_scolaire, p.ek, p.maitrise, p.partage, p.partage_le, s.sorte
    FROM stg_participations p
    JOIN _sortes_6e s USING (ua, campagne_id)
    ANTI JOIN saisie x ON x.uai = s.uai AND x.annee_scolaire = s.annee_scolaire
    WHERE s.sorte IS NOT NULL
),
eleves6 AS (
    SELECT p.uai, p.annee_scolaire, p.ek,
           min(p.partage_le) FILTER (WHERE p.sorte = 'protection' AND p.partage AND p.maitrise >= 0.5) AS protection,
           min(p.partage_le) FILTER (WHERE p.sorte = 'initiation' AND p.partage AND p.maitrise >= 0.5) AS initiation,
           min(p.partage_le) FILTER (WHERE p.sorte = 'rattrapage' AND p.partage AND p.maitrise >= 0.5) AS rattrapage
    FROM parcours p
    LEFT JOIN stg_eleves e USING (ek)
    WHERE e.niveau IS NULL OR e.niveau = '6e'
    GROUP BY p.uai, p.annee_scolaire, p.ek
),
obtenues AS (
    SELECT uai, annee_scolaire, ek,
           -- least/greatest skip NULLs: only a pair of parcours both met counts
           least(CASE WHEN protection IS NOT NULL AND initiation IS NOT NULL
                      THEN greatest(protection, initiation) END, rattrapage) AS obtenue_le
    FROM eleves6
    WHERE (protection IS NOT NULL AND initiation IS NOT NULL) OR rattrapage IS NOT NULL
),
estimation AS (
    SELECT e.uai, e.annee_scolaire, count(o.ek) AS attestations, any_value(s.eleves) AS eleves
    FROM (SELECT DISTINCT uai, annee_scolaire FROM eleves6) e
    LEFT JOIN obtenues o USING (uai, annee_scolaire)
    LEFT JOIN seed_effectifs s ON s.uai = e.uai AND s.annee_scolaire = e.annee_scolaire AND s.niveau = '6e'
    GROUP BY ALL
),
estimation_mois AS (
    SELECT e.uai, e.annee_scolaire, m.mois, e.eleves,
           sum(coalesce(o.n, 0)) OVER (PARTITION BY e.uai, e.annee_scolaire ORDER BY m.mois
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS attestations
    FROM estimation e
    JOIN stg_mois m USING (annee_scolaire)
    JOIN (SELECT annee_scolaire, max(partage_le) FILTER (WHERE partage) AS derniere FROM parcours GROUP BY ALL) d
      ON d.annee_scolaire = m.annee_scolaire AND CAST(m.debut AS TIMESTAMPTZ) <= d.derniere
    LEFT JOIN (SELECT uai, annee_scolaire,
                      strftime(greatest(CAST(obtenue_le AS DATE), rentree(annee_scolaire)), '%Y-%m') AS mois,
                      count(*) AS n
               FROM obtenues WHERE obtenue_le IS NOT NULL GROUP BY ALL) o
      ON o.uai = e.uai AND o.annee_scolaire = e.annee_scolaire AND o.mois = m.mois
),
lignes AS (
    SELECT uai, annee_scolaire, 'annee' AS periode, '' AS dimension, attestations AS numerateur,
           eleves AS denominateur, false AS estimation
    FROM saisie
    UNION ALL
    SELECT uai, annee_scolaire, 'annee', classe, attestations, eleves, false
    FROM derniers WHERE classe <> ''
    UNION ALL
    SELECT m.uai, m.annee_scolaire, m.mois, '', m.attestations, s.eleves, false
    FROM saisie_mois m JOIN saisie s USING (uai, annee_scolaire)
    UNION ALL
    SELECT uai, annee_scolaire, 'annee', '', attestations, eleves, true
    FROM estimation
    UNION ALL
    SELECT uai, annee_scolaire, mois, '', attestations, eleves, true
    FROM estimation_mois
)
SELECT 'pix6e_attestation' AS indicateur, uai, annee_scolaire, periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(taux(numerateur, denominateur) AS DOUBLE) AS valeur, 'taux' AS unite,
       CAST(denominateur AS BIGINT) AS effectif, estimation
FROM lignes;

DROP TABLE _sortes_6e;
