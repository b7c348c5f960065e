-- name: educonnect
-- title: EduConnect — activation des comptes
-- grain: school x school year x period (snapshot date YYYY-MM-DD, or annee =
--   latest snapshot of the year) x dimension ('' for the school, or class)
-- indicators: educonnect_eleves, educonnect_responsables
-- definition: educonnect_eleves (taux) = pupil accounts activated ÷ pupils;
--   educonnect_responsables (taux) = parent accounts activated ÷ parents
--   (responsables légaux); per class and for the school (sums over the
--   classes of the snapshot); effectif = pupils / parents. periode annee
--   repeats the school's latest snapshot of the year (what departments and
--   years compare). stg_educonnect_classes_faibles ranks the classes of that
--   latest snapshot, lowest pupil rate first, for sending credentials again.
-- sources: raw_educonnect (through stg_educonnect)

CREATE OR REPLACE TABLE ind_educonnect AS
WITH dernier AS (
    SELECT uai, annee_scolaire, max(date_releve) AS date_releve
    FROM stg_educonnect GROUP BY ALL
),
releves AS (
    -- every snapshot, and the latest one again as the year
    SELECT uai, annee_scolaire, strftime(date_releve, '%Y-%m-%d') AS periode, classe,
           eleves, eleves_actives, responsables, responsables_actives
    FROM stg_educonnect
    UNION ALL
    SELECT e.uai, e.annee_scolaire, 'annee', e.classe,
           e.eleves, e.eleves_actives, e.responsables, e.responsables_actives
    FROM stg_educonnect e SEMI JOIN dernier d USING (uai, annee_scolaire, date_releve)
),
niveaux AS (
    SELECT uai, annee_scolaire, periode, classe AS dimension,
           eleves, eleves_actives, responsables, responsables_actives
    FROM releves WHERE classe <> ''
    UNION ALL
    SELECT uai, annee_scolaire, periode, '',
           sum(eleves), sum(eleves_actives), sum(responsables), sum(responsables_actives)
    FROM releves GROUP BY ALL
),
lignes AS (
    SELECT 'educonnect_eleves' AS indicateur, uai, annee_scolaire, periode, dimension,
           eleves_actives AS numerateur, eleves AS denominateur
    FROM niveaux WHERE eleves IS NOT NULL OR eleves_actives IS NOT NULL
    UNION ALL
    SELECT 'educonnect_responsables', uai, annee_scolaire, periode, dimension,
           responsables_actives, responsables
    FROM niveaux WHERE responsables IS NOT NULL OR responsables_actives IS NOT NULL
)
SELECT indicateur, uai, annee_scolaire, periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(taux(numerateur, denominateur) AS DOUBLE) AS valeur, 'taux' AS unite,
       CAST(denominateur AS BIGINT) AS effectif, false AS estimation
FROM lignes;

-- Detail table stg_educonnect_classes_faibles: the classes of each school's
-- latest snapshot, rang 1 = lowest pupil activation rate (then the most
-- pupils without an account), with the counts.
CREATE OR REPLACE TABLE stg_educonnect_classes_faibles AS
SELECT e.uai, e.annee_scolaire, e.date_releve, e.classe, e.eleves, e.eleves_actives,
       taux(e.eleves_actives, e.eleves) AS taux_eleves,
       e.responsables, e.responsables_actives,
       taux(e.responsables_actives, e.responsables) AS taux_responsables,
       row_number() OVER (PARTITION BY e.uai, e.annee_scolaire
                          ORDER BY taux(e.eleves_actives, e.eleves) ASC NULLS LAST,
                                   coalesce(e.eleves, 0) - coalesce(e.eleves_actives, 0) DESC,
                                   e.classe) AS rang
FROM stg_educonnect e
SEMI JOIN (SELECT uai, annee_scolaire, max(date_releve) AS date_releve FROM stg_educonnect GROUP BY ALL) d
     USING (uai, annee_scolaire, date_releve)
WHERE e.classe <> '';
