-- name: gar
-- title: Ressources numériques du GAR
-- grain: school x school year x period (annee; months for gar_utilisation) x
--   dimension (profile eleve / enseignant, resource name, or '')
-- indicators: gar_utilisation, gar_ressource, gar_licences_attribuees, gar_licences_non_attribuees, gar_abonnements_fin
-- definition: Users who opened a resource in the year = the usage export's
--   yearly row (granularite annee) when present; otherwise the highest monthly
--   count of distinct users, a lower bound flagged estimation = true (monthly
--   distinct counts do not add up). A school with no usage row for the year
--   gets no usage indicator; a resource without usage row in a school that has
--   some reads 0 users. gar_utilisation (taux, dimension eleve / enseignant):
--   sum over the resources assigned to that profile of their users ÷ sum of
--   their assignments (affectés élèves / enseignants). The exports count users
--   per resource only, so this is the share of assignments used, not the
--   share of distinct users (who cannot be told apart across resources).
--   Months: the same with the monthly counts. gar_ressource (taux, dimension
--   resource name, '[id]' appended when two resources share a name): users
--   (pupils + teachers) ÷ assignments (pupils + teachers); effectif =
--   assignments. gar_licences_attribuees (taux, '' and per resource):
--   assignments ÷ licences bought, over resources with a finite number of
--   licences. gar_licences_non_attribuees (nombre, '' and per resource):
--   licences bought and not assigned (max(licences - assignments, 0)).
--   gar_abonnements_fin (nombre, ''): resources whose subscription ends before
--   the next school year (fin < 1 September after the year); listed in
--   stg_gar_abonnements_fin.
-- sources: raw_gar_affectations, raw_gar_usage (through stg_gar_affectations, stg_gar_usage)

-- Detail table stg_gar_ressources: one row per school x year x resource with
-- licences, assignments and users per profile (NULL users: no usage export).
CREATE OR REPLACE TABLE stg_gar_ressources AS
WITH usage_an AS (
    SELECT uai, annee_scolaire, ressource_id, min(ressource) AS ressource,
           coalesce(max(utilisateurs) FILTER (WHERE profil = 'eleve' AND granularite = 'annee'),
                    max(utilisateurs) FILTER (WHERE profil = 'eleve' AND granularite = 'mois')) AS utilisateurs_eleves,
           coalesce(max(utilisateurs) FILTER (WHERE profil = 'enseignant' AND granularite = 'annee'),
                    max(utilisateurs) FILTER (WHERE profil = 'enseignant' AND granularite = 'mois')) AS utilisateurs_enseignants,
           (count(*) FILTER (WHERE profil = 'eleve' AND granularite = 'annee') = 0
                AND count(*) FILTER (WHERE profil = 'eleve' AND granularite = 'mois') > 0) AS estimation_eleves,
           (count(*) FILTER (WHERE profil = 'enseignant' AND granularite = 'annee') = 0
                AND count(*) FILTER (WHERE profil = 'enseignant' AND granularite = 'mois') > 0) AS estimation_enseignants
    FROM stg_gar_usage
    WHERE profil IN ('eleve', 'enseignant')
    GROUP BY uai, annee_scolaire, ressource_id
),
avec_usage AS (
    SELECT DISTINCT uai, annee_scolaire FROM stg_gar_usage
),
res AS (
    SELECT uai, annee_scolaire, ressource_id,
           coalesce(a.ressource, u.ressource) AS ressource, a.editeur, a.illimite, a.exemplaires,
           a.affectes_eleves, a.affectes_enseignants, a.debut, a.fin,
           CASE WHEN w.uai IS NOT NULL THEN coalesce(u.utilisateurs_eleves, 0) END AS utilisateurs_eleves,
           CASE WHEN w.uai IS NOT NULL THEN coalesce(u.utilisateurs_enseignants, 0) END AS utilisateurs_enseignants,
           coalesce(u.estimation_eleves, false) AS estimation_eleves,
           coalesce(u.estimation_enseignants, false) AS estimation_enseignants,
           a.uai IS NOT NULL AS affectee
    FROM stg_gar_affectations a
    FULL JOIN usage_an u USING (uai, annee_scolaire, ressource_id)
    LEFT JOIN avec_usage w USING (uai, annee_scolaire)
)
SELECT *,
       CASE WHEN count(*) OVER (PARTITION BY uai, annee_scolaire, ressource) > 1
            THEN ressource || ' [' || ressource_id || ']' ELSE ressource END AS libelle,
       CASE WHEN exemplaires IS NOT NULL
            THEN greatest(exemplaires - affectes_eleves - affectes_enseignants, 0) END AS licences_non_attribuees
FROM res;

-- Detail table stg_gar_abonnements_fin: assigned resources whose subscription
-- ends before the next school year (renewal to decide in May-July).
CREATE OR REPLACE TABLE stg_gar_abonnements_fin AS
SELECT uai, annee_scolaire, ressource_id, libelle, editeur, exemplaires, illimite,
       affectes_eleves, affectes_enseignants, debut, fin
FROM stg_gar_ressources
WHERE affectee AND fin < rentree_suivante(annee_scolaire);

CREATE OR REPLACE TABLE ind_gar AS
WITH profils AS (
    SELECT uai, annee_scolaire, ressource_id, 'eleve' AS profil, affectes_eleves AS affectes,
           utilisateurs_eleves AS utilisateurs, estimation_eleves AS estimation
    FROM stg_gar_ressources WHERE affectee
    UNION ALL
    SELECT uai, annee_scolaire, ressource_id, 'enseignant', affectes_enseignants,
           utilisateurs_enseignants, estimation_enseignants
    FROM stg_gar_ressources WHERE affectee
),
mensuel AS (
    -- monthly users of the resources assigned to each profile
    SELECT p.uai, p.annee_scolaire, strftime(u.periode, '%Y-%m') AS mois, p.profil,
           sum(u.utilisateurs) AS utilisateurs
    FROM profils p
    JOIN stg_gar_usage u
      ON u.uai = p.uai AND u.annee_scolaire = p.annee_scolaire
     AND u.ressource_id = p.ressource_id AND u.profil = p.profil AND u.granularite = 'mois'
    WHERE p.affectes > 0
    GROUP BY ALL
),
assignes AS (
    SELECT uai, annee_scolaire, profil, sum(affectes) AS affectes,
           sum(utilisateurs) AS utilisateurs, bool_or(estimation) AS estimation,
           count(utilisateurs) > 0 AS avec_usage
    FROM profils
    WHERE affectes > 0
    GROUP BY ALL
),
ecoles AS (
    SELECT uai, annee_scolaire,
           sum(affectes_eleves + affectes_enseignants) FILTER (WHERE exemplaires IS NOT NULL) AS affectes_finis,
           sum(exemplaires) AS exemplaires,
           sum(licences_non_attribuees) AS non_attribuees,
           count(*) FILTER (WHERE fin < rentree_suivante(annee_scolaire)) AS fin_avant
    FROM stg_gar_ressources
    WHERE affectee
    GROUP BY ALL
),
lignes AS (
    SELECT 'gar_utilisation' AS indicateur, uai, annee_scolaire, 'annee' AS periode, profil AS dimension,
           utilisateurs AS numerateur, affectes AS denominateur, taux(utilisateurs, affectes) AS valeur,
           'taux' AS unite, affectes AS effectif, estimation
    FROM assignes WHERE avec_usage
    UNION ALL
    SELECT 'gar_utilisation', m.uai, m.annee_scolaire, m.mois, m.profil,
           m.utilisateurs, a.affectes, taux(m.utilisateurs, a.affectes), 'taux', a.affectes, false
    FROM mensuel m JOIN assignes a USING (uai, annee_scolaire, profil)
    UNION ALL
    SELECT 'gar_ressource', uai, annee_scolaire, 'annee', libelle,
           utilisateurs_eleves + utilisateurs_enseignants, affectes_eleves + affectes_enseignants,
           taux(utilisateurs_eleves + utilisateurs_enseignants, affectes_eleves + affectes_enseignants),
           'taux', affectes_eleves + affectes_enseignants, estimation_eleves OR estimation_enseignants
    FROM stg_gar_ressources WHERE affectee AND utilisateurs_eleves IS NOT NULL
    UNION ALL
    SELECT 'gar_licences_attribuees', uai, annee_scolaire, 'annee', '',
           coalesce(affectes_finis, 0), coalesce(exemplaires, 0), taux(affectes_finis, exemplaires),
           'taux', NULL, false
    FROM ecoles
    UNION ALL
    SELECT 'gar_licences_attribuees', uai, annee_scolaire, 'annee', libelle,
           affectes_eleves + affectes_enseignants, exemplaires,
           taux(affectes_eleves + affectes_enseignants, exemplaires), 'taux', NULL, false
    FROM stg_gar_ressources WHERE affectee AND exemplaires IS NOT NULL
    UNION ALL
    SELECT 'gar_licences_non_attribuees', uai, annee_scolaire, 'annee', '',
           NULL, NULL, coalesce(non_attribuees, 0), 'nombre', NULL, false
    FROM ecoles
    UNION ALL
    SELECT 'gar_licences_non_attribuees', uai, annee_scolaire, 'annee', libelle,
           NULL, NULL, licences_non_attribuees, 'nombre', NULL, false
    FROM stg_gar_ressources WHERE affectee AND exemplaires IS NOT NULL
    UNION ALL
    SELECT 'gar_abonnements_fin', uai, annee_scolaire, 'annee', '',
           NULL, NULL, fin_avant, 'nombre', NULL, false
    FROM ecoles
)
SELECT indicateur, uai, annee_scolaire, periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(valeur AS DOUBLE) AS valeur, unite, CAST(effectif AS BIGINT) AS effectif,
       CAST(estimation AS BOOLEAN) AS estimation
FROM lignes;
