-- ind_valeurs: every row of every ind_<name> table (the view stg_indicateurs,
-- which transform builds from the indicator files it ran) with the school
-- (name, comparison type, département) and its comparisons:
--   dep_q1, dep_mediane, dep_q3, dep_n, dep_rang: quartiles (quantile_cont),
--     count and rank (1 = highest value) among the schools of the same
--     type_comparaison in the same département, for the same indicateur x
--     annee_scolaire x periode x dimension;
--   aca_*: the same over the academy (academie_code);
--   valeur_n1: the school's value for the same indicateur, dimension and
--     period one school year earlier (months move back twelve months; snapshot
--     dates have none), NULL when that value is masked;
--   ecart_n1_points: valeur - valeur_n1, in percentage points for rates
--     (x 100), in the indicator's unit otherwise;
--   masque: effectif below the small-number threshold (SET VARIABLE seuil,
--     default 10): reports comparing schools show "effectif insuffisant".
-- Masked values, NULL values and schools absent from seed_etablissements take
-- no part in quartiles and ranks (their dep_rang / aca_rang is NULL).
CREATE OR REPLACE TABLE ind_valeurs AS
WITH v AS (
    SELECT i.*, e.nom, e.type_comparaison, e.departement_code, e.departement, e.academie_code,
           coalesce(i.effectif < coalesce(CAST(getvariable('seuil') AS BIGINT), 10), false) AS masque
    FROM stg_indicateurs i
    LEFT JOIN seed_etablissements e USING (uai)
),
comparables AS (
    SELECT indicateur, uai, annee_scolaire, periode, dimension, valeur,
           type_comparaison, departement_code, academie_code
    FROM v
    WHERE valeur IS NOT NULL AND NOT masque AND type_comparaison IS NOT NULL
),
dep AS (
    SELECT indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code,
           quantile_cont(valeur, [0.25, 0.5, 0.75]) AS q, count(*) AS n
    FROM comparables GROUP BY ALL
),
aca AS (
    SELECT indicateur, annee_scolaire, periode, dimension, type_comparaison, academie_code,
           quantile_cont(valeur, [0.25, 0.5, 0.75]) AS q, count(*) AS n
    FROM comparables GROUP BY ALL
),
rangs AS (
    SELECT indicateur, uai, annee_scolaire, periode, dimension,
           rank() OVER (PARTITION BY indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code
                        ORDER BY valeur DESC) AS dep_rang,
           rank() OVER (PARTITION BY indicateur, annee_scolaire, periode, dimension, type_comparaison, academie_code
                        ORDER BY valeur DESC) AS aca_rang
    FROM comparables
),
n1 AS (
    SELECT indicateur, uai, annee_scolaire, periode, dimension, valeur AS valeur_n1
    FROM v WHERE NOT masque
)
SELECT v.indicateur, v.uai, v.annee_scolaire, v.periode, v.dimension,
       v.numerateur, v.denominateur, v.valeur, v.unite, v.effectif, v.estimation,
       v.nom, v.type_comparaison, v.departement_code, v.departement,
       dep.q[1] AS dep_q1, dep.q[2] AS dep_mediane, dep.q[3] AS dep_q3, r.dep_rang, dep.n AS dep_n,
       aca.q[1] AS aca_q1, aca.q[2] AS aca_mediane, aca.q[3] AS aca_q3, r.aca_rang, aca.n AS aca_n,
       n1.valeur_n1,
       (v.valeur - n1.valeur_n1) * CASE WHEN v.unite = 'taux' THEN 100 ELSE 1 END AS ecart_n1_points,
       v.masque
FROM v
LEFT JOIN dep ON dep.indicateur = v.indicateur AND dep.annee_scolaire = v.annee_scolaire
             AND dep.periode = v.periode AND dep.dimension = v.dimension
             AND dep.type_comparaison = v.type_comparaison AND dep.departement_code = v.departement_code
LEFT JOIN aca ON aca.indicateur = v.indicateur AND aca.annee_scolaire = v.annee_scolaire
             AND aca.periode = v.periode AND aca.dimension = v.dimension
             AND aca.type_comparaison = v.type_comparaison AND aca.academie_code = v.academie_code
LEFT JOIN rangs r ON r.indicateur = v.indicateur AND r.uai = v.uai AND r.annee_scolaire = v.annee_scolaire
                 AND r.periode = v.periode AND r.dimension = v.dimension
LEFT JOIN n1 ON n1.indicateur = v.indicateur AND n1.uai = v.uai AND n1.dimension = v.dimension
            AND n1.annee_scolaire = annee_precedente(v.annee_scolaire)
            AND n1.periode = periode_precedente(v.periode);
