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
-- ind_valeurs is a view: the values, ranks and N-1 values in the table
-- stg_valeurs, the four school columns from stg_valeurs_etablissements, the
-- schools of seed_etablissements as they were when the comparisons were
-- computed, and the quartiles and counts from one table per kind of group
-- (stg_valeurs_groupes_dep, stg_valeurs_groupes_aca), joined on the row's
-- group hashes gd and ga. Written into every row, the four text columns made
-- the table's write twice as slow at 11 000 schools (19.6 s against 11.2 s
-- for 9 M rows); the eight quartile and count columns made _rk 5.5 and 5.2 s
-- against 2.8 and 2.6 s, the write of stg_valeurs 8.8 and 8.2 s against 5.2
-- and 5.0 s (national size, this file replayed twice each way).
-- Every comparable value is read once into _valeurs (working table) with integer keys:
--   gd / ga: its comparison group in the département / academy (NULL for a
--     school absent from seed_etablissements), one 64-bit hash of the
--     group's columns;
--   gs: its series, the same month (or the year) of every school year (hash
--     of indicateur, uai, dimension and the month).
-- The quartiles and counts of the compared values are a GROUP BY per group
-- hash (stg_valeurs_groupes_dep, stg_valeurs_groupes_aca). Ranks and N-1
-- values are narrow windows over the row id and the few columns they read,
-- each in a statement of its own (_rk, _n1):
-- per group ordered by compare first, then value, rank() gives the ranks
-- (masked and NULL values sort last: they do not move the others' rank and
-- get none); valeur_n1 is the previous row of the series when it is one year
-- earlier. A row without a group (school absent from the seeds) is
-- partitioned by its series: all in one NULL partition, 9 M rows sorted as
-- one when no school of a national database was in the seeds. _rk (with its
-- groups' quartiles) and _n1 are written in row id order and joined back to
-- _valeurs by position (POSITIONAL JOIN: all scanned in row order), which
-- needs no hash table. Joining back on five text columns cost most of this
-- file's time at national size; two groups or series share a hash only by a
-- 64-bit collision (below one in a million among a few million values).
-- History at 11 000 schools: the quartiles, joined by hash to the POSITIONAL
-- JOIN in the statement writing stg_valeurs, made the planner (which cannot
-- estimate a POSITIONAL JOIN: ~0 rows) build its hash table over the 7.4 M
-- positional rows when the groups were few (schools absent from the seeds)
-- and run out of memory at 400MB; they were then joined inside _rk, before
-- its ORDER BY, and are now joined by the view only. Before, every
-- comparison was a window of one statement (quartiles
-- as quantile_cont over the whole partition): at 400MB, 20.5 s for it
-- against 11 s then for the quartiles, _rk and _n1 (replayed; in it the lag window
-- alone took 14.6 s of thread time, carrying the other windows' columns),
-- and the whole file 29.2 and 26.0 s against 35.4 and 35.6 s in full runs,
-- the same CSV.
-- _masque and _comparable serve both kinds of rows; the macros are dropped
-- at the end.
CREATE OR REPLACE TEMP MACRO _masque(effectif) AS
    coalesce(effectif < coalesce(CAST(getvariable('seuil') AS BIGINT), 10), false);
CREATE OR REPLACE TEMP MACRO _comparable(periode) AS periode = 'annee' OR length(periode) = 7;

-- The six text columns of the values (indicateur, uai, annee_scolaire,
-- periode, dimension, unite) are ENUM types of this run's schema in _valeurs
-- and stg_valeurs, their values sorted (an ORDER BY on them sorts as text, as
-- the N-1 window needs); ind_valeurs casts them back to VARCHAR. Text columns
-- were the larger part of writing these 9 M rows at 11 000 schools (copying
-- stg_valeurs into the database file: the six text columns alone 5.0 s, the
-- eighteen others 3.9 and 5.1 s, all 24 columns 8.6-11.0 s, with the ENUM
-- types 5.9 and 6.7 s). Whole national runs, three alternated pairs: this
-- file 19.9-20.6 s against 26.3-32.3 s, the same CSV (BENCHMARKS.md). '' is
-- in every type: DuckDB rejects an ENUM without values (a database without
-- values).
CREATE OR REPLACE TYPE valeurs_indicateur AS ENUM (
    SELECT v FROM (SELECT DISTINCT indicateur AS v FROM stg_indicateurs WHERE indicateur IS NOT NULL UNION SELECT '') ORDER BY v);
CREATE OR REPLACE TYPE valeurs_uai AS ENUM (
    SELECT v FROM (SELECT DISTINCT uai AS v FROM stg_indicateurs WHERE uai IS NOT NULL UNION SELECT '') ORDER BY v);
CREATE OR REPLACE TYPE valeurs_annee AS ENUM (
    SELECT v FROM (SELECT DISTINCT annee_scolaire AS v FROM stg_indicateurs WHERE annee_scolaire IS NOT NULL UNION SELECT '') ORDER BY v);
CREATE OR REPLACE TYPE valeurs_periode AS ENUM (
    SELECT v FROM (SELECT DISTINCT periode AS v FROM stg_indicateurs WHERE periode IS NOT NULL UNION SELECT '') ORDER BY v);
CREATE OR REPLACE TYPE valeurs_dimension AS ENUM (
    SELECT v FROM (SELECT DISTINCT dimension AS v FROM stg_indicateurs WHERE dimension IS NOT NULL UNION SELECT '') ORDER BY v);
CREATE OR REPLACE TYPE valeurs_unite AS ENUM (
    SELECT v FROM (SELECT DISTINCT unite AS v FROM stg_indicateurs WHERE unite IS NOT NULL UNION SELECT '') ORDER BY v);
CREATE OR REPLACE TABLE filmnum_travail._valeurs AS
SELECT CAST(indicateur AS valeurs_indicateur) AS indicateur, CAST(uai AS valeurs_uai) AS uai,
       CAST(annee_scolaire AS valeurs_annee) AS annee_scolaire, CAST(periode AS valeurs_periode) AS periode,
       CAST(dimension AS valeurs_dimension) AS dimension,
       numerateur, denominateur, valeur, CAST(unite AS valeurs_unite) AS unite, effectif, estimation, masque,
       CASE WHEN type_comparaison IS NOT NULL THEN
            hash(indicateur, annee_scolaire, periode, dimension, type_comparaison, departement_code) END AS gd,
       CASE WHEN type_comparaison IS NOT NULL THEN
            hash(indicateur, annee_scolaire, periode, dimension, type_comparaison, academie_code) END AS ga,
       -- the same month (or the year) of every school year: an N-1 value is
       -- the one just before in this series, when it is one year earlier
       hash(indicateur, uai, dimension, CASE WHEN periode = 'annee' THEN periode ELSE right(periode, 2) END) AS gs,
       valeur IS NOT NULL AND NOT masque AND type_comparaison IS NOT NULL AS compare
FROM (
    SELECT i.*, e.type_comparaison, e.departement_code, e.academie_code, _masque(i.effectif) AS masque
    FROM stg_indicateurs i
    LEFT JOIN seed_etablissements e USING (uai)
    WHERE _comparable(i.periode)
);
-- compressed while in memory (see stg_participations in 02_pix.sql)
CHECKPOINT filmnum_travail;

-- Quartiles and counts: one GROUP BY of the compared values per group hash,
-- kept in a table per kind of group that ind_valeurs joins on gd / ga (a
-- group without a compared value has no row: NULL quartiles and count).
CREATE OR REPLACE TABLE stg_valeurs_groupes_dep AS
SELECT gd, q[1] AS dep_q1, q[2] AS dep_mediane, q[3] AS dep_q3, n AS dep_n
FROM (SELECT gd, quantile_cont(valeur, [0.25, 0.5, 0.75]) AS q, count(*) AS n
      FROM _valeurs WHERE compare GROUP BY gd);

CREATE OR REPLACE TABLE stg_valeurs_groupes_aca AS
SELECT ga, q[1] AS aca_q1, q[2] AS aca_mediane, q[3] AS aca_q3, n AS aca_n
FROM (SELECT ga, quantile_cont(valeur, [0.25, 0.5, 0.75]) AS q, count(*) AS n
      FROM _valeurs WHERE compare GROUP BY ga);

-- Ranks, in row id order.
CREATE OR REPLACE TABLE filmnum_travail._rk AS
SELECT rowid AS r,
       CASE WHEN compare THEN rank() OVER (PARTITION BY coalesce(gd, gs) ORDER BY compare DESC, valeur DESC) END AS dep_rang,
       CASE WHEN compare THEN rank() OVER (PARTITION BY coalesce(ga, gs) ORDER BY compare DESC, valeur DESC) END AS aca_rang
FROM _valeurs
ORDER BY r;

-- N-1 values, in row id order: a window of its own (in the ranks' query,
-- it carried their columns through its sort: 12.7 s against 5.9 + 3.3 s).
CREATE OR REPLACE TABLE filmnum_travail._n1 AS
SELECT rowid AS r,
       CASE WHEN lag(annee_scolaire) OVER ws = annee_precedente(annee_scolaire)
             AND lag(periode) OVER ws = periode_precedente(periode)
             AND NOT lag(masque) OVER ws
            THEN lag(valeur) OVER ws END AS valeur_n1
FROM _valeurs
WINDOW ws AS (PARTITION BY gs ORDER BY annee_scolaire, periode)
ORDER BY r;

CREATE OR REPLACE TABLE stg_valeurs AS
SELECT v.indicateur, v.uai, v.annee_scolaire, v.periode, v.dimension,
       v.numerateur, v.denominateur, v.valeur, v.unite, v.effectif, v.estimation,
       v.gd, v.ga, r.dep_rang, r.aca_rang,
       n.valeur_n1,
       (v.valeur - n.valeur_n1) * CASE WHEN v.unite = 'taux' THEN 100 ELSE 1 END AS ecart_n1_points,
       v.masque
FROM _valeurs v
POSITIONAL JOIN _rk r
POSITIONAL JOIN _n1 n
-- the ORDER BY of _rk and _n1 is what keeps them in row order (without it,
-- with preserve_insertion_order off, 2.9 M of 3 M rows moved in a test): a
-- row out of place stops the run rather than give a value another school's
-- rank
WHERE CASE WHEN r.r = v.rowid AND n.r = v.rowid THEN true
           ELSE error('comparaisons : les rangs ne sont plus alignés sur les valeurs (POSITIONAL JOIN)') END
UNION ALL BY NAME
SELECT CAST(indicateur AS valeurs_indicateur) AS indicateur, CAST(uai AS valeurs_uai) AS uai,
       CAST(annee_scolaire AS valeurs_annee) AS annee_scolaire, CAST(periode AS valeurs_periode) AS periode,
       CAST(dimension AS valeurs_dimension) AS dimension,
       numerateur, denominateur, valeur, CAST(unite AS valeurs_unite) AS unite, effectif, estimation, _masque(effectif) AS masque
FROM stg_indicateurs
WHERE NOT _comparable(periode);

DROP TABLE _valeurs;
DROP TABLE _rk;
DROP TABLE _n1;
DROP MACRO _masque;
DROP MACRO _comparable;

CREATE OR REPLACE TABLE stg_valeurs_etablissements AS
SELECT uai, nom, type_comparaison, departement_code, departement
FROM seed_etablissements
WHERE uai IN (SELECT DISTINCT uai FROM stg_valeurs);

CREATE OR REPLACE VIEW ind_valeurs AS
SELECT CAST(v.indicateur AS VARCHAR) AS indicateur, CAST(v.uai AS VARCHAR) AS uai,
       CAST(v.annee_scolaire AS VARCHAR) AS annee_scolaire, CAST(v.periode AS VARCHAR) AS periode,
       CAST(v.dimension AS VARCHAR) AS dimension,
       v.numerateur, v.denominateur, v.valeur, CAST(v.unite AS VARCHAR) AS unite, v.effectif, v.estimation,
       e.nom, e.type_comparaison, e.departement_code, e.departement,
       d.dep_q1, d.dep_mediane, d.dep_q3, v.dep_rang, d.dep_n,
       a.aca_q1, a.aca_mediane, a.aca_q3, v.aca_rang, a.aca_n,
       v.valeur_n1, v.ecart_n1_points, v.masque
FROM stg_valeurs v
LEFT JOIN stg_valeurs_etablissements e ON e.uai = v.uai
LEFT JOIN stg_valeurs_groupes_dep d ON d.gd = v.gd
LEFT JOIN stg_valeurs_groupes_aca a ON a.ga = v.ga;
