-- name: certification
-- title: Certification Pix des élèves de cycle terminal
-- grain: school x school year x period (annee, or month YYYY-MM for the
--   cumulative curve) x dimension (certification level 3e / Tle / Tle pro /
--   CAP2 or '' for the school; status for certif_non_certifies; Pix level for
--   certif_niveau)
-- indicators: certif_taux, certif_non_certifies, certif_score_moyen, certif_score_median, certif_niveau
-- definition: Core Pix certification only (type_certification 'Pix'), one
--   row per pupil (stg_certification_eleves: the best result counts, a pupil
--   certified twice counts once). Population: pupils whose level is a
--   certification level or unknown; pupils known to be in another level are
--   left out (counted in stg_anomalies). certif_taux (taux) = pupils with a
--   validated certification (statut validee) ÷ pupils of the level in
--   seed_effectifs; '' = all certified of the population ÷ pupils of all the
--   school's certification levels; effectif = pupils. Monthly rows are the
--   same count cumulated from September to the end of each month (first
--   validated sitting), up to the month of the latest sitting loaded for the
--   year. certif_non_certifies (taux, dimension = status rejetee, annulee,
--   en_erreur, demarree) = registered pupils whose best attempt has that
--   status ÷ registered pupils. certif_score_moyen / certif_score_median
--   (score) = mean / median Pix score of the certified pupils ('' and per
--   level); effectif = certified pupils. certif_niveau (taux, dimension = Pix
--   level Novice 1 .. Expert 2) = certified pupils at that level ÷ certified
--   pupils (a score under 64 has no level). Only schools with at least one
--   certification row for the year get rows.
-- sources: raw_pix_certifications (through stg_certifications, stg_certification_eleves), seed_effectifs, seed_niveaux_pix

-- Detail table stg_certification_sessions: sessions held per school and year
-- (core Pix certification), with registered and certified pupils.
CREATE OR REPLACE TABLE stg_certification_sessions AS
SELECT uai, annee_scolaire, session_id, min(centre) AS centre,
       min(date_passage) AS date_session, count(DISTINCT eleve) AS inscrits,
       count(DISTINCT eleve) FILTER (WHERE statut = 'validee') AS certifies
FROM stg_certifications
WHERE type_certification = 'Pix'
GROUP BY ALL;

CREATE OR REPLACE TABLE ind_certification AS
WITH pop AS (
    SELECT * FROM stg_certification_eleves
    WHERE niveau IS NULL OR niveau_certification(niveau)
),
ecoles AS (
    SELECT DISTINCT uai, annee_scolaire FROM pop
),
-- levels shown: the school's certification levels in seeds, and any level met
niveaux AS (
    SELECT uai, annee_scolaire, niveau FROM seed_effectifs SEMI JOIN ecoles USING (uai, annee_scolaire)
    WHERE niveau_certification(niveau) AND eleves > 0
    UNION
    SELECT uai, annee_scolaire, niveau FROM pop WHERE niveau IS NOT NULL
),
eleves_niveau AS (
    SELECT n.uai, n.annee_scolaire, n.niveau, s.eleves
    FROM niveaux n LEFT JOIN seed_effectifs s USING (uai, annee_scolaire, niveau)
),
eleves_ecole AS (
    SELECT e.uai, e.annee_scolaire, sum(s.eleves) AS eleves
    FROM ecoles e
    LEFT JOIN seed_effectifs s ON s.uai = e.uai AND s.annee_scolaire = e.annee_scolaire
                              AND niveau_certification(s.niveau)
    GROUP BY ALL
),
-- every certified pupil twice: once for the school (''), once for the level
certifies AS (
    SELECT uai, annee_scolaire, '' AS dimension, score, niveau_pix, date_certification FROM pop WHERE certifie
    UNION ALL
    SELECT uai, annee_scolaire, niveau, score, niveau_pix, date_certification FROM pop WHERE certifie AND niveau IS NOT NULL
),
cibles AS (
    SELECT uai, annee_scolaire, '' AS dimension, eleves FROM eleves_ecole
    UNION ALL
    SELECT uai, annee_scolaire, niveau, eleves FROM eleves_niveau
),
comptes AS (
    SELECT c.uai, c.annee_scolaire, c.dimension, c.eleves,
           count(x.score) FILTER (WHERE x.dimension IS NOT NULL) AS n_scores,
           count(x.dimension) AS certifies,
           avg(x.score) AS score_moyen, median(x.score) AS score_median
    FROM cibles c
    LEFT JOIN certifies x USING (uai, annee_scolaire, dimension)
    GROUP BY ALL
),
-- months from September to the month of the latest sitting of the year
mois AS (
    SELECT m.annee_scolaire, m.mois, m.fin_exclue
    FROM stg_mois m
    JOIN (SELECT annee_scolaire, max(date_passage) AS derniere FROM stg_certifications
          WHERE type_certification = 'Pix' GROUP BY ALL) d
      ON d.annee_scolaire = m.annee_scolaire AND m.debut <= d.derniere
),
-- certified per month of first validated sitting (before September: the
-- first month), then a running sum over the months
par_mois AS (
    SELECT uai, annee_scolaire, dimension,
           strftime(greatest(date_certification, rentree(annee_scolaire)), '%Y-%m') AS mois,
           count(*) AS certifies
    FROM certifies
    WHERE date_certification IS NOT NULL
    GROUP BY ALL
),
cumul AS (
    SELECT c.uai, c.annee_scolaire, m.mois, c.dimension, c.eleves,
           sum(coalesce(p.certifies, 0)) OVER (
               PARTITION BY c.uai, c.annee_scolaire, c.dimension ORDER BY m.mois
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS certifies
    FROM cibles c
    JOIN mois m USING (annee_scolaire)
    LEFT JOIN par_mois p USING (uai, annee_scolaire, dimension, mois)
),
statuts AS (
    SELECT p.uai, p.annee_scolaire, s.statut, count(*) FILTER (WHERE p.statut = s.statut) AS eleves,
           count(*) AS inscrits
    FROM pop p
    CROSS JOIN (SELECT unnest(['rejetee', 'annulee', 'en_erreur', 'demarree']) AS statut
                UNION SELECT DISTINCT statut FROM stg_certification_eleves WHERE statut <> 'validee') s
    GROUP BY ALL
),
niveaux_pix AS (
    SELECT c.uai, c.annee_scolaire, b.niveau AS niveau_pix, b.ordre, c.certifies,
           count(x.niveau_pix) AS eleves
    FROM comptes c
    CROSS JOIN seed_niveaux_pix b
    LEFT JOIN certifies x
           ON x.uai = c.uai AND x.annee_scolaire = c.annee_scolaire
          AND x.dimension = '' AND x.niveau_pix = b.niveau
    WHERE c.dimension = '' AND c.certifies > 0
    GROUP BY ALL
),
lignes AS (
    SELECT 'certif_taux' AS indicateur, uai, annee_scolaire, 'annee' AS periode, dimension,
           certifies AS numerateur, eleves AS denominateur, taux(certifies, eleves) AS valeur,
           'taux' AS unite, eleves AS effectif
    FROM comptes
    UNION ALL
    SELECT 'certif_taux', uai, annee_scolaire, mois, dimension,
           certifies, eleves, taux(certifies, eleves), 'taux', eleves
    FROM cumul
    UNION ALL
    SELECT 'certif_non_certifies', uai, annee_scolaire, 'annee', statut,
           eleves, inscrits, taux(eleves, inscrits), 'taux', inscrits
    FROM statuts
    UNION ALL
    SELECT 'certif_score_moyen', uai, annee_scolaire, 'annee', dimension,
           NULL, NULL, score_moyen, 'score', n_scores
    FROM comptes WHERE certifies > 0
    UNION ALL
    SELECT 'certif_score_median', uai, annee_scolaire, 'annee', dimension,
           NULL, NULL, score_median, 'score', n_scores
    FROM comptes WHERE certifies > 0
    UNION ALL
    SELECT 'certif_niveau', uai, annee_scolaire, 'annee', niveau_pix,
           eleves, certifies, taux(eleves, certifies), 'taux', certifies
    FROM niveaux_pix
)
SELECT indicateur, uai, annee_scolaire, periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(valeur AS DOUBLE) AS valeur, unite, CAST(effectif AS BIGINT) AS effectif,
       false AS estimation
FROM lignes;
