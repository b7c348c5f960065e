-- Working copies of the sources (stg_participations, stg_profils,
-- stg_certifications, stg_eleves, stg_ent, stg_gar_usage, stg_educonnect...)
-- are created in filmnum_travail, an in-memory database attached with
-- compression for the run and read unqualified (transform.WorkCatalog says why
-- not TEMP tables): the database file keeps no second copy of millions of
-- rows. What reports and people read afterwards (detail and diagnostic stg_
-- tables, ind_ tables) is persistent. Persistent copies left by earlier
-- versions are dropped.
DROP TABLE IF EXISTS main.stg_participations;
DROP TABLE IF EXISTS main.stg_maitrises;
DROP TABLE IF EXISTS main.stg_profils;
DROP TABLE IF EXISTS main.stg_certifications;
DROP TABLE IF EXISTS main.stg_ent;
DROP TABLE IF EXISTS main.stg_ent_mensuel;
DROP TABLE IF EXISTS main.stg_gar_affectations;
DROP TABLE IF EXISTS main.stg_gar_usage;
DROP TABLE IF EXISTS main.stg_educonnect;
DROP TABLE IF EXISTS main.stg_formations;
DROP TABLE IF EXISTS main.stg_attestations_6e;
DROP TABLE IF EXISTS main.stg_classes_cles;
DROP TABLE IF EXISTS main.stg_eleves;
DROP TABLE IF EXISTS main.stg_certification_eleves;

-- stg_fichiers: the files later stages read — every ingested file not wholly
-- replaced by a newer export — with `recence`, the date that decides between
-- two exports of the same rows (the newer one wins everywhere below).
CREATE OR REPLACE TABLE stg_fichiers AS
SELECT fichier_id, nom, type_export, uai, annee_scolaire, cle_export,
       coalesce(date_export, CAST(charge_le AS TIMESTAMP)) AS recence
FROM raw_fichiers
WHERE remplace_par IS NULL;

-- stg_mois: the twelve months of each school year, September first.
-- rang_mois 1 = September ... 10 = June, 11 = July, 12 = August.
CREATE OR REPLACE TABLE stg_mois AS
SELECT CAST(y AS VARCHAR) || '-' || CAST(y + 1 AS VARCHAR) AS annee_scolaire,
       CAST(k + 1 AS INTEGER) AS rang_mois,
       strftime(make_date(y, 9, 1) + to_months(k), '%Y-%m') AS mois,
       CAST(make_date(y, 9, 1) + to_months(k) AS DATE) AS debut,
       CAST(make_date(y, 9, 1) + to_months(k + 1) AS DATE) AS fin_exclue
FROM range(2000, 2100) a(y), range(0, 12) b(k);
