-- Raw layer of filmnum: what the exports said, typed, one row per data row
-- (or per row × competence in long form), with the file it came from.
-- Applied on every ingest; every statement is idempotent.
-- Personal data (names, birth dates, birthplaces, external ids) lives only in
-- raw_identites; every other table carries the pseudonym (eleve / personne).

-- Random key of the keyed hash that builds pseudonyms; created once with the
-- database, never exported.
CREATE TABLE IF NOT EXISTS raw_cle (
    cle VARCHAR NOT NULL
);

-- Provenance: one row per file ever ingested (identical bytes are never
-- loaded twice). Later stages read only rows whose file is in this table.
-- fichier_id and sha256 are unique, but not declared so: ingest numbers the
-- files and skips bytes already loaded (known, by SHA-256), and the check
-- checks/fichiers_uniques.sql verifies both. Declared, each was an ART index
-- that DuckDB writes whole at every checkpoint it changed: with 423 000
-- files, a checkpoint took 0.32-0.35 s more for the UNIQUE sha256 (random
-- keys) and 0.05-0.08 s for the primary key, a thousand rows inserted
-- 36-40 ms against 2-3 ms; at national size, 12 s of an ingest's commits
-- (BENCHMARKS.md). EnsureSchema rebuilds a table that has them.
CREATE TABLE IF NOT EXISTS raw_fichiers (
    fichier_id       INTEGER NOT NULL,
    nom              VARCHAR NOT NULL,   -- file name as given (base name)
    chemin           VARCHAR NOT NULL,   -- path as given on the command line
    sha256           VARCHAR NOT NULL,
    taille           BIGINT NOT NULL,    -- bytes
    type_export      VARCHAR NOT NULL,   -- kind: pix_campagne, pix_profils, pix_certif_classe, pix_certif_session, ent_stats, ...
    libelle_type     VARCHAR NOT NULL,   -- kind in French, for people
    encodage         VARCHAR NOT NULL,   -- UTF-8, UTF-8 (BOM), Windows-1252
    uai              VARCHAR,            -- school, when one file = one school
    uai_source       VARCHAR,            -- colonne, option --uai, chemin, nom de l'organisation
    annee_scolaire   VARCHAR,            -- 2025-2026; several joined by ',' when a file spans years
    cle_export       VARCHAR,            -- campaign id, session id, class... what a newer export replaces
    date_export      TIMESTAMP,          -- from the file name, else the newest date inside
    lignes_lues      BIGINT NOT NULL,    -- data rows read (header excluded)
    lignes_chargees  BIGINT NOT NULL,
    lignes_rejetees  BIGINT NOT NULL,    -- lignes_lues = lignes_chargees + lignes_rejetees
    lignes_remplacees BIGINT NOT NULL DEFAULT 0, -- rows later replaced by a newer export
    remplace_par     INTEGER,            -- the file that replaced all of this one's rows
    charge_le        TIMESTAMPTZ NOT NULL,
    duree_ms         BIGINT NOT NULL,
    avertissements   VARCHAR             -- French notes (Total line skipped, several years...)
);

-- Rows that could not be loaded, with where and why (French).
CREATE TABLE IF NOT EXISTS raw_rejets (
    fichier_id INTEGER NOT NULL,
    ligne      BIGINT,      -- physical line in the file (1 = header)
    colonne    VARCHAR,     -- header text of the column, when one column is at fault
    valeur     VARCHAR,     -- raw value (or the raw line for structural errors)
    motif      VARCHAR NOT NULL
);

-- Identities of pupils and staff, apart from everything else (RGPD).
-- personne = pseudonym = left(sha256(cle || '|' || uai || '|' || NOM || '|' || PRENOM), 20)
-- with NOM / PRENOM upper-cased, accents stripped, apostrophes unified, spaces collapsed.
CREATE TABLE IF NOT EXISTS raw_identites (
    personne        VARCHAR NOT NULL,
    annee_scolaire  VARCHAR NOT NULL,
    uai             VARCHAR,
    nom             VARCHAR,
    prenom          VARCHAR,
    date_naissance  DATE,
    lieu_naissance  VARCHAR,
    id_externe      VARCHAR,
    fichier_id      INTEGER NOT NULL
);

-- Pix Orga assessment campaign ("campagne d'évaluation"): one row per participation.
CREATE TABLE IF NOT EXISTS raw_pix_participations (
    fichier_id       INTEGER NOT NULL,
    rang             INTEGER NOT NULL,  -- data row number in the file (1 = first row after header)
    uai              VARCHAR,
    annee_scolaire   VARCHAR NOT NULL,
    organisation     VARCHAR,
    campagne_id      BIGINT NOT NULL,
    campagne_code    VARCHAR,
    campagne_nom     VARCHAR,
    parcours         VARCHAR,           -- "Parcours" (old: "Nom du Profil Cible")
    eleve            VARCHAR NOT NULL,  -- pseudonym
    classe           VARCHAR,           -- division as exported
    progression      DOUBLE,            -- fraction 0..1
    debut            TIMESTAMPTZ,
    partage          BOOLEAN,
    partage_le       TIMESTAMPTZ,
    palier           INTEGER,
    palier_max       INTEGER,           -- N of "Palier obtenu (/N)"
    maitrise         DOUBLE,            -- "% maitrise de l'ensemble des acquis du profil", fraction
    badges           VARCHAR[]          -- badges obtained ("<badge> obtenu (O/N)" = Oui)
);

-- Long form of the per-competence and per-area columns of assessment exports.
CREATE TABLE IF NOT EXISTS raw_pix_maitrises (
    fichier_id        INTEGER NOT NULL,
    rang              INTEGER NOT NULL,
    portee            VARCHAR NOT NULL, -- 'competence' or 'domaine'
    code              VARCHAR NOT NULL, -- '1.1'..'5.2' for competences, '1'..'5' for areas; '?<name>' when not one of Pix's 16/5
    maitrise          DOUBLE,           -- fraction 0..1
    acquis_profil     INTEGER,          -- skills of the target profile in it
    acquis_maitrises  INTEGER
);

-- Pix Orga profiles collection ("collecte de profils"): one row per participation.
CREATE TABLE IF NOT EXISTS raw_pix_profils (
    fichier_id       INTEGER NOT NULL,
    rang             INTEGER NOT NULL,
    uai              VARCHAR,
    annee_scolaire   VARCHAR NOT NULL,
    organisation     VARCHAR,
    campagne_id      BIGINT NOT NULL,
    campagne_code    VARCHAR,
    campagne_nom     VARCHAR,
    eleve            VARCHAR NOT NULL,
    classe           VARCHAR,
    envoi            BOOLEAN,
    envoi_le         TIMESTAMPTZ,
    pix_total        INTEGER,
    certifiable      BOOLEAN,
    competences_certifiables INTEGER
);

CREATE TABLE IF NOT EXISTS raw_pix_profil_competences (
    fichier_id INTEGER NOT NULL,
    rang       INTEGER NOT NULL,
    code       VARCHAR NOT NULL,  -- '1.1'..'5.2'
    niveau     INTEGER,
    pix        INTEGER
);

-- Certification results, both layouts (Pix Orga per class, Pix Certif per session).
CREATE TABLE IF NOT EXISTS raw_pix_certifications (
    fichier_id        INTEGER NOT NULL,
    rang              INTEGER NOT NULL,
    uai               VARCHAR,
    annee_scolaire    VARCHAR NOT NULL,
    numero            VARCHAR,          -- "Numéro de certification"
    eleve             VARCHAR NOT NULL,
    classe            VARCHAR,          -- per-class layout: from the file name
    type_certification VARCHAR NOT NULL, -- 'Pix' for the core certification
    statut            VARCHAR NOT NULL, -- validee, rejetee, annulee, en_erreur, demarree
    statut_libelle    VARCHAR,          -- as exported (Rejetée / Non obtenue ...)
    score             INTEGER,          -- Pix score; NULL when not applicable
    niveau            VARCHAR,          -- Novice 1 .. Expert 2 (from the file, else from the score bands)
    session_id        BIGINT,
    centre            VARCHAR,
    date_passage      DATE
);

CREATE TABLE IF NOT EXISTS raw_pix_certification_competences (
    fichier_id INTEGER NOT NULL,
    rang       INTEGER NOT NULL,
    code       VARCHAR NOT NULL,  -- '1.1'..'5.2'
    niveau     INTEGER            -- NULL when "-" (not tested)
);

-- Pix 6e attestation counts typed from Pix Orga's screen (no CSV export exists):
-- UAI;Classe;Élèves 6e;Attestations obtenues;Date
CREATE TABLE IF NOT EXISTS raw_pix_attestations_6e (
    fichier_id      INTEGER NOT NULL,
    rang            INTEGER NOT NULL,
    uai             VARCHAR NOT NULL,
    annee_scolaire  VARCHAR NOT NULL,
    classe          VARCHAR,
    eleves          INTEGER,
    attestations    INTEGER,
    date_releve     DATE
);

-- ENT connection statistics (Edifice export and other vendors' aliases).
CREATE TABLE IF NOT EXISTS raw_ent_stats (
    fichier_id      INTEGER NOT NULL,
    rang            INTEGER NOT NULL,
    uai             VARCHAR NOT NULL,
    etablissement   VARCHAR,
    granularite     VARCHAR NOT NULL,  -- mois, semaine, jour, annee
    periode         DATE NOT NULL,     -- start of the bucket (1st of month for mois; 1 Sept for annee)
    annee_scolaire  VARCHAR NOT NULL,
    profil          VARCHAR NOT NULL,  -- eleve, responsable, enseignant, personnel, invite, autre
    profil_libelle  VARCHAR,           -- as exported
    comptes         INTEGER,           -- accounts loaded
    comptes_actives INTEGER,           -- cumulative since 1 September
    utilisateurs    INTEGER,           -- unique visitors in the bucket
    connexions      INTEGER
);

-- GAR assignments: one row per school × resource (× population when split).
CREATE TABLE IF NOT EXISTS raw_gar_affectations (
    fichier_id      INTEGER NOT NULL,
    rang            INTEGER NOT NULL,
    uai             VARCHAR NOT NULL,
    annee_scolaire  VARCHAR NOT NULL,
    ressource_id    VARCHAR NOT NULL,  -- ARK when present, else the name
    ressource       VARCHAR,
    editeur         VARCHAR,
    exemplaires     INTEGER,           -- NULL with illimite = true
    illimite        BOOLEAN NOT NULL,
    affectes_eleves INTEGER,
    affectes_enseignants INTEGER,
    debut           DATE,
    fin             DATE
);

-- GAR monthly usage: one row per school × month × resource × profile.
CREATE TABLE IF NOT EXISTS raw_gar_usage (
    fichier_id      INTEGER NOT NULL,
    rang            INTEGER NOT NULL,
    uai             VARCHAR NOT NULL,
    granularite     VARCHAR NOT NULL,  -- mois, annee (a whole school year: periode = 1 Sept), semaine or jour
    periode         DATE NOT NULL,
    annee_scolaire  VARCHAR NOT NULL,
    ressource_id    VARCHAR NOT NULL,
    ressource       VARCHAR,
    profil          VARCHAR NOT NULL,  -- eleve, enseignant, autre
    profil_libelle  VARCHAR,
    utilisateurs    INTEGER,
    acces           INTEGER
);

-- EduConnect activation follow-up: one row per school × class × snapshot.
CREATE TABLE IF NOT EXISTS raw_educonnect (
    fichier_id      INTEGER NOT NULL,
    rang            INTEGER NOT NULL,
    uai             VARCHAR NOT NULL,
    date_releve     DATE NOT NULL,
    annee_scolaire  VARCHAR NOT NULL,
    classe          VARCHAR,
    eleves          INTEGER,
    eleves_actives  INTEGER,
    responsables    INTEGER,
    responsables_actives INTEGER
);

-- Staff digital training attendance: one row per person × session.
CREATE TABLE IF NOT EXISTS raw_formations (
    fichier_id      INTEGER NOT NULL,
    rang            INTEGER NOT NULL,
    uai             VARCHAR NOT NULL,
    annee_scolaire  VARCHAR NOT NULL,
    personne        VARCHAR NOT NULL,  -- pseudonym; names are never stored
    fonction        VARCHAR NOT NULL,  -- enseignant, direction, vie_scolaire, administratif, autre
    fonction_libelle VARCHAR,
    formation       VARCHAR,
    theme           VARCHAR,
    modalite        VARCHAR,           -- presentiel, distanciel, hybride, NULL (absent or not recognised)
    date_session    DATE NOT NULL,
    duree_h         DOUBLE,
    modalite_libelle VARCHAR           -- modality as written (kept when not recognised)
);
-- Databases created before modalite_libelle existed.
ALTER TABLE raw_formations ADD COLUMN IF NOT EXISTS modalite_libelle VARCHAR;

-- Periods whose data the transform must leave out, given at ingest
-- (filmnum ingest --exclure 2025-09-09:2025-09-24): e.g. the ENT statistics
-- of 9-24 September 2025, which the platform itself declared wrong. The raw
-- rows are kept; a row whose bucket [periode, end of bucket) meets
-- [debut, fin] is concerned. One row per source x period.
CREATE TABLE IF NOT EXISTS raw_exclusions (
    source     VARCHAR NOT NULL,  -- type_export: ent_stats, gar_usage...
    debut      DATE NOT NULL,     -- first day excluded
    fin        DATE NOT NULL,     -- last day excluded (included)
    motif      VARCHAR,           -- French, for reports
    ajoute_le  TIMESTAMPTZ NOT NULL
);
