-- Each indicator value exists once per school, year, period and dimension:
-- a duplicate means a join multiplied rows.
SELECT indicateur, uai, annee_scolaire, periode, dimension, count(*) AS lignes
FROM ind_valeurs
GROUP BY ALL
HAVING count(*) > 1
ORDER BY lignes DESC, indicateur, uai
