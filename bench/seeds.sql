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
--   levels; its département from the UAI's first digits (620 → 2A, 720 → 2B),
--   its academy from the département (_academies).
-- * personnels.csv: teachers = teacher ENT accounts − 3, staff = teachers +
--   other staff accounts − 2 (the generator's account counts), when known.

-- The academy of each département (official codes; Normandie 70 since 2020),
-- so that `rapport departement` compares a département with its academy, as
-- with real seeds, not with every school of the database.
CREATE OR REPLACE TEMP TABLE _academies (departement_code VARCHAR, academie_code VARCHAR, academie VARCHAR);
INSERT INTO _academies VALUES
    ('75', '01', 'Paris'),
    ('04', '02', 'Aix-Marseille'),
    ('05', '02', 'Aix-Marseille'),
    ('13', '02', 'Aix-Marseille'),
    ('84', '02', 'Aix-Marseille'),
    ('25', '03', 'Besançon'),
    ('39', '03', 'Besançon'),
    ('70', '03', 'Besançon'),
    ('90', '03', 'Besançon'),
    ('24', '04', 'Bordeaux'),
    ('33', '04', 'Bordeaux'),
    ('40', '04', 'Bordeaux'),
    ('47', '04', 'Bordeaux'),
    ('64', '04', 'Bordeaux'),
    ('03', '06', 'Clermont-Ferrand'),
    ('15', '06', 'Clermont-Ferrand'),
    ('43', '06', 'Clermont-Ferrand'),
    ('63', '06', 'Clermont-Ferrand'),
    ('21', '07', 'Dijon'),
    ('58', '07', 'Dijon'),
    ('71', '07', 'Dijon'),
    ('89', '07', 'Dijon'),
    ('07', '08', 'Grenoble'),
    ('26', '08', 'Grenoble'),
    ('38', '08', 'Grenoble'),
    ('73', '08', 'Grenoble'),
    ('74', '08', 'Grenoble'),
    ('59', '09', 'Lille'),
    ('62', '09', 'Lille'),
    ('01', '10', 'Lyon'),
    ('42', '10', 'Lyon'),
    ('69', '10', 'Lyon'),
    ('11', '11', 'Montpellier'),
    ('30', '11', 'Montpellier'),
    ('34', '11', 'Montpellier'),
    ('48', '11', 'Montpellier'),
    ('66', '11', 'Montpellier'),
    ('54', '12', 'Nancy-Metz'),
    ('55', '12', 'Nancy-Metz'),
    ('57', '12', 'Nancy-Metz'),
    ('88', '12', 'Nancy-Metz'),
    ('16', '13', 'Poitiers'),
    ('17', '13', 'Poitiers'),
    ('79', '13', 'Poitiers'),
    ('86', '13', 'Poitiers'),
    ('22', '14', 'Rennes'),
    ('29', '14', 'Rennes'),
    ('35', '14', 'Rennes'),
    ('56', '14', 'Rennes'),
    ('67', '15', 'Strasbourg'),
    ('68', '15', 'Strasbourg'),
    ('09', '16', 'Toulouse'),
    ('12', '16', 'Toulouse'),
    ('31', '16', 'Toulouse'),
    ('32', '16', 'Toulouse'),
    ('46', '16', 'Toulouse'),
    ('65', '16', 'Toulouse'),
    ('81', '16', 'Toulouse'),
    ('82', '16', 'Toulouse'),
    ('44', '17', 'Nantes'),
    ('49', '17', 'Nantes'),
    ('53', '17', 'Nantes'),
    ('72', '17', 'Nantes'),
    ('85', '17', 'Nantes'),
    ('18', '18', 'Orléans-Tours'),
    ('28', '18', 'Orléans-Tours'),
    ('36', '18', 'Orléans-Tours'),
    ('37', '18', 'Orléans-Tours'),
    ('41', '18', 'Orléans-Tours'),
    ('45', '18', 'Orléans-Tours'),
    ('08', '19', 'Reims'),
    ('10', '19', 'Reims'),
    ('51', '19', 'Reims'),
    ('52', '19', 'Reims'),
    ('02', '20', 'Amiens'),
    ('60', '20', 'Amiens'),
    ('80', '20', 'Amiens'),
    ('19', '22', 'Limoges'),
    ('23', '22', 'Limoges'),
    ('87', '22', 'Limoges'),
    ('06', '23', 'Nice'),
    ('83', '23', 'Nice'),
    ('77', '24', 'Créteil'),
    ('93', '24', 'Créteil'),
    ('94', '24', 'Créteil'),
    ('78', '25', 'Versailles'),
    ('91', '25', 'Versailles'),
    ('92', '25', 'Versailles'),
    ('95', '25', 'Versailles'),
    ('2A', '27', 'Corse'),
    ('2B', '27', 'Corse'),
    ('974', '28', 'La Réunion'),
    ('972', '31', 'Martinique'),
    ('971', '32', 'Guadeloupe'),
    ('973', '33', 'Guyane'),
    ('976', '43', 'Mayotte'),
    ('14', '70', 'Normandie'),
    ('27', '70', 'Normandie'),
    ('50', '70', 'Normandie'),
    ('61', '70', 'Normandie'),
    ('76', '70', 'Normandie');

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
           d.departement_code, '' AS departement, '' AS commune,
           coalesce(a.academie_code, '') AS academie_code, coalesce(a.academie, '') AS academie
    FROM (SELECT *, CASE left(uai, 3) WHEN '620' THEN '2A' WHEN '720' THEN '2B'
                    ELSE CASE WHEN left(uai, 2) = '97' THEN left(uai, 3) ELSE substr(uai, 2, 2) END END AS departement_code
          FROM t) d
    LEFT JOIN _academies a USING (departement_code)
    ORDER BY uai
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
