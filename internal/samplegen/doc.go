package samplegen

// Output layout (OUT is Options.Out):
//
//	OUT/manifest.json                      what was written (see manifest.go)
//	OUT/<UAI>/pix/Resultats-<campagne>-<id>-<AAAA-MM-JJ-HHmm>.csv
//	                                       Pix Orga assessment campaigns (rentrée parcours per
//	                                       level, Pix 6e ×3) and profiles collections
//	OUT/<UAI>/pix/attestations_pix6e_<AAAA-MM-JJ>.csv
//	                                       Pix 6e counts typed from the Orga screen (some collèges)
//	OUT/<UAI>/pix/certification/<AAAAMMJJ>_resultats_<classe>.csv
//	                                       Pix Orga results per class (layout by export date:
//	                                       "Nombre de Pix" before March 2026, "Résultat" in
//	                                       March 2026, "Niveau" + "Score en pix" from April 2026)
//	OUT/<UAI>/pix/certification/<AAAAMMJJ>_<HHmm>_resultats_session_<id>.csv
//	                                       Pix Certif results per session (2024-2025: no type
//	                                       column; 2025-2026: "Résultat", then "Niveau" +
//	                                       "Score en Pix"; CléA rows in some LP sessions)
//	OUT/<UAI>/ent/<AAAA-MM-JJ>/export-stats-accounts.csv
//	                                       lycées: Edifice exports, 12 months each, overlapping
//	OUT/<UAI>/ent/{statistiques_connexions_,ent_usages_,export_ent_}<année>.csv
//	                                       collèges: one vendor per département, aliases
//	OUT/<UAI>/gar/affectations_<AAAA-MM-JJ>.csv, OUT/<UAI>/gar/usage_<année>.csv
//	OUT/<UAI>/educonnect/EduConnect_<UAI>_<AAAAMMJJ>.csv | educonnect_<AAAA-MM-JJ>.csv
//	                                       one file per snapshot, the date in the name
//	OUT/<UAI>/educonnect/suivi_educonnect_<année>.csv
//	                                       all snapshots, the date as a column
//	OUT/<UAI>/formations/formations_numerique_<année>.csv
//	OUT/telechargements/Resultats-….csv    academy scale only: Pix Orga exports of a few schools
//	                                       left in a downloads folder; only their "Nom de
//	                                       l'organisation" (a name the seeds hold once) tells
//	                                       the school
//
// The academy sample (default) keeps per-pupil Pix exports small: the first
// samplePupils pupils of the first class of each level (certification
// results: every pupil of every certification class), the rentrée
// campaigns of an entry level and of the certification levels, and for the
// previous year only certification and Pix 6e. Aggregated sources (ENT, GAR,
// EduConnect, training, attestation counts) cover every school and class.
// Options.AllClasses (--toutes-classes) writes every pupil of every class;
// the national scale always does.
