-- Pix staging: one participation per pupil and campaign, one profile per
-- pupil and collection, each certification once. Rows without a school (no
-- UAI in the row nor on its file) cannot be attributed: they are counted in
-- stg_anomalies and left out here.

-- stg_campagnes_libelles: the labels of the campaigns (assessments and profile
-- collections), once per distinct (code, name, parcours), under the key lk
-- the staging tables of participations and profiles carry instead of them.
-- Two label triples share a key only by a 64-bit hash collision (about
-- 100 000 triples at national size); GROUP BY lk then keeps one of them, so
-- no reader's join on lk can double a row.
CREATE OR REPLACE TEMP MACRO cle_libelles(code, nom, parcours) AS hash(code, nom, parcours);
CREATE OR REPLACE TABLE filmnum_travail.stg_campagnes_libelles AS
SELECT lk, any_value(campagne_code) AS campagne_code, any_value(campagne_nom) AS campagne_nom,
       any_value(parcours) AS parcours
FROM (
    SELECT cle_libelles(campagne_code, campagne_nom, parcours) AS lk, campagne_code, campagne_nom, parcours
    FROM raw_pix_participations
    UNION ALL
    SELECT cle_libelles(campagne_code, campagne_nom, NULL::VARCHAR), campagne_code, campagne_nom, NULL
    FROM raw_pix_profils
)
GROUP BY lk;

-- ek: the pupil key (cle_eleve, 00_macros.sql), in every table of pupils;
-- later files group and join pupils on it.

-- stg_ecoles_annees: every school and year of the Pix exports (rows with a
-- school), once each, under the key ua (cle_ecole_annee) that
-- stg_participations and stg_eleves carry instead of uai and annee_scolaire.
-- Two pairs share a key only by a 64-bit hash collision (22 000 pairs in
-- the national sample); GROUP BY ua then keeps one of them, so no join on ua
-- can double a row. Read from the raw tables: deduplication below keeps at
-- least one row of every school and year.
CREATE OR REPLACE TABLE filmnum_travail.stg_ecoles_annees AS
SELECT cle_ecole_annee(uai, annee_scolaire) AS ua, any_value(uai) AS uai, any_value(annee_scolaire) AS annee_scolaire
FROM (
    SELECT coalesce(r.uai, f.uai) AS uai, r.annee_scolaire
    FROM (SELECT fichier_id, uai, annee_scolaire FROM raw_pix_participations
          UNION SELECT fichier_id, uai, annee_scolaire FROM raw_pix_profils
          UNION SELECT fichier_id, uai, annee_scolaire FROM raw_pix_certifications) r
    JOIN stg_fichiers f USING (fichier_id)
)
WHERE uai IS NOT NULL
GROUP BY ua;

-- Window names differ between statements: DuckDB's parser rejects a name
-- already defined by another statement of the same script.

-- stg_participations: assessment campaigns. A pupil who retried has several
-- rows; keep the newest shared one, else the newest one. The same
-- participation exported twice (two files) collapses here too.
-- ua: the school and year (stg_ecoles_annees). As two text columns they
-- made this table and its checkpoint 6.1 and 5.0 s, 3.4 and 3.1 s at
-- national size, against 4.6 and 4.3 s, 2.5 and 2.1 s with the key
-- (replayed, 400MB).
-- termine: parcours finished (progression 100 %, or shared).
-- lignes: rows seen for this pupil and campaign (retries, re-exports).
-- Neither the pseudonym nor the progression is kept: later files know the
-- pupil by ek and read termine; both made the 10 M rows of the national
-- table wider, before its compression, for no reader.
-- lk: the campaign's labels (code, name, parcours) as one 64-bit key into
-- stg_campagnes_libelles: the name and parcours (about 35 characters each,
-- too long for DuckDB to inline) were nearly half the width of the national
-- table's 11 M rows, which it spilled to disk before it checkpointed them
-- (replayed at national size: this table and its checkpoint 7.6 and 7.9 s with
-- the key against 10.3 and 10.7 s with the labels; building
-- stg_campagnes_libelles takes 0.4 s).
-- Nearly every pupil has one row per campaign: only the keys seen more than
-- once go through the window (a sort of 11 M rows at national size took
-- most of this file's time). _k is a hash of the key; a collision only
-- sends two keys through the exact window below, which partitions on the
-- columns themselves.
CREATE OR REPLACE TEMP VIEW _participations AS
SELECT cle_ecole_annee(coalesce(p.uai, f.uai), p.annee_scolaire) AS ua, p.campagne_id,
       cle_libelles(p.campagne_code, p.campagne_nom, p.parcours) AS lk,
       nullif(trim(p.classe), '') AS classe, p.debut,
       coalesce(p.partage, false) AS partage, p.partage_le,
       coalesce(p.partage, false) OR coalesce(p.progression >= 1, false) AS termine,
       p.maitrise, p.fichier_id, p.rang, f.recence,
       cle_eleve(coalesce(p.uai, f.uai), p.annee_scolaire, p.eleve) AS ek,
       hash(coalesce(p.uai, f.uai), p.annee_scolaire, p.campagne_id, p.eleve) AS _k
FROM raw_pix_participations p
JOIN stg_fichiers f USING (fichier_id)
WHERE coalesce(p.uai, f.uai) IS NOT NULL;

CREATE OR REPLACE TABLE filmnum_travail._participations_multiples AS
SELECT _k FROM _participations GROUP BY _k HAVING count(*) > 1;

CREATE OR REPLACE TABLE filmnum_travail.stg_participations AS
SELECT * EXCLUDE (recence, _k), 1::BIGINT AS lignes
FROM _participations
WHERE _k NOT IN (SELECT _k FROM _participations_multiples)
UNION ALL BY NAME
SELECT * EXCLUDE (recence, _k), count(*) OVER w_participation AS lignes
FROM _participations
WHERE _k IN (SELECT _k FROM _participations_multiples)
WINDOW w_participation AS (PARTITION BY ek, campagne_id)
QUALIFY row_number() OVER (
    PARTITION BY ek, campagne_id
    ORDER BY partage DESC, debut DESC NULLS LAST, partage_le DESC NULLS LAST,
             recence DESC, fichier_id DESC, rang) = 1;
DROP TABLE _participations_multiples;
DROP VIEW _participations;
-- Compressed now, while its blocks are still in memory: the working
-- database compresses its tables only when it checkpoints, and left to
-- itself it did so in attestation_6e.sql, over every staging table at once,
-- most of them spilled to the temporary folder by then (national size,
-- replayed: the staging files and attestation_6e.sql 49.4 s with these
-- checkpoints against 63.0 s without, peak 635 MB against 802 MB; whole
-- runs, four alternations: median 119.3 s against 130.0 s, less than their
-- spread, BENCHMARKS.md). A checkpoint compresses only the row groups
-- written since the previous one.
CHECKPOINT filmnum_travail;

-- stg_profils: profile collections, one row per pupil and collection: the
-- newest sent profile, else the newest row. niveaux_1 = competences at level
-- >= 1 (from the per-competence columns; else the export's own count).
-- As for participations, only the keys seen more than once go through the
-- window (11 000 schools, replayed: 3.65 and 3.53 s against 4.96 and 5.03 s
-- for these statements, the same 2 480 852 rows).
CREATE OR REPLACE TEMP VIEW _profils AS
SELECT coalesce(p.uai, f.uai) AS uai, p.annee_scolaire, p.campagne_id,
       cle_libelles(p.campagne_code, p.campagne_nom, NULL::VARCHAR) AS lk,
       p.eleve, nullif(trim(p.classe), '') AS classe,
       coalesce(p.envoi, false) AS envoi, p.envoi_le, p.pix_total, p.certifiable,
       p.competences_certifiables, p.fichier_id, p.rang, f.recence,
       cle_eleve(coalesce(p.uai, f.uai), p.annee_scolaire, p.eleve) AS ek,
       hash(coalesce(p.uai, f.uai), p.annee_scolaire, p.campagne_id, p.eleve) AS _k
FROM raw_pix_profils p
JOIN stg_fichiers f USING (fichier_id)
WHERE coalesce(p.uai, f.uai) IS NOT NULL;

CREATE OR REPLACE TABLE filmnum_travail._profils_multiples AS
SELECT _k FROM _profils GROUP BY _k HAVING count(*) > 1;

CREATE OR REPLACE TABLE filmnum_travail.stg_profils AS
WITH kept AS (
    SELECT * EXCLUDE (recence, _k), 1::BIGINT AS lignes
    FROM _profils
    WHERE _k NOT IN (SELECT _k FROM _profils_multiples)
    UNION ALL BY NAME
    SELECT * EXCLUDE (recence, _k), count(*) OVER w_profil AS lignes
    FROM _profils
    WHERE _k IN (SELECT _k FROM _profils_multiples)
    WINDOW w_profil AS (PARTITION BY ek, campagne_id)
    QUALIFY row_number() OVER (
        PARTITION BY ek, campagne_id
        ORDER BY envoi DESC, envoi_le DESC NULLS LAST, recence DESC, fichier_id DESC, rang) = 1
),
niv AS (
    SELECT c.fichier_id, c.rang, count(*) FILTER (WHERE c.niveau >= 1) AS niveaux_1,
           count(*) AS competences
    FROM raw_pix_profil_competences c
    SEMI JOIN kept k USING (fichier_id, rang)
    GROUP BY ALL
)
SELECT k.*,
       CASE WHEN NOT k.envoi THEN NULL
            WHEN n.competences > 0 THEN n.niveaux_1
            ELSE k.competences_certifiables END AS niveaux_1
FROM kept k
LEFT JOIN niv n USING (fichier_id, rang);
DROP TABLE _profils_multiples;
DROP VIEW _profils;
-- compressed while in memory (see stg_participations above)
CHECKPOINT filmnum_travail;

-- stg_certifications: every certification once (all types). The same
-- certification appears in several exports (per class, per session, before
-- and after the jury): the newest export gives its status.
-- Only the keys seen more than once go through the window, as above
-- (11 000 schools, replayed: 2.13 and 2.01 s against 3.96 and 3.83 s, the
-- same 2 776 213 rows).
CREATE OR REPLACE TEMP VIEW _certifications AS
SELECT coalesce(c.uai, f.uai) AS uai, c.annee_scolaire, c.numero, c.eleve,
       nullif(trim(c.classe), '') AS classe, c.type_certification,
       lower(trim(c.statut)) AS statut, c.statut_libelle, c.score,
       nullif(trim(c.niveau), '-') AS niveau_pix, c.session_id, c.centre, c.date_passage,
       c.fichier_id, c.rang, f.recence,
       cle_eleve(coalesce(c.uai, f.uai), c.annee_scolaire, c.eleve) AS ek,
       coalesce(c.numero, concat_ws('|', c.session_id, c.date_passage)) AS _passage,
       hash(coalesce(c.uai, f.uai), c.annee_scolaire, c.eleve, c.type_certification,
            coalesce(c.numero, concat_ws('|', c.session_id, c.date_passage))) AS _k
FROM raw_pix_certifications c
JOIN stg_fichiers f USING (fichier_id)
WHERE coalesce(c.uai, f.uai) IS NOT NULL;

CREATE OR REPLACE TABLE filmnum_travail._certifications_multiples AS
SELECT _k FROM _certifications GROUP BY _k HAVING count(*) > 1;

CREATE OR REPLACE TABLE filmnum_travail.stg_certifications AS
SELECT * EXCLUDE (recence, _passage, _k)
FROM _certifications
WHERE _k NOT IN (SELECT _k FROM _certifications_multiples)
UNION ALL BY NAME
SELECT * EXCLUDE (classe, recence, _passage, _k),
       -- a session export has no class: keep the one a per-class export gave
       coalesce(classe, max(classe) OVER w_certification) AS classe
FROM _certifications
WHERE _k IN (SELECT _k FROM _certifications_multiples)
WINDOW w_certification AS (PARTITION BY ek, type_certification, _passage)
QUALIFY row_number() OVER (w_certification ORDER BY recence DESC, fichier_id DESC, rang) = 1;
DROP TABLE _certifications_multiples;
DROP VIEW _certifications;
-- compressed while in memory (see stg_participations above)
CHECKPOINT filmnum_travail;
