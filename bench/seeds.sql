-- Reference data (seeds) for the synthetic national sample, derived from the
-- raw_ tables of a database where that sample was ingested (with the embedded
-- academy seeds, which provide the class → level rules). `filmnum sample
-- --scale national` writes no seeds, and without them no national school has
-- a département, a type or headcounts: certification rates would have no
-- denominator and `rapport departement` nothing to show. bench/run.sh writes
-- these files into @OUT@ (beside copies of the embedded rules, calendar and
-- Pix levels) and passes --seeds @OUT@ to every timed ingest.
--
-- * effectifs.csv: pupils per level = the pupils of the school's classes in
--   its latest EduConnect snapshot of the year (the generator writes every
--   class with its real size; the newest export of a snapshot wins); a class
--   label gets its level from seed_niveaux_classes (first matching rule, as
--   queries/staging/04_classes.sql). Schools without EduConnect: none.
-- * etablissements.csv: every school with loaded files; its name as its Pix
--   Orga or ENT exports write it (else a certification centre, else a
--   placeholder); its type from that name (the generator's "Collège …",
--   "Lycée polyvalent …", "Lycée professionnel …", "Lycée …"), else from its
--   levels; its département from the UAI's first digits (620 → 2A, 720 → 2B).
-- * personnels.csv: teachers = teacher ENT accounts − 3, staff = teachers +
--   other staff accounts − 2 (the generator's account counts), when known.

CREATE OR REPLACE TEMP TABLE _classes AS
WITH cles AS (
    SELECT DISTINCT classe, upper(regexp_replace(classe, '[\s\x{00A0}\x{202F}]', '', 'g')) AS cle
    FROM raw_educonnect WHERE classe IS NOT NULL AND trim(classe) <> '')
SELECT c.classe, min_by(r.niveau, r.ordre) AS niveau
FROM cles c JOIN seed_niveaux_classes r ON regexp_matches(c.cle, r.motif)
GROUP BY c.classe;

CREATE OR REPLACE TEMP TABLE _effectifs AS
WITH releves AS (
    SELECT e.uai, e.annee_scolaire, e.date_releve, e.classe, e.eleves
    FROM raw_educonnect e JOIN raw_fichiers f USING (fichier_id)
    WHERE f.remplace_par IS NULL AND e.classe IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY e.uai, e.date_releve, e.classe
                               ORDER BY f.date_export DESC, e.fichier_id DESC, e.rang DESC) = 1),
derniers AS (SELECT uai, annee_scolaire, max(date_releve) AS date_releve FROM releves GROUP BY ALL)
SELECT r.uai, r.annee_scolaire, c.niveau, sum(r.eleves)::BIGINT AS eleves
FROM releves r JOIN derniers d USING (uai, annee_scolaire, date_releve) JOIN _classes c USING (classe)
WHERE r.eleves IS NOT NULL
GROUP BY ALL;

COPY (SELECT * FROM _effectifs ORDER BY ALL) TO '@OUT@/effectifs.csv' (HEADER, DELIMITER ';');

COPY (
    WITH u AS (SELECT DISTINCT uai FROM raw_fichiers WHERE uai IS NOT NULL),
    noms AS (
        SELECT uai, min(nom) AS nom FROM (
            SELECT uai, organisation AS nom FROM raw_pix_participations
            UNION ALL SELECT uai, organisation FROM raw_pix_profils
            UNION ALL SELECT uai, etablissement FROM raw_ent_stats
        ) WHERE nom IS NOT NULL AND uai IS NOT NULL GROUP BY uai),
    centres AS (SELECT uai, min(centre) AS nom FROM raw_pix_certifications WHERE centre IS NOT NULL GROUP BY uai),
    niveaux AS (SELECT uai, list(DISTINCT niveau) AS n FROM _effectifs GROUP BY uai),
    t AS (
        SELECT u.uai, coalesce(noms.nom, centres.nom) AS nom, niveaux.n
        FROM u LEFT JOIN noms USING (uai) LEFT JOIN centres USING (uai) LEFT JOIN niveaux USING (uai))
    SELECT uai, coalesce(nom, 'Établissement ' || uai) AS nom,
           CASE WHEN nom LIKE 'Collège%' THEN 'Collège'
                WHEN nom LIKE 'Lycée polyvalent%' THEN 'LPO'
                WHEN nom LIKE 'Lycée professionnel%' THEN 'LP'
                WHEN nom LIKE 'Lycée%' THEN 'LGT'
                WHEN list_has_any(n, ['6e', '5e', '4e', '3e']) THEN 'Collège'
                WHEN list_has_any(n, ['2nde', '1re', 'Tle']) AND list_has_any(n, ['CAP1', 'CAP2', '2nde pro', '1re pro', 'Tle pro']) THEN 'LPO'
                WHEN list_has_any(n, ['CAP1', 'CAP2', '2nde pro', '1re pro', 'Tle pro']) THEN 'LP'
                ELSE 'LGT' END AS type,
           '' AS type_comparaison, 'Public' AS secteur,
           CASE left(uai, 3) WHEN '620' THEN '2A' WHEN '720' THEN '2B'
                ELSE CASE WHEN left(uai, 2) = '97' THEN left(uai, 3) ELSE substr(uai, 2, 2) END END AS departement_code,
           '' AS departement, '' AS commune, '' AS academie_code, '' AS academie
    FROM t ORDER BY uai
) TO '@OUT@/etablissements.csv' (HEADER, DELIMITER ';');

COPY (
    SELECT uai, annee_scolaire,
           greatest(1, max(comptes) FILTER (WHERE profil = 'enseignant') - 3)::BIGINT AS enseignants,
           (greatest(1, max(comptes) FILTER (WHERE profil = 'enseignant') - 3)
            + greatest(0, max(comptes) FILTER (WHERE profil = 'personnel') - 2))::BIGINT AS personnels
    FROM raw_ent_stats
    WHERE granularite = 'mois'
    GROUP BY ALL
    HAVING max(comptes) FILTER (WHERE profil = 'enseignant') IS NOT NULL
       AND max(comptes) FILTER (WHERE profil = 'personnel') IS NOT NULL
    ORDER BY ALL
) TO '@OUT@/personnels.csv' (HEADER, DELIMITER ';');
