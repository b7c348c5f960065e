-- Each file is loaded once: one row of raw_fichiers per fichier_id and per
-- content (sha256). Ingest numbers the files and skips the bytes it already
-- loaded; the table declares no key (ingest/schema.sql says why), so this
-- check is what would catch a file counted twice.
SELECT 'fichier_id' AS cle, CAST(fichier_id AS VARCHAR) AS valeur, count(*) AS lignes
FROM raw_fichiers
GROUP BY fichier_id
HAVING count(*) > 1
UNION ALL
SELECT 'sha256', sha256, count(*)
FROM raw_fichiers
GROUP BY sha256
HAVING count(*) > 1
ORDER BY cle, valeur
