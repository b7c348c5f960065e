-- ind_valeurs: every row of every ind_<name> table (the view stg_indicateurs,
-- which transform builds from the indicator files it ran) with the school
-- (nom, type_comparaison, departement_code, departement) and its comparisons:
--   dep_q1, dep_mediane, dep_q3, dep_n, dep_rang: quartiles (as quantile_cont),
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
-- periode annee row (latest snapshot) is. They are appended to stg_valeurs
-- as they are, without going through _valeurs and its joins: a third of the
-- values at national size (4 000 schools: 6.5 s for the two statements
-- against 9.8 s).
-- ind_valeurs is a view: the values and their comparisons in the table
-- stg_valeurs, the four school columns from stg_valeurs_etablissements, the
-- schools of seed_etablissements as they were when the comparisons were
-- computed. Written into every row, the four text columns made the table's
-- write twice as slow at 11 000 schools (19.6 s against 11.2 s for 9 M rows).
-- Every comparable value is read once into _valeurs (temporary) with integer keys:
--   gd / ga: its comparison group in the département / academy (NULL for a
--     school absent from seed_etablissements), one 64-bit hash of the
--     group's columns;
--   k / k_n1: its own key and the key of its N-1 value (hash of indicateur,
--     uai, dimension, year, period);
-- and the later joins are on integers: ranks by row id, groups and N-1 by
-- hash. Joining back on five text columns cost most of this file's time at
-- national size. The hashed keys are unique because the tidy keys are
-- (checks/cles_uniques.sql); a 64-bit collision among a few million values
-- has a probability below one in a million.
-- Quartiles are read off the rank windows, as quantile_cont computes them:
-- over the n values of a group in ascending order, quartile p lies at
-- h = (n - 1) * p, between the values at 0-based positions floor(h) and
-- ceil(h), weighted lo * (1 - d) + hi * d with d = h - floor(h) (DuckDB's
-- interpolation of DOUBLE, so the same bits); ascending position i is row
-- number n - i of the descending window. quantile_cont kept a copy of every
-- value in a state per group (2.9 M groups at 11 000 schools), outside
-- DuckDB's memory limit: peak 959 and 1 024 MB for the statement against 876
-- and 905 MB this way, 34.0 and 33.8 s against 31.7 and 28.1 s.
-- _masque and _comparable serve both kinds of rows; the macros are dropped
-- at the end.
CREATE OR REPLACE TEMP MACRO _masque(effectif) AS
    coalesce(effectif < coalesce(CAST(getvariable('seuil') AS BIGINT), 10), false);
CREATE OR REPLACE TEMP MACRO _comparable(periode) AS periode = 'annee' OR length(periode) = 7;
CREATE OR REPLACE TEMP MACRO _h(n, p) AS CAST(n - 1 AS DOUBLE) * p;
-- the row number (descending) of the value below / above quartile p
CREATE OR REPLACE TEMP MACRO _rang_bas(n, p) AS n - floor(_h(n, p));
CREATE OR REPLACE TEMP MACRO _rang_haut(n, p) AS n - ceil(_h(n, p));
CREATE OR REPLACE TEMP MACRO _quartile(bas, haut, n, p) AS
    bas * (1.0 - (_h(n, p) - floor(_h(n, p)))) + haut * (_h(n, p) - floor(_h(n, p)));

CREATE OR REPLACE TEMP TABLE _valeurs AS
SELECT indicateur, uai, annee_scolaire, periode, dimension,
       numerateur, denominateur, valeur, unite, effectif, estimation, masque,
       CASE WHEN type_comparaison IS NOT NULL THEN
            hash(indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code) END AS gd,
       CASE WHEN type_comparaison IS NOT NULL THEN
            hash(indicateur, annee_scolaire, periode, dimension, type_comparaison, academie_code) END AS ga,
       CASE WHEN NOT masque THEN hash(indicateur, uai, dimension, annee_scolaire, periode) END AS k,
       hash(indicateur, uai, dimension, annee_precedente(annee_scolaire), periode_precedente(periode)) AS k_n1,
       valeur IS NOT NULL AND NOT masque AND type_comparaison IS NOT NULL AS compare
FROM (
    SELECT i.*, e.type_comparaison, e.departement_code, e.academie_code, _masque(i.effectif) AS masque
    FROM stg_indicateurs i
    LEFT JOIN seed_etablissements e USING (uai)
    WHERE _comparable(i.periode)
);

CREATE OR REPLACE TABLE stg_valeurs AS
WITH comparables AS (
    SELECT rowid AS rid, gd, ga, valeur FROM _valeurs WHERE compare
),
rangs AS (
    SELECT rid, valeur, gd, ga,
           rank() OVER wd AS dep_rang, row_number() OVER wd AS dep_rn,
           count(*) OVER (wd ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS dep_n,
           rank() OVER wa AS aca_rang, row_number() OVER wa AS aca_rn,
           count(*) OVER (wa ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS aca_n
    FROM comparables
    WINDOW wd AS (PARTITION BY gd ORDER BY valeur DESC), wa AS (PARTITION BY ga ORDER BY valeur DESC)
),
groupes_dep AS (
    SELECT gd, any_value(dep_n) AS n,
           max(valeur) FILTER (WHERE dep_rn = _rang_bas(dep_n, 0.25)) AS q1_bas,
           max(valeur) FILTER (WHERE dep_rn = _rang_haut(dep_n, 0.25)) AS q1_haut,
           max(valeur) FILTER (WHERE dep_rn = _rang_bas(dep_n, 0.5)) AS q2_bas,
           max(valeur) FILTER (WHERE dep_rn = _rang_haut(dep_n, 0.5)) AS q2_haut,
           max(valeur) FILTER (WHERE dep_rn = _rang_bas(dep_n, 0.75)) AS q3_bas,
           max(valeur) FILTER (WHERE dep_rn = _rang_haut(dep_n, 0.75)) AS q3_haut
    FROM rangs GROUP BY gd
),
groupes_aca AS (
    SELECT ga, any_value(aca_n) AS n,
           max(valeur) FILTER (WHERE aca_rn = _rang_bas(aca_n, 0.25)) AS q1_bas,
           max(valeur) FILTER (WHERE aca_rn = _rang_haut(aca_n, 0.25)) AS q1_haut,
           max(valeur) FILTER (WHERE aca_rn = _rang_bas(aca_n, 0.5)) AS q2_bas,
           max(valeur) FILTER (WHERE aca_rn = _rang_haut(aca_n, 0.5)) AS q2_haut,
           max(valeur) FILTER (WHERE aca_rn = _rang_bas(aca_n, 0.75)) AS q3_bas,
           max(valeur) FILTER (WHERE aca_rn = _rang_haut(aca_n, 0.75)) AS q3_haut
    FROM rangs GROUP BY ga
),
n1 AS (
    SELECT k, valeur AS valeur_n1 FROM _valeurs WHERE k IS NOT NULL
)
SELECT v.indicateur, v.uai, v.annee_scolaire, v.periode, v.dimension,
       v.numerateur, v.denominateur, v.valeur, v.unite, v.effectif, v.estimation,
       _quartile(d.q1_bas, d.q1_haut, d.n, 0.25) AS dep_q1,
       _quartile(d.q2_bas, d.q2_haut, d.n, 0.5) AS dep_mediane,
       _quartile(d.q3_bas, d.q3_haut, d.n, 0.75) AS dep_q3, r.dep_rang, d.n AS dep_n,
       _quartile(a.q1_bas, a.q1_haut, a.n, 0.25) AS aca_q1,
       _quartile(a.q2_bas, a.q2_haut, a.n, 0.5) AS aca_mediane,
       _quartile(a.q3_bas, a.q3_haut, a.n, 0.75) AS aca_q3, r.aca_rang, a.n AS aca_n,
       n1.valeur_n1,
       (v.valeur - n1.valeur_n1) * CASE WHEN v.unite = 'taux' THEN 100 ELSE 1 END AS ecart_n1_points,
       v.masque
FROM _valeurs v
LEFT JOIN rangs r ON r.rid = v.rowid
LEFT JOIN groupes_dep d ON d.gd = v.gd
LEFT JOIN groupes_aca a ON a.ga = v.ga
LEFT JOIN n1 ON n1.k = v.k_n1
UNION ALL BY NAME
SELECT indicateur, uai, annee_scolaire, periode, dimension,
       numerateur, denominateur, valeur, unite, effectif, estimation, _masque(effectif) AS masque
FROM stg_indicateurs
WHERE NOT _comparable(periode);

DROP TABLE _valeurs;
DROP MACRO _masque;
DROP MACRO _comparable;
DROP MACRO _quartile;
DROP MACRO _rang_bas;
DROP MACRO _rang_haut;
DROP MACRO _h;

CREATE OR REPLACE TABLE stg_valeurs_etablissements AS
SELECT uai, nom, type_comparaison, departement_code, departement
FROM seed_etablissements
WHERE uai IN (SELECT DISTINCT uai FROM stg_valeurs);

CREATE OR REPLACE VIEW ind_valeurs AS
SELECT v.indicateur, v.uai, v.annee_scolaire, v.periode, v.dimension,
       v.numerateur, v.denominateur, v.valeur, v.unite, v.effectif, v.estimation,
       e.nom, e.type_comparaison, e.departement_code, e.departement,
       v.dep_q1, v.dep_mediane, v.dep_q3, v.dep_rang, v.dep_n,
       v.aca_q1, v.aca_mediane, v.aca_q3, v.aca_rang, v.aca_n,
       v.valeur_n1, v.ecart_n1_points, v.masque
FROM stg_valeurs v
LEFT JOIN stg_valeurs_etablissements e ON e.uai = v.uai;
