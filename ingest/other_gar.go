package ingest

import "fmt"

// GAR (Gestionnaire d'accès aux ressources) exports: assignments of
// resources (one row per school × resource) and monthly usage (one row per
// school × month × resource × profile).

var (
	garUAI        = uaiSpec
	garRessource  = spec("Ressource", "Nom de la ressource", "Titre")
	garID         = spec("Identifiant ressource", "ARK", "Id ressource")
	garEditeur    = spec("Éditeur", "Distributeur")
	garExemplaire = spec("Exemplaires", "Licences", "Nombre d'exemplaires", "Quantité")
	garAffEleves  = spec("Affectés élèves", "Exemplaires attribués élèves", "Attributions élèves")
	garAffEns     = spec("Affectés enseignants", "Exemplaires attribués enseignants", "Attributions enseignants")
	garDebut      = spec("Début", "Date de début", "Début de validité")
	garFin        = spec("Fin", "Date de fin", "Fin de validité")
	garMois       = spec("Mois", "Période")
	garProfil     = spec("Profil", "Population")
	garUsers      = spec("Utilisateurs", "Utilisateurs distincts", "Visiteurs uniques")
	garAcces      = spec("Accès", "Connexions", "Sessions", "Nombre d'accès")
)

var garAffectationsKind = &Kind{Name: "gar_affectations", Label: "affectations de ressources GAR",
	Required: canons(garUAI, garRessource, garExemplaire, garAffEleves, garAffEns),
	Aliases:  aliasesOf(garUAI, garRessource, garExemplaire, garAffEleves, garAffEns),
	Match:    matchGARAffectations}

var garUsageKind = &Kind{Name: "gar_usage", Label: "usage des ressources GAR",
	Required: canons(garUAI, garMois, garRessource, garProfil, garUsers),
	Aliases:  aliasesOf(garUAI, garMois, garRessource, garProfil, garUsers),
	Match:    matchGARUsage}

// resource stages ressource (name), ressource_id (the ARK when present,
// else the name) and rejects rows with neither.
func (b *srcBuilder) resource() {
	name := b.text(garRessource, "ressource")
	id := b.text(garID, "_ressource_ark")
	b.add("coalesce(_ressource_ark, ressource)", "ressource_id")
	col := name
	if col == "" {
		col = id
	}
	b.check(col, "ressource_id IS NULL", "NULL", "ressource manquante (ni nom ni identifiant)")
}

func matchGARAffectations(s *sniffed) (*Layout, []string) {
	b := newSrcBuilder(s)
	if m := missingCols(b.hi, req(garUAI), []colSpec{garRessource, garID}, req(garExemplaire), req(garAffEleves), req(garAffEns)); len(m) > 0 {
		return nil, m
	}
	l := &Layout{}
	b.uai(garUAI)
	b.resource()
	b.text(garEditeur, "editeur")
	// Copies: a count, or "Illimité" (stored as NULL with illimite).
	ex := b.find(garExemplaire, "VARCHAR")
	b.add(fmt.Sprintf("nullif(trim(%s), '')", ex), "_raw_exemplaires")
	b.add("coalesce(_illimite(_raw_exemplaires), false)", "illimite")
	b.add("CASE WHEN NOT illimite THEN _entier(_raw_exemplaires) END", "exemplaires")
	b.check(ex, "_raw_exemplaires IS NULL", "NULL", "nombre d'exemplaires manquant (écrivez « Illimité » pour une ressource sans limite)")
	b.checks = append(b.checks, Check{Column: headerOf(b.layoutBuilder, ex),
		Bad:   "_raw_exemplaires IS NOT NULL AND NOT illimite AND exemplaires IS NULL",
		Value: "_raw_exemplaires", MotifSQL: "_motif('entier', _raw_exemplaires) || ' (ou « Illimité »)'"})
	b.check(ex, "exemplaires < 0", "exemplaires::VARCHAR", "nombre négatif")
	b.check(ex, "exemplaires > "+maxCount, "exemplaires::VARCHAR", tooBigMotif)
	b.count(garAffEleves, "affectes_eleves", false)
	b.count(garAffEns, "affectes_enseignants", false)
	b.parsed(garDebut, "debut", "_date", "DATE", "date")
	fin := b.parsed(garFin, "fin", "_date", "DATE", "date")
	b.check(fin, "fin < debut", "strftime(fin, '%d/%m/%Y')", "fin de validité antérieure au début")
	// The export date: the file name's, else --date, else today.
	b.add("coalesce("+snapshotDate(s, l)+", _aujourdhui())", "_export")
	b.finish(l)
	// School year of an assignment: the export is a snapshot of what is in
	// force on its day, so a resource valid that day (multi-year licences
	// included) counts in the export's school year; one starting later in
	// the year of its start, one already ended in the year of its end.
	year := `CASE WHEN debut IS NULL OR (debut <= _export AND (fin IS NULL OR fin >= _export)) THEN _annee(_export)
		WHEN debut > _export THEN _annee(debut) ELSE _annee(fin) END`
	l.Meta = Meta{UAI: "list(DISTINCT uai) FILTER (WHERE uai IS NOT NULL)", Year: "(" + year + ")::VARCHAR",
		Key: "'instantané ' || _annee(max(_export))", MaxDate: "max(_export)::TIMESTAMP"}
	// File level: an export is the whole picture of the school's
	// assignments on its day; a newer one of the same school year replaces
	// it entirely, so that resources no longer assigned disappear.
	l.Replace = Replace{FileLevel: true, Tables: []string{"raw_gar_affectations"}}
	l.Load = func() []string {
		return []string{`INSERT INTO raw_gar_affectations (fichier_id, rang, uai, annee_scolaire, ressource_id, ressource,
    editeur, exemplaires, illimite, affectes_eleves, affectes_enseignants, debut, fin)
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, coalesce(_s.uai, _f.f_uai), coalesce(_s._annee, _f.f_annee),
       ressource_id, ressource, editeur, exemplaires, illimite, affectes_eleves, affectes_enseignants, debut, fin
FROM _s JOIN _f USING (_fichier)`}
	}
	return l, nil
}

func matchGARUsage(s *sniffed) (*Layout, []string) {
	b := newSrcBuilder(s)
	if m := missingCols(b.hi, req(garUAI), req(garMois), []colSpec{garRessource, garID}, req(garProfil), req(garUsers)); len(m) > 0 {
		return nil, m
	}
	l := &Layout{}
	b.uai(garUAI)
	mois := b.parsed(garMois, "periode", "_mois", "DATE", "mois")
	b.add("_mois_type(_raw_periode)", "periode_type")
	b.required(mois, "periode", "mois")
	b.resource()
	profil := b.text(garProfil, "profil_libelle")
	// The GAR's vocabulary is pupils and teachers; other populations are
	// kept as "autre" with their label.
	b.add("CASE WHEN _profil(profil_libelle) IN ('eleve', 'enseignant') THEN _profil(profil_libelle) ELSE 'autre' END", "profil")
	b.requiredText(profil, "profil_libelle", "profil")
	b.count(garUsers, "utilisateurs", false)
	b.count(garAcces, "acces", false)
	b.finish(l)
	l.Meta = Meta{UAI: "list(DISTINCT uai) FILTER (WHERE uai IS NOT NULL)", Year: "_annee(periode)::VARCHAR",
		MaxDate: "max(periode)::TIMESTAMP",
		Key:     "strftime(min(periode), '%Y-%m') || ' → ' || strftime(max(periode), '%Y-%m')"}
	// Row level, like the ENT: usage exports cover a chosen range of
	// months and successive ones overlap; a newer one replaces the school ×
	// bucket × resource × profile it contains and leaves other months.
	l.Replace = Replace{Table: "raw_gar_usage", KeyCols: []string{"uai", "granularite", "periode", "ressource_id", "profil"}}
	l.Load = func() []string {
		return []string{`INSERT INTO raw_gar_usage (fichier_id, rang, uai, granularite, periode, annee_scolaire,
    ressource_id, ressource, profil, profil_libelle, utilisateurs, acces)
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, coalesce(_s.uai, _f.f_uai),
       CASE WHEN _s.periode_type = 'date' THEN g.gran_fichier ELSE _s.periode_type END, _s.periode,
       coalesce(_s._annee, _f.f_annee), ressource_id, ressource, profil, profil_libelle, utilisateurs, acces
FROM _s JOIN _f USING (_fichier) LEFT JOIN ` + granularitySQL + ` USING (_fichier)`}
	}
	return l, nil
}
