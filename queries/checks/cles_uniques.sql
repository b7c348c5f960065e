-- Each indicator value exists once per school, year, period and dimension:
-- a duplicate means a join multiplied rows. Rows are first grouped on a hash
-- of the key (fast over millions of rows), then the few candidates on the key
-- itself, so a hash collision cannot fail the run.
WITH candidats AS (
    SELECT hash(indicateur, uai, annee_scolaire, periode, dimension) AS h
    FROM ind_valeurs
    GROUP BY h
    HAVING count(*) > 1
)
SELECT indicateur, uai, annee_scolaire, periode, dimension, count(*) AS lignes
FROM ind_valeurs
WHERE hash(indicateur, uai, annee_scolaire, periode, dimension) IN (SELECT h FROM candidats)
GROUP BY ALL
HAVING count(*) > 1
ORDER BY lignes DESC, indicateur, uai
