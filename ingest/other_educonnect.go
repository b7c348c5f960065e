package ingest

// EduConnect activation follow-up: one row per school × class × snapshot.
// The snapshot date is a column, else the file name's date, else --date.

var (
	ecDate      = spec("Date", "Date d'extraction", "Extrait le")
	ecClasse    = spec("Classe", "Division")
	ecEleves    = spec("Élèves", "Nombre d'élèves", "Effectif")
	ecElevesAct = spec("Élèves activés", "Comptes élèves activés")
	ecResp      = spec("Responsables", "Nombre de responsables", "Représentants légaux")
	ecRespAct   = spec("Responsables activés", "Comptes responsables activés")
)

var educonnectKind = &Kind{Name: "educonnect", Label: "suivi des activations EduConnect",
	Required: canons(ecEleves, ecElevesAct, ecResp, ecRespAct),
	Aliases:  aliasesOf(ecEleves, ecElevesAct, ecResp, ecRespAct),
	Match:    matchEduConnect}

const missingSnapshotDate = "date du relevé introuvable : ni colonne « Date », ni date AAAA-MM-JJ ou AAAAMMJJ dans le nom du fichier, ni option --date"

func matchEduConnect(s *sniffed) (*Layout, []string) {
	b := newSrcBuilder(s)
	if m := missingCols(b.hi, req(ecEleves), req(ecElevesAct), req(ecResp), req(ecRespAct)); len(m) > 0 {
		return nil, m
	}
	l := &Layout{}
	b.uai(uaiSpec)
	date := b.parsed(ecDate, "date_colonne", "_date", "DATE", "date")
	b.add("coalesce(date_colonne, "+snapshotDate(s, l)+")", "date_releve")
	b.check(date, "date_releve IS NULL", "NULL", missingSnapshotDate)
	b.text(ecClasse, "classe")
	b.count(ecEleves, "eleves", false)
	act := b.count(ecElevesAct, "eleves_actives", false)
	b.count(ecResp, "responsables", false)
	ract := b.count(ecRespAct, "responsables_actives", false)
	b.check(act, "eleves_actives > eleves", "eleves_actives::VARCHAR", "plus d'élèves activés que d'élèves")
	b.check(ract, "responsables_actives > responsables", "responsables_actives::VARCHAR", "plus de responsables activés que de responsables")
	b.finish(l)
	l.Meta = Meta{UAI: "list(DISTINCT uai) FILTER (WHERE uai IS NOT NULL)", Year: "_annee(date_releve)::VARCHAR",
		MaxDate: "max(date_releve)::TIMESTAMP",
		Key:     "'relevé du ' || string_agg(DISTINCT strftime(date_releve, '%Y-%m-%d'), ', ' ORDER BY strftime(date_releve, '%Y-%m-%d'))"}
	// File level: a file is one snapshot (school × date) of every class; a
	// newer export of the same snapshot replaces it whole. Snapshots of
	// other dates are kept: they make the activation curve.
	l.Replace = Replace{FileLevel: true, Tables: []string{"raw_educonnect"}}
	l.Load = func() []string {
		return []string{`INSERT INTO raw_educonnect (fichier_id, rang, uai, date_releve, annee_scolaire, classe,
    eleves, eleves_actives, responsables, responsables_actives)
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, coalesce(_s.uai, _f.f_uai), date_releve,
       coalesce(_s._annee, _f.f_annee), classe, eleves, eleves_actives, responsables, responsables_actives
FROM _s JOIN _f USING (_fichier)`}
	}
	return l, nil
}
