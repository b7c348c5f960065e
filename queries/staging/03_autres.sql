-- Staging of the non-Pix sources. Successive exports overlap (an ENT export
-- covers the twelve months up to its date, a GAR or EduConnect export is a
-- snapshot): for each natural key the newest export wins.

-- Periods given with `filmnum ingest --exclure` (raw_exclusions) are left out:
-- a bucket [periode, end of bucket) that meets [debut, fin] of an exclusion
-- of its source (the file's type_export) is dropped, whichever export holds
-- it. stg_exclusions (end of this file) counts what was left out.
CREATE OR REPLACE TEMP MACRO fin_bucket(p, g) AS
    CASE g WHEN 'jour' THEN p + INTERVAL 1 DAY WHEN 'semaine' THEN p + INTERVAL 7 DAY
           WHEN 'mois' THEN p + INTERVAL 1 MONTH ELSE p + INTERVAL 1 YEAR END;

-- stg_ent: one row per school x granularity x bucket x profile.
CREATE OR REPLACE TABLE filmnum_travail.stg_ent AS
WITH dedup AS (
    SELECT e.uai, e.annee_scolaire, e.granularite, e.periode, e.profil, e.comptes,
           e.comptes_actives, e.utilisateurs, e.connexions, e.fichier_id, f.type_export
    FROM raw_ent_stats e
    JOIN stg_fichiers f USING (fichier_id)
    QUALIFY row_number() OVER (
        PARTITION BY e.uai, e.granularite, e.periode, e.profil
        ORDER BY f.recence DESC, e.fichier_id DESC, e.rang DESC) = 1
)
SELECT * EXCLUDE (type_export)
FROM dedup d
ANTI JOIN raw_exclusions x
  ON x.source = d.type_export AND d.periode <= x.fin AND fin_bucket(d.periode, d.granularite) > x.debut;

-- stg_gar_affectations: one row per school x year x resource, from the newest
-- export holding that resource; rows split by population are summed.
-- exemplaires is NULL for unlimited resources.
CREATE OR REPLACE TABLE filmnum_travail.stg_gar_affectations AS
WITH src AS (
    SELECT a.*, dense_rank() OVER (
               PARTITION BY a.uai, a.annee_scolaire, a.ressource_id
               ORDER BY f.recence DESC, a.fichier_id DESC) AS r
    FROM raw_gar_affectations a
    JOIN stg_fichiers f USING (fichier_id)
)
SELECT uai, annee_scolaire, ressource_id,
       coalesce(min(ressource), ressource_id) AS ressource, min(editeur) AS editeur,
       bool_or(illimite) AS illimite,
       CASE WHEN bool_or(illimite) THEN NULL ELSE sum(exemplaires) END AS exemplaires,
       coalesce(sum(affectes_eleves), 0) AS affectes_eleves,
       coalesce(sum(affectes_enseignants), 0) AS affectes_enseignants,
       min(debut) AS debut, max(fin) AS fin
FROM src
WHERE r = 1
GROUP BY uai, annee_scolaire, ressource_id;

-- stg_gar_usage: one row per school x granularity x bucket x resource x
-- profile, excluded periods left out.
CREATE OR REPLACE TABLE filmnum_travail.stg_gar_usage AS
WITH dedup AS (
    SELECT u.uai, u.annee_scolaire, u.granularite, u.periode, u.ressource_id,
           coalesce(u.ressource, u.ressource_id) AS ressource, u.profil, u.utilisateurs, u.acces,
           f.type_export
    FROM raw_gar_usage u
    JOIN stg_fichiers f USING (fichier_id)
    QUALIFY row_number() OVER (
        PARTITION BY u.uai, u.granularite, u.periode, u.ressource_id, u.profil
        ORDER BY f.recence DESC, u.fichier_id DESC, u.rang DESC) = 1
)
SELECT * EXCLUDE (type_export)
FROM dedup d
ANTI JOIN raw_exclusions x
  ON x.source = d.type_export AND d.periode <= x.fin AND fin_bucket(d.periode, d.granularite) > x.debut;

-- stg_educonnect: one row per school x snapshot x class. A row without a
-- class is a whole-school line: kept only when the snapshot has no class rows
-- (otherwise it would count the pupils twice); its classe is ''.
CREATE OR REPLACE TABLE filmnum_travail.stg_educonnect AS
WITH dedup AS (
    SELECT e.uai, e.annee_scolaire, e.date_releve, coalesce(nullif(trim(e.classe), ''), '') AS classe,
           e.eleves, e.eleves_actives, e.responsables, e.responsables_actives, e.fichier_id
    FROM raw_educonnect e
    JOIN stg_fichiers f USING (fichier_id)
    QUALIFY row_number() OVER (
        PARTITION BY e.uai, e.date_releve, coalesce(nullif(trim(e.classe), ''), '')
        ORDER BY f.recence DESC, e.fichier_id DESC, e.rang DESC) = 1
)
SELECT * EXCLUDE (avec_classes)
FROM (SELECT *, bool_or(classe <> '') OVER (PARTITION BY uai, date_releve) AS avec_classes FROM dedup)
WHERE classe <> '' OR NOT avec_classes;

-- stg_formations: one row per attendance. The same attendances listed in two
-- files count once: for each person x training x date, only the rows of the
-- newest file holding it are kept (two sessions of one day in one file stay
-- two). Absent theme and modality read 'Non renseigné' / 'non_renseignee'.
CREATE OR REPLACE TABLE filmnum_travail.stg_formations AS
SELECT * EXCLUDE (r)
FROM (
    SELECT r.uai, r.annee_scolaire, r.personne, r.fonction, r.formation,
           coalesce(nullif(trim(r.theme), ''), 'Non renseigné') AS theme,
           coalesce(nullif(trim(r.modalite), ''), 'non_renseignee') AS modalite,
           r.date_session, r.duree_h, r.fichier_id,
           dense_rank() OVER (
               PARTITION BY r.uai, r.annee_scolaire, r.personne, coalesce(r.formation, ''), r.date_session
               ORDER BY f.recence DESC, r.fichier_id DESC) AS r
    FROM raw_formations r
    JOIN stg_fichiers f USING (fichier_id)
)
WHERE r = 1;

-- stg_attestations_6e: counts typed from Pix Orga's attestation screen, every
-- snapshot (school x year x class x date), newest export per snapshot.
CREATE OR REPLACE TABLE filmnum_travail.stg_attestations_6e AS
SELECT a.uai, a.annee_scolaire, coalesce(nullif(trim(a.classe), ''), '') AS classe,
       a.date_releve, a.eleves, a.attestations, a.fichier_id
FROM raw_pix_attestations_6e a
JOIN stg_fichiers f USING (fichier_id)
QUALIFY row_number() OVER (
    PARTITION BY a.uai, a.annee_scolaire, coalesce(nullif(trim(a.classe), ''), ''), a.date_releve
    ORDER BY f.recence DESC, a.fichier_id DESC, a.rang DESC) = 1;

-- stg_exclusions: rows left out because of an excluded period, per source,
-- school, year and exclusion, so that reports can say so.
CREATE OR REPLACE TABLE stg_exclusions AS
SELECT x.source, r.uai, r.annee_scolaire, x.debut, x.fin, x.motif, count(*) AS lignes,
       min(r.periode) AS premiere_periode, max(r.periode) AS derniere_periode
FROM (
    SELECT e.uai, e.annee_scolaire, e.granularite, e.periode, f.type_export
    FROM raw_ent_stats e JOIN stg_fichiers f USING (fichier_id)
    UNION ALL
    SELECT u.uai, u.annee_scolaire, u.granularite, u.periode, f.type_export
    FROM raw_gar_usage u JOIN stg_fichiers f USING (fichier_id)
) r
JOIN raw_exclusions x
  ON x.source = r.type_export AND r.periode <= x.fin AND fin_bucket(r.periode, r.granularite) > x.debut
GROUP BY ALL;

-- the tables above, compressed while in memory (see stg_participations in
-- 02_pix.sql)
CHECKPOINT filmnum_travail;
