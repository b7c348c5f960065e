-- Pupils: the class and level of each pupil (pseudonym) of a school and year,
-- and one certification result per pupil.

-- stg_eleves: the class of the pupil's most recent dated row among campaign
-- participations, profile collections and certifications, and its level
-- (NULL when the label maps to no level: see stg_classes_non_reconnues).
-- One row per pupil key ek (cle_eleve): every reader joins on it, so the
-- pupil's school, year and pseudonym are not carried through the sort.
CREATE OR REPLACE TEMP TABLE stg_eleves AS
WITH vus AS (
    SELECT ek, classe, debut AS vu_le FROM stg_participations WHERE classe IS NOT NULL
    UNION ALL
    SELECT ek, classe, envoi_le FROM stg_profils WHERE classe IS NOT NULL
    UNION ALL
    SELECT ek, classe, CAST(date_passage AS TIMESTAMPTZ) FROM stg_certifications WHERE classe IS NOT NULL
)
SELECT v.ek, v.classe, c.niveau
FROM vus v
LEFT JOIN stg_classes c USING (classe)
QUALIFY row_number() OVER (PARTITION BY v.ek ORDER BY v.vu_le DESC NULLS LAST, v.classe) = 1;

-- stg_certification_eleves: the core Pix certification, one row per pupil,
-- school and year. A pupil certified twice counts once with the best result
-- (highest validated score); a pupil never validated keeps the status of the
-- latest attempt. date_certification = first validated sitting (the monthly
-- cumulative counts use it).
-- niveau: the pupil's level from a class label; when no class was ever seen
-- for the pupil and the school has one single certification level in
-- seed_effectifs (a collège: 3e; an LGT: Tle), that level, with
-- niveau_source = 'etablissement'; otherwise NULL.
CREATE OR REPLACE TEMP TABLE stg_certification_eleves AS
WITH pix AS (
    SELECT * FROM stg_certifications WHERE type_certification = 'Pix'
),
meilleure AS (
    SELECT *
    FROM pix
    QUALIFY row_number() OVER (
        PARTITION BY ek
        ORDER BY statut = 'validee' DESC,
                 CASE WHEN statut = 'validee' THEN score END DESC NULLS LAST,
                 date_passage DESC NULLS LAST, numero) = 1
),
passages AS (
    SELECT ek, count(*) AS passages,
           min(date_passage) FILTER (WHERE statut = 'validee') AS date_certification
    FROM pix
    GROUP BY ek
),
niveau_unique AS (
    SELECT uai, annee_scolaire, min(niveau) AS niveau
    FROM seed_effectifs
    WHERE niveau_certification(niveau) AND eleves > 0
    GROUP BY ALL
    HAVING count(*) = 1
)
SELECT m.ek, m.uai, m.annee_scolaire, m.eleve, m.statut, m.statut = 'validee' AS certifie,
       CASE WHEN m.statut = 'validee' THEN m.score END AS score,
       CASE WHEN m.statut = 'validee' THEN coalesce(m.niveau_pix, b.niveau) END AS niveau_pix,
       p.date_certification, p.passages, m.session_id, e.classe,
       CASE WHEN e.ek IS NOT NULL THEN e.niveau ELSE u.niveau END AS niveau,
       CASE WHEN e.niveau IS NOT NULL THEN 'classe'
            WHEN e.ek IS NULL AND u.niveau IS NOT NULL THEN 'etablissement' END AS niveau_source
FROM meilleure m
JOIN passages p USING (ek)
LEFT JOIN stg_eleves e USING (ek)
LEFT JOIN niveau_unique u ON u.uai = m.uai AND u.annee_scolaire = m.annee_scolaire
LEFT JOIN seed_niveaux_pix b
       ON m.score >= b.score_min AND (b.score_max IS NULL OR m.score <= b.score_max);
