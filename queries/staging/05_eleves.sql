-- Pupils: the class and level of each pupil (pseudonym) of a school and year,
-- and one certification result per pupil.

-- stg_eleves: one row per pupil key ek (cle_eleve) seen in a campaign
-- participation, a profile collection or a certification: the class of the
-- pupil's most recent dated row that has one (classe NULL when none has; ties
-- go to the first label in order), its level (NULL when the label maps to no
-- level: see stg_classes_non_reconnues), and the pupil's counts of
-- participations, finished and shared ones (campaigns and collections; 0 for
-- a pupil only certified), which ind_campagnes sums per school and level.
-- Every reader joins on ek, so the pupil's pseudonym is not carried.
-- ua: the pupil's school and year as one 64-bit key into stg_ecoles_annees
-- (02_pix.sql), in place of uai and annee_scolaire: at 11 000 schools (9.5 M
-- pupils, 400MB, replayed twice) this statement took 7.1 and 7.3 s with the
-- key against 9.7 and 11.1 s with the two text columns, in the GROUP BY's
-- states and the table's write; only ind_campagnes reads them.
-- One GROUP BY: the former window over the dated class rows, then a GROUP BY
-- of the participations joined back to it on ek, cost 5.3 + 3.0 + 5.3 s at
-- 11 000 schools (9.4 M pupils). The class is picked by its number in
-- stg_classes (classe_id, in label order) with one integer key, latest date
-- first then first label: arg_min of the label over a struct key (date,
-- label) ran out of memory there at 400MB (its state holds text).
CREATE OR REPLACE TABLE filmnum_travail.stg_eleves AS
WITH vus AS (
    SELECT v.ek, v.ua, c.classe_id, v.participation, v.termine, v.partage,
           -- undated rows after every dated one
           CAST(coalesce(epoch_us(v.vu_le), -4611686018427387904) AS HUGEINT) * 4294967296 - c.classe_id AS cle
    FROM (
        SELECT ek, ua, classe, debut AS vu_le, 1 AS participation, termine, partage
        FROM stg_participations
        UNION ALL
        SELECT ek, cle_ecole_annee(uai, annee_scolaire), classe, envoi_le, 1, envoi, envoi FROM stg_profils
        UNION ALL
        SELECT ek, cle_ecole_annee(uai, annee_scolaire), classe, CAST(date_passage AS TIMESTAMPTZ), 0, false, false
        FROM stg_certifications
    ) v
    LEFT JOIN stg_classes c USING (classe)
),
eleves AS (
    SELECT ek, any_value(ua) AS ua,
           arg_max(classe_id, cle) FILTER (WHERE classe_id IS NOT NULL) AS classe_id,
           count(*) FILTER (WHERE participation = 1) AS participations,
           count(*) FILTER (WHERE participation = 1 AND termine) AS terminees,
           count(*) FILTER (WHERE participation = 1 AND partage) AS partagees
    FROM vus
    GROUP BY ek
)
SELECT e.ek, e.ua, c.classe, c.niveau, e.participations, e.terminees, e.partagees
FROM eleves e
LEFT JOIN stg_classes c USING (classe_id);
-- compressed while in memory (see stg_participations in 02_pix.sql)
CHECKPOINT filmnum_travail;

-- stg_certification_eleves: the core Pix certification, one row per pupil,
-- school and year. A pupil certified twice counts once with the best result
-- (highest validated score); a pupil never validated keeps the status of the
-- latest attempt. date_certification = first validated sitting (the monthly
-- cumulative counts use it).
-- niveau: the pupil's level from a class label; when no class was ever seen
-- for the pupil and the school has one single certification level in
-- seed_effectifs (a collège: 3e; an LGT: Tle), that level, with
-- niveau_source = 'etablissement'; otherwise NULL.
-- Nearly every pupil sat once: only the pupils with several Pix rows go
-- through the window (11 000 schools: the window sorting all 2.7 M rows and
-- the per-pupil GROUP BY were 17 s of this statement's 39 s of thread time),
-- and only the pupils certified are read from stg_eleves (9.5 M rows).
CREATE OR REPLACE TABLE filmnum_travail._pix_multiples AS
SELECT ek FROM stg_certifications WHERE type_certification = 'Pix' GROUP BY ek HAVING count(*) > 1;

CREATE OR REPLACE TABLE filmnum_travail.stg_certification_eleves AS
WITH meilleure AS (
    SELECT *, 1::BIGINT AS passages,
           CASE WHEN statut = 'validee' THEN date_passage END AS date_certification
    FROM stg_certifications
    WHERE type_certification = 'Pix' AND ek NOT IN (SELECT ek FROM _pix_multiples)
    UNION ALL BY NAME
    SELECT *, count(*) OVER w_pix AS passages,
           min(date_passage) FILTER (WHERE statut = 'validee') OVER w_pix AS date_certification
    FROM stg_certifications
    WHERE type_certification = 'Pix' AND ek IN (SELECT ek FROM _pix_multiples)
    WINDOW w_pix AS (PARTITION BY ek)
    QUALIFY row_number() OVER (
        PARTITION BY ek
        ORDER BY statut = 'validee' DESC,
                 CASE WHEN statut = 'validee' THEN score END DESC NULLS LAST,
                 date_passage DESC NULLS LAST, numero) = 1
),
eleves AS (
    SELECT ek, classe, niveau
    FROM stg_eleves
    SEMI JOIN (SELECT ek FROM stg_certifications WHERE type_certification = 'Pix') c USING (ek)
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
       m.date_certification, m.passages, m.session_id, e.classe,
       CASE WHEN e.classe IS NOT NULL THEN e.niveau ELSE u.niveau END AS niveau,
       CASE WHEN e.niveau IS NOT NULL THEN 'classe'
            WHEN e.classe IS NULL AND u.niveau IS NOT NULL THEN 'etablissement' END AS niveau_source
FROM meilleure m
LEFT JOIN eleves e USING (ek)
LEFT JOIN niveau_unique u ON u.uai = m.uai AND u.annee_scolaire = m.annee_scolaire
LEFT JOIN seed_niveaux_pix b
       ON m.score >= b.score_min AND (b.score_max IS NULL OR m.score <= b.score_max);
DROP TABLE _pix_multiples;
-- compressed while in memory (see stg_participations in 02_pix.sql)
CHECKPOINT filmnum_travail;
