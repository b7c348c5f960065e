-- Class rules: one rule per `ordre` and only levels filmnum knows (a typo in
-- seeds would put pupils in a level no indicator reads).
SELECT ordre, motif, niveau, 'ordre en double' AS probleme
FROM seed_niveaux_classes
QUALIFY count(*) OVER (PARTITION BY ordre) > 1
UNION ALL
SELECT ordre, motif, niveau, 'niveau inconnu'
FROM seed_niveaux_classes
WHERE niveau IS NULL OR niveau NOT IN ('6e', '5e', '4e', '3e', '2nde', '1re', 'Tle', 'CAP1', 'CAP2', '2nde pro', '1re pro', 'Tle pro')
