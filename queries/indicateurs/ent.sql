-- name: ent
-- title: Connexions à l'ENT
-- grain: school x school year x period (month YYYY-MM, or annee) x profile
--   (dimension: eleve, responsable, enseignant, personnel)
-- indicators: ent_connexion, ent_activation, ent_connexions_par_visiteur
-- definition: ent_connexion (taux) per month = unique visitors of the month ÷
--   accounts of the profile loaded in the ENT (Comptes chargés); effectif =
--   accounts. Year (periode annee): the export's own yearly row (granularite
--   annee) when there is one: yearly unique visitors ÷ accounts; otherwise the
--   mean of the monthly rates of September to June (months with accounts > 0):
--   numerateur = sum of those monthly rates, denominateur = number of months,
--   valeur = their quotient (monthly unique counts never add up over a year).
--   stg_ent_annuel says which method each school x profile got.
--   ent_activation (taux) = activated accounts (cumulative since 1 September)
--   ÷ accounts, per month; the year takes the last month that has a value,
--   else the yearly row. ent_connexions_par_visiteur (nombre) = connections ÷
--   unique visitors, per month; the year pools September to June: sum of
--   connections ÷ sum of monthly unique visitors. Week and day buckets are not
--   used (never mixed with months); guests and other profiles are left out.
-- sources: raw_ent_stats (through stg_ent)

-- Detail table stg_ent_annuel(uai, annee_scolaire, profil, methode, mois,
-- premier_mois, dernier_mois): methode 'annuel' (yearly row of the export) or
-- 'moyenne_mensuelle' (mean of `mois` monthly rates, premier_mois..dernier_mois).
CREATE OR REPLACE TABLE filmnum_travail.stg_ent_mensuel AS
SELECT uai, annee_scolaire, strftime(periode, '%Y-%m') AS mois, periode, profil,
       comptes, comptes_actives, utilisateurs, connexions,
       month(periode) NOT IN (7, 8) AS mois_scolaire
FROM stg_ent
WHERE granularite = 'mois' AND profil IN ('eleve', 'responsable', 'enseignant', 'personnel');

CREATE OR REPLACE TABLE stg_ent_annuel AS
WITH moy AS (
    SELECT uai, annee_scolaire, profil,
           -- as decimals: a sum of doubles depends on the order of the rows
           CAST(sum(CAST(taux(utilisateurs, comptes) AS DECIMAL(38, 18)))
                FILTER (WHERE mois_scolaire AND comptes > 0 AND utilisateurs IS NOT NULL) AS DOUBLE) AS somme_taux,
           count(*) FILTER (WHERE mois_scolaire AND comptes > 0 AND utilisateurs IS NOT NULL) AS mois,
           min(mois) FILTER (WHERE mois_scolaire AND comptes > 0 AND utilisateurs IS NOT NULL) AS premier_mois,
           max(mois) FILTER (WHERE mois_scolaire AND comptes > 0 AND utilisateurs IS NOT NULL) AS dernier_mois,
           max(comptes) FILTER (WHERE mois_scolaire) AS comptes_max,
           arg_max(comptes_actives, periode) FILTER (WHERE comptes_actives IS NOT NULL) AS actives_fin,
           arg_max(comptes, periode) FILTER (WHERE comptes_actives IS NOT NULL) AS comptes_fin,
           sum(connexions) FILTER (WHERE mois_scolaire AND connexions IS NOT NULL AND utilisateurs IS NOT NULL) AS connexions,
           sum(utilisateurs) FILTER (WHERE mois_scolaire AND connexions IS NOT NULL AND utilisateurs IS NOT NULL) AS visiteurs
    FROM stg_ent_mensuel
    GROUP BY ALL
),
an AS (
    SELECT uai, annee_scolaire, profil, comptes, comptes_actives, utilisateurs
    FROM stg_ent
    WHERE granularite = 'annee' AND profil IN ('eleve', 'responsable', 'enseignant', 'personnel')
)
SELECT uai, annee_scolaire, profil,
       CASE WHEN an.utilisateurs IS NOT NULL AND an.comptes IS NOT NULL THEN 'annuel' ELSE 'moyenne_mensuelle' END AS methode,
       moy.mois, moy.premier_mois, moy.dernier_mois, moy.somme_taux, moy.comptes_max,
       moy.actives_fin, moy.comptes_fin, moy.connexions, moy.visiteurs,
       an.comptes AS comptes_annuel, an.comptes_actives AS actives_annuel, an.utilisateurs AS visiteurs_annuel
FROM moy
FULL JOIN an USING (uai, annee_scolaire, profil);

CREATE OR REPLACE TABLE ind_ent AS
WITH lignes AS (
    -- month by month
    SELECT 'ent_connexion' AS indicateur, uai, annee_scolaire, mois AS periode, profil AS dimension,
           utilisateurs AS numerateur, comptes AS denominateur, taux(utilisateurs, comptes) AS valeur,
           'taux' AS unite, comptes AS effectif
    FROM stg_ent_mensuel WHERE utilisateurs IS NOT NULL
    UNION ALL
    SELECT 'ent_activation', uai, annee_scolaire, mois, profil,
           comptes_actives, comptes, taux(comptes_actives, comptes), 'taux', comptes
    FROM stg_ent_mensuel WHERE comptes_actives IS NOT NULL
    UNION ALL
    SELECT 'ent_connexions_par_visiteur', uai, annee_scolaire, mois, profil,
           connexions, utilisateurs, taux(connexions, utilisateurs), 'nombre', utilisateurs
    FROM stg_ent_mensuel WHERE connexions IS NOT NULL AND utilisateurs IS NOT NULL
    UNION ALL
    -- the school year
    SELECT 'ent_connexion', uai, annee_scolaire, 'annee', profil,
           CASE WHEN methode = 'annuel' THEN visiteurs_annuel ELSE coalesce(somme_taux, 0) END,
           CASE WHEN methode = 'annuel' THEN comptes_annuel ELSE coalesce(mois, 0) END,
           CASE WHEN methode = 'annuel' THEN taux(visiteurs_annuel, comptes_annuel) ELSE taux(somme_taux, mois) END,
           'taux', coalesce(CASE WHEN methode = 'annuel' THEN comptes_annuel END, comptes_max)
    FROM stg_ent_annuel
    WHERE methode = 'annuel' OR mois IS NOT NULL
    UNION ALL
    SELECT 'ent_activation', uai, annee_scolaire, 'annee', profil,
           coalesce(actives_fin, actives_annuel),
           CASE WHEN actives_fin IS NOT NULL THEN comptes_fin ELSE comptes_annuel END,
           taux(coalesce(actives_fin, actives_annuel), CASE WHEN actives_fin IS NOT NULL THEN comptes_fin ELSE comptes_annuel END),
           'taux', CASE WHEN actives_fin IS NOT NULL THEN comptes_fin ELSE comptes_annuel END
    FROM stg_ent_annuel
    WHERE coalesce(actives_fin, actives_annuel) IS NOT NULL
    UNION ALL
    SELECT 'ent_connexions_par_visiteur', uai, annee_scolaire, 'annee', profil,
           connexions, visiteurs, taux(connexions, visiteurs), 'nombre', visiteurs
    FROM stg_ent_annuel
    WHERE visiteurs IS NOT NULL
)
SELECT indicateur, uai, annee_scolaire, periode, dimension,
       CAST(numerateur AS DOUBLE) AS numerateur, CAST(denominateur AS DOUBLE) AS denominateur,
       CAST(valeur AS DOUBLE) AS valeur, unite, CAST(effectif AS BIGINT) AS effectif,
       false AS estimation
FROM lignes;
