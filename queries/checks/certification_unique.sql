-- A pupil certified twice counts once: one certification row per pupil,
-- school and year.
SELECT uai, annee_scolaire, eleve, count(*) AS lignes
FROM stg_certification_eleves
GROUP BY ALL
HAVING count(*) > 1
