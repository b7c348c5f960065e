-- A rate is its numerator over its denominator, NULL when the denominator is
-- 0 or unknown; a value without numerator and denominator is not a rate.
SELECT indicateur, uai, annee_scolaire, periode, dimension, numerateur, denominateur, valeur
FROM ind_valeurs
WHERE (unite = 'taux' AND (denominateur IS NULL OR denominateur = 0) AND valeur IS NOT NULL)
   OR (unite = 'taux' AND denominateur <> 0 AND abs(valeur - numerateur / denominateur) > 1e-9)
   OR (unite = 'taux' AND denominateur <> 0 AND numerateur IS NOT NULL AND valeur IS NULL)
ORDER BY indicateur, uai
