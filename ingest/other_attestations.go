package ingest

// Pix 6e attestation counts, typed from Pix Orga's screen (no CSV export
// exists): UAI;Classe;Élèves 6e;Attestations obtenues;Date.

var (
	atClasse = spec("Classe", "Division")
	atEleves = spec("Élèves 6e", "Élèves de 6e", "Nombre d'élèves de 6e", "Effectif 6e", "Élèves")
	atAttest = spec("Attestations obtenues", "Attestations", "Nombre d'attestations", "Attestations Pix 6e")
	atDate   = spec("Date", "Date du relevé", "Relevé le")
)

var attestationsKind = &Kind{Name: "pix_attestations_6e", Label: "attestations Pix 6e (relevé)",
	Required: canons(atEleves, atAttest),
	Aliases:  aliasesOf(atEleves, atAttest),
	Match:    matchAttestations}

func matchAttestations(s *sniffed) (*Layout, []string) {
	b := newSrcBuilder(s)
	if m := missingCols(b.hi, req(atEleves), req(atAttest)); len(m) > 0 {
		return nil, m
	}
	l := &Layout{}
	b.uai(uaiSpec)
	b.text(atClasse, "classe")
	b.count(atEleves, "eleves", false)
	att := b.count(atAttest, "attestations", false)
	b.check(att, "attestations > eleves", "attestations::VARCHAR", "plus d'attestations que d'élèves de 6e")
	date := b.parsed(atDate, "date_colonne", "_date", "DATE", "date")
	b.add("coalesce(date_colonne, "+snapshotDate(s, l)+")", "date_releve")
	b.check(date, "date_releve IS NULL", "NULL", missingSnapshotDate)
	b.finish(l)
	l.Meta = Meta{UAI: "list(DISTINCT uai) FILTER (WHERE uai IS NOT NULL)", Year: "_annee(date_releve)::VARCHAR",
		MaxDate: "max(date_releve)::TIMESTAMP",
		Key:     "'relevé du ' || string_agg(DISTINCT strftime(date_releve, '%Y-%m-%d'), ', ' ORDER BY strftime(date_releve, '%Y-%m-%d'))"}
	// File level, like EduConnect: counts typed on one day are one
	// snapshot; retyping the same day's counts replaces them.
	l.Replace = Replace{FileLevel: true, Tables: []string{"raw_pix_attestations_6e"}}
	l.Load = func() []string {
		return []string{`INSERT INTO raw_pix_attestations_6e (fichier_id, rang, uai, annee_scolaire, classe, eleves,
    attestations, date_releve)
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, coalesce(_s.uai, _f.f_uai),
       coalesce(_s._annee, _f.f_annee), classe, eleves, attestations, date_releve
FROM _s JOIN _f USING (_fichier)`}
	}
	return l, nil
}
