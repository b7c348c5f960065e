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
