-- ind_valeurs: every row of every ind_<name> table (the view stg_indicateurs,
-- which transform builds from the indicator files it ran) with the school
-- (name, comparison type, département) and its comparisons:
--   dep_q1, dep_mediane, dep_q3, dep_n, dep_rang: quartiles (quantile_cont),
--     count and rank (1 = highest value) among the schools of the same
--     type_comparaison in the same département, for the same indicateur x
--     annee_scolaire x periode x dimension;
--   aca_*: the same over the academy (academie_code);
--   valeur_n1: the school's value for the same indicateur, dimension and
--     period one school year earlier (months move back twelve months;
--     periode_precedente is NULL for a date), NULL when that value is masked;
--   ecart_n1_points: valeur - valeur_n1, in percentage points for rates
--     (x 100), in the indicator's unit otherwise;
--   masque: effectif below the small-number threshold (SET VARIABLE seuil,
--     default 10): reports comparing schools show "effectif insuffisant".
-- Masked values, NULL values and schools absent from seed_etablissements take
-- no part in quartiles and ranks (their dep_rang / aca_rang is NULL). Rows of
-- a snapshot date (periode YYYY-MM-DD: EduConnect) are neither compared nor
-- given an N-1: dates differ from school to school and year to year; their
-- periode annee row (latest snapshot) is.
CREATE OR REPLACE TABLE ind_valeurs AS
WITH v AS (
    SELECT i.*, e.nom, e.type_comparaison, e.departement_code, e.departement, e.academie_code,
           coalesce(i.effectif < coalesce(CAST(getvariable('seuil') AS BIGINT), 10), false) AS masque,
           i.periode = 'annee' OR length(i.periode) = 7 AS periode_comparable
    FROM stg_indicateurs i
    LEFT JOIN seed_etablissements e USING (uai)
),
-- Groups are keyed by one 64-bit hash of their columns: sorting and grouping
-- millions of rows on six text columns costs several times more.
comparables AS (
    SELECT uai, indicateur, annee_scolaire, periode, dimension, valeur,
           hash(indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code) AS gd,
           hash(indicateur, annee_scolaire, periode, dimension, type_comparaison, academie_code) AS ga
    FROM v
    WHERE periode_comparable AND valeur IS NOT NULL AND NOT masque AND type_comparaison IS NOT NULL
),
groupes_dep AS (
    SELECT gd, quantile_cont(valeur, [0.25, 0.5, 0.75]) AS q, count(*) AS n FROM comparables GROUP BY gd
),
groupes_aca AS (
    SELECT ga, quantile_cont(valeur, [0.25, 0.5, 0.75]) AS q, count(*) AS n FROM comparables GROUP BY ga
),
rangs AS (
    SELECT uai, indicateur, annee_scolaire, periode, dimension, gd, ga,
           rank() OVER (PARTITION BY gd ORDER BY valeur DESC) AS dep_rang,
           rank() OVER (PARTITION BY ga ORDER BY valeur DESC) AS aca_rang
    FROM comparables
),
n1 AS (
    SELECT indicateur, uai, annee_scolaire, periode, dimension, valeur AS valeur_n1
    FROM v WHERE periode_comparable AND NOT masque
)
SELECT v.indicateur, v.uai, v.annee_scolaire, v.periode, v.dimension,
       v.numerateur, v.denominateur, v.valeur, v.unite, v.effectif, v.estimation,
       v.nom, v.type_comparaison, v.departement_code, v.departement,
       d.q[1] AS dep_q1, d.q[2] AS dep_mediane, d.q[3] AS dep_q3, r.dep_rang, d.n AS dep_n,
       a.q[1] AS aca_q1, a.q[2] AS aca_mediane, a.q[3] AS aca_q3, r.aca_rang, a.n AS aca_n,
       n1.valeur_n1,
       (v.valeur - n1.valeur_n1) * CASE WHEN v.unite = 'taux' THEN 100 ELSE 1 END AS ecart_n1_points,
       v.masque
FROM v
LEFT JOIN rangs r
       ON r.uai = v.uai AND r.indicateur = v.indicateur AND r.annee_scolaire = v.annee_scolaire
      AND r.periode = v.periode AND r.dimension = v.dimension
LEFT JOIN groupes_dep d ON d.gd = coalesce(r.gd,
       CASE WHEN v.periode_comparable AND v.type_comparaison IS NOT NULL
            THEN hash(v.indicateur, v.annee_scolaire, v.periode, v.dimension, v.type_comparaison, v.departement_code) END)
LEFT JOIN groupes_aca a ON a.ga = coalesce(r.ga,
       CASE WHEN v.periode_comparable AND v.type_comparaison IS NOT NULL
            THEN hash(v.indicateur, v.annee_scolaire, v.periode, v.dimension, v.type_comparaison, v.academie_code) END)
LEFT JOIN n1
       ON n1.indicateur = v.indicateur AND n1.uai = v.uai AND n1.dimension = v.dimension
      AND n1.annee_scolaire = annee_precedente(v.annee_scolaire)
      AND n1.periode = periode_precedente(v.periode);
