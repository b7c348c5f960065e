-- stg_anomalies: what the staging left out or could not attach, per source,
-- school and year, in French, so that reports and `filmnum indicateurs` can
-- say it instead of silently dropping it.
CREATE OR REPLACE TABLE stg_anomalies AS
WITH sans_uai AS (
    SELECT 'campagnes Pix' AS source, p.annee_scolaire, count(*) AS lignes
    FROM raw_pix_participations p JOIN stg_fichiers f USING (fichier_id)
    WHERE coalesce(p.uai, f.uai) IS NULL GROUP BY ALL
    UNION ALL
    SELECT 'collectes de profils Pix', p.annee_scolaire, count(*)
    FROM raw_pix_profils p JOIN stg_fichiers f USING (fichier_id)
    WHERE coalesce(p.uai, f.uai) IS NULL GROUP BY ALL
    UNION ALL
    SELECT 'certifications Pix', c.annee_scolaire, count(*)
    FROM raw_pix_certifications c JOIN stg_fichiers f USING (fichier_id)
    WHERE coalesce(c.uai, f.uai) IS NULL GROUP BY ALL
),
sources AS (
    SELECT 'campagnes Pix' AS source, a.uai, a.annee_scolaire
    FROM stg_ecoles_annees a SEMI JOIN stg_participations p USING (ua)
    UNION ALL SELECT DISTINCT 'collectes de profils Pix', uai, annee_scolaire FROM stg_profils
    UNION ALL SELECT DISTINCT 'certifications Pix', uai, annee_scolaire FROM stg_certifications
    UNION ALL SELECT DISTINCT 'attestations Pix 6e', uai, annee_scolaire FROM stg_attestations_6e
    UNION ALL SELECT DISTINCT 'ENT', uai, annee_scolaire FROM stg_ent
    UNION ALL SELECT DISTINCT 'GAR affectations', uai, annee_scolaire FROM stg_gar_affectations
    UNION ALL SELECT DISTINCT 'GAR usage', uai, annee_scolaire FROM stg_gar_usage
    UNION ALL SELECT DISTINCT 'EduConnect', uai, annee_scolaire FROM stg_educonnect
    UNION ALL SELECT DISTINCT 'formations', uai, annee_scolaire FROM stg_formations
)
SELECT source, CAST(NULL AS VARCHAR) AS uai, annee_scolaire,
       'lignes sans établissement (ni UAI dans la ligne ni sur le fichier)' AS motif, lignes
FROM sans_uai
UNION ALL
SELECT s.source, s.uai, s.annee_scolaire,
       'établissement absent des données de référence (seed_etablissements) : ni nom, ni type, ni comparaison',
       CAST(NULL AS BIGINT)
FROM sources s
ANTI JOIN seed_etablissements e USING (uai)
UNION ALL
SELECT 'certifications Pix', uai, annee_scolaire,
       'élèves certifiés dans un niveau sans certification (' || niveau || ') : hors du taux de certification',
       count(*)
FROM stg_certification_eleves
WHERE certifie AND niveau IS NOT NULL AND NOT niveau_certification(niveau)
GROUP BY ALL;
