-- The tidy shape: keys present, school year 'YYYY-YYYY+1', period 'annee',
-- a month or a date, known unit, no negative count.
SELECT indicateur, uai, annee_scolaire, periode, dimension, unite, numerateur, denominateur, valeur, effectif
FROM ind_valeurs
WHERE indicateur IS NULL OR uai IS NULL OR dimension IS NULL OR estimation IS NULL
   OR NOT regexp_full_match(annee_scolaire, '\d{4}-\d{4}')
   OR CAST(right(annee_scolaire, 4) AS INTEGER) <> CAST(left(annee_scolaire, 4) AS INTEGER) + 1
   OR NOT (periode = 'annee' OR regexp_full_match(periode, '\d{4}-\d{2}(-\d{2})?'))
   OR unite IS NULL OR unite NOT IN ('taux', 'nombre', 'score', 'heures')
   OR numerateur < 0 OR denominateur < 0 OR effectif < 0
   OR (unite <> 'score' AND valeur < 0)
ORDER BY indicateur, uai
