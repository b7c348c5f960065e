-- Class labels -> levels. seed_niveaux_classes holds RE2 regular expressions
-- tried in `ordre` on the label upper-cased with its spaces removed; the first
-- match wins; no match leaves the level NULL (reported, never guessed).

-- stg_classes_vues: every class label met, per source, school and year.
-- (the participations counted per school-year key ua, then named)
CREATE OR REPLACE TABLE stg_classes_vues AS
SELECT source, uai, annee_scolaire, classe, CAST(sum(lignes) AS BIGINT) AS lignes
FROM (
    SELECT 'campagnes Pix' AS source, a.uai, a.annee_scolaire, p.classe, p.lignes
    FROM (SELECT ua, classe, count(*) AS lignes FROM stg_participations GROUP BY ALL) p
    JOIN stg_ecoles_annees a USING (ua)
    UNION ALL SELECT 'collectes de profils Pix', uai, annee_scolaire, classe, 1 FROM stg_profils
    UNION ALL SELECT 'certifications Pix', uai, annee_scolaire, classe, 1 FROM stg_certifications
    UNION ALL SELECT 'EduConnect', uai, annee_scolaire, nullif(classe, ''), 1 FROM stg_educonnect
    UNION ALL SELECT 'attestations Pix 6e', uai, annee_scolaire, nullif(classe, ''), 1 FROM stg_attestations_6e
)
WHERE classe IS NOT NULL
GROUP BY ALL;

CREATE OR REPLACE TABLE filmnum_travail.stg_classes_cles AS
SELECT DISTINCT cle_classe(classe) AS cle FROM stg_classes_vues;

-- A regular expression taken from a column is compiled again for every row
-- (10 s for 25 000 labels x 60 rules); written as literals in one CASE it is
-- compiled once. So the CASE is generated from the rules and run through
-- query(): one pass over the distinct keys, the first matching rule wins.
SET VARIABLE filmnum_regles_classes = (
    SELECT coalesce(
        'SELECT cle, CASE '
        || string_agg('WHEN regexp_matches(cle, ''' || replace(motif, '''', '''''') || ''') THEN '
                      || CAST(ordre AS VARCHAR), ' ' ORDER BY ordre)
        || ' END AS regle FROM stg_classes_cles',
        'SELECT cle, CAST(NULL AS INTEGER) AS regle FROM stg_classes_cles')
    FROM seed_niveaux_classes
);

-- stg_classes: one row per label as exported: its matching key, the rule
-- that matched (ordre) and the level (NULL when no rule matches); classe_id
-- numbers the labels in their sort order (stg_eleves picks a pupil's class
-- with it: an aggregate keyed on the label ran out of memory at national size).
CREATE OR REPLACE TABLE stg_classes AS
WITH regles AS (SELECT * FROM query(getvariable('filmnum_regles_classes')))
SELECT l.classe, l.cle, CAST(g.regle AS INTEGER) AS regle, s.niveau,
       CAST(row_number() OVER (ORDER BY l.classe) AS INTEGER) AS classe_id
FROM (SELECT DISTINCT classe, cle_classe(classe) AS cle FROM stg_classes_vues) l
LEFT JOIN regles g USING (cle)
LEFT JOIN seed_niveaux_classes s ON s.ordre = g.regle;

RESET VARIABLE filmnum_regles_classes;

-- stg_classes_non_reconnues: labels no rule maps to a level, where they were
-- met; pupils of these classes have no level (fix the rules in seeds).
CREATE OR REPLACE TABLE stg_classes_non_reconnues AS
SELECT v.source, v.uai, v.annee_scolaire, v.classe, c.cle, v.lignes
FROM stg_classes_vues v
JOIN stg_classes c USING (classe)
WHERE c.niveau IS NULL;
