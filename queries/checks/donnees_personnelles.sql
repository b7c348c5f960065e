-- Names, birth dates and external ids live only in raw_identites: no other
-- table may carry such a column (stg_ and ind_ tables hold pseudonyms only).
SELECT table_name, column_name
FROM duckdb_columns()
WHERE ((database_name = current_database() AND schema_name IN ('main', current_schema()))
       OR (database_name IN ('temp', 'filmnum_travail') AND schema_name = 'main'))
  AND (starts_with(table_name, 'stg_') OR starts_with(table_name, 'ind_'))
  AND column_name IN ('prenom', 'date_naissance', 'lieu_naissance', 'id_externe', 'nom_eleve', 'nom_personne')
