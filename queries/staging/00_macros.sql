-- Helpers shared by every later file. Temporary: they live on the
-- connection for the run and are not stored in the database.

-- A rate is NULL ("non disponible") when its denominator is 0 or unknown,
-- never 0 %.
CREATE OR REPLACE TEMP MACRO taux(n, d) AS
    CASE WHEN d IS NULL OR d = 0 THEN NULL ELSE CAST(n AS DOUBLE) / d END;

-- '2025-2026' -> 2025; the school year starts on 1 September of that year.
CREATE OR REPLACE TEMP MACRO annee_debut(a) AS CAST(left(a, 4) AS INTEGER);
CREATE OR REPLACE TEMP MACRO rentree(a) AS make_date(annee_debut(a), 9, 1);
-- First day of the next school year (subscriptions ending before it need renewal).
CREATE OR REPLACE TEMP MACRO rentree_suivante(a) AS make_date(annee_debut(a) + 1, 9, 1);
CREATE OR REPLACE TEMP MACRO annee_precedente(a) AS
    CAST(annee_debut(a) - 1 AS VARCHAR) || '-' || CAST(annee_debut(a) AS VARCHAR);

-- The same period one year earlier: 'annee' stays 'annee', a month moves back
-- twelve months; snapshot dates (EduConnect) have no counterpart.
CREATE OR REPLACE TEMP MACRO periode_precedente(p) AS
    CASE WHEN p = 'annee' THEN 'annee'
         WHEN regexp_full_match(p, '\d{4}-\d{2}')
         THEN CAST(CAST(left(p, 4) AS INTEGER) - 1 AS VARCHAR) || substr(p, 5)
    END;

-- Class label as matched against seed_niveaux_classes: upper case, every
-- space removed (also no-break and narrow no-break spaces from Excel).
CREATE OR REPLACE TEMP MACRO cle_classe(c) AS
    upper(regexp_replace(c, '[\s\x{00A0}\x{202F}]', '', 'g'));

-- Levels on which the Pix certification is taken (3e in collège; Tle,
-- Tle pro, CAP2 in lycée and LP).
CREATE OR REPLACE TEMP MACRO niveau_certification(n) AS
    n IN ('3e', 'Tle', 'Tle pro', 'CAP2');

-- Pupil key: one 128-bit integer for (uai, annee_scolaire, eleve). Pupils are
-- grouped and joined on it instead of the three text columns: the pseudonym
-- (20 characters) is too long for DuckDB to inline, and at 4 000 schools the
-- per-pupil counts of campagnes.sql took 1.9 s on the key against 3.1 s on
-- the columns. Two keys are equal when the 64-bit hash of the triple and the
-- 64-bit hash of the pseudonym both are: two pupils of one school and year
-- collide with probability 2^-64, about 10^-10 for every pupil of the country
-- (11 000 schools x 2 years of 500 pupils); pupils of different schools or
-- years would need both hashes to collide. The columns are NOT NULL in raw_.
CREATE OR REPLACE TEMP MACRO cle_eleve(u, a, e) AS
    (CAST(hash(u, a, e) AS UHUGEINT) << 64) | CAST(hash(e) AS UHUGEINT);

-- School-year key: one 64-bit integer for (uai, annee_scolaire), the key of
-- stg_ecoles_annees (02_pix.sql), which the campaign participations and the
-- pupils carry instead of the two text columns.
CREATE OR REPLACE TEMP MACRO cle_ecole_annee(u, a) AS hash(u, a);
