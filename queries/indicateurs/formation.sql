-- name: formation
-- title: Formations au numérique des personnels
-- grain: school x school year x period annee x dimension ('' or theme or modality)
-- indicators: formation_enseignants, formation_personnels, formation_heures, formation_theme, formation_modalite, formation_heures_theme, formation_heures_modalite
-- definition: A staff member counts once whatever the number of sessions
--   (distinct pseudonyms). formation_enseignants (taux) = distinct teachers
--   (fonction enseignant in at least one row) who attended at least one
--   digital training in the year ÷ teachers of the school (seed_personnels
--   enseignants); effectif = teachers. formation_personnels (taux) = distinct
--   staff members of any function ÷ all staff (seed_personnels personnels).
--   formation_heures (heures) = sum of attended hours (person x session).
--   formation_theme / formation_modalite (taux, dimension = theme as written /
--   modality presentiel, distanciel, hybride, non_renseignee) = distinct staff
--   trained on it ÷ all staff. formation_heures_theme / formation_heures_modalite
--   (heures) = hours per theme / modality. A school without any attendance row
--   for the year gets no row (no export is not zero training); a school absent
--   from seed_personnels gets NULL rates.
-- sources: raw_formations (through stg_formations), seed_personnels

-- Detail table stg_formation_sessions: sessions held (school x year x training
-- x date x theme x modality) with their attendees and hours.
CREATE OR REPLACE TABLE stg_formation_sessions AS
SELECT uai, annee_scolaire, formation, date_session, theme, modalite,
       count(DISTINCT personne) AS participants,
       count(DISTINCT personne) FILTER (WHERE fonction = 'enseignant') AS enseignants,
       max(duree_h) AS duree_h, sum(duree_h) AS heures_stagiaires
FROM stg_formations
GROUP BY ALL;

CREATE OR REPLACE TABLE ind_formation AS
WITH personnes AS (
    SELECT uai, annee_scolaire, personne, bool_or(fonction = 'enseignant') AS enseignant
    FROM stg_formations
    GROUP BY ALL
),
ecole AS (
    SELECT p.uai, p.annee_scolaire, count(*) AS formes,
           count(*) FILTER (WHERE p.enseignant) AS enseignants_formes,
           any_value(s.enseignants) AS enseignants, any_value(s.personnels) AS personnels
    FROM personnes p
    LEFT JOIN seed_personnels s USING (uai, annee_scolaire)
    GROUP BY ALL
),
heures AS (
    SELECT uai, annee_scolaire, sum(duree_h) AS heures FROM stg_formations GROUP BY ALL
),
par_theme AS (
    SELECT uai, annee_scolaire, theme AS dimension, count(DISTINCT personne) AS formes, sum(duree_h) AS heures
    FROM stg_formations GROUP BY ALL
),
par_modalite AS (
    SELECT uai, annee_scolaire, modalite AS dimension, count(DISTINCT personne) AS formes, sum(duree_h) AS heures
    FROM stg_formations GROUP BY ALL
),
lignes AS (
    SELECT 'formation_enseignants' AS indicateur, uai, annee_scolaire, '' AS dimension,
           enseignants_formes AS numerateur, enseignants AS denominateur,
           taux(enseignants_formes, enseignants) AS valeur, 'taux' AS unite, enseignants AS effectif
    FROM ecole
    UNION ALL
    SELECT 'formation_personnels', uai, annee_scolaire, '', formes, personnels,
           taux(formes, personnels), 'taux', personnels
    FROM ecole
    UNION ALL
    SELECT 'formation_heures', h.uai, h.annee_scolaire, '', NULL, NULL, coalesce(h.heures, 0), 'heures', e.personnels
    FROM heures h JOIN ecole e USING (uai, annee_scolaire)
    UNION ALL
    SELECT 'formation_theme', t.uai, t.annee_scolaire, t.dimension, t.formes, e.personnels,
           taux(t.formes, e.personnels), 'taux', e.personnels
    FROM par_theme t JOIN ecole e USING (uai, annee_scolaire)
    UNION ALL
    SELECT 'formation_modalite', m.uai, m.annee_scolaire, m.dimension, m.formes, e.personnels,
           taux(m.formes, e.personnels), 'taux', e.personnels
    FROM par_modalite m JOIN ecole e USING (uai, annee_scolaire)
    UNION ALL
    SELECT 'formation_heures_theme', t.uai, t.annee_scolaire, t.dimension, NULL, NULL,
           coalesce(t.heures, 0), 'heures', e.personnels
    FROM par_theme t JOIN ecole e USING (uai, annee_scolaire)
    UNION ALL
    SELECT 'formation_heures_modalite', m.uai, m.annee_scolaire, m.dimension, NULL, NULL,
           coalesce(m.heures, 0), 'heures', e.personnels
    FROM par_modalite m JOIN ecole e USING (uai, annee_scolaire)
)
SELECT indicateur, uai, annee_scolaire, 'annee' AS periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(valeur AS DOUBLE) AS valeur, unite, CAST(effectif AS BIGINT) AS effectif,
       false AS estimation
FROM lignes;
