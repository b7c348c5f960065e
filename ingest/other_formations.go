package ingest

import "fmt"

// Staff digital training attendance: one row per person × session. Names
// are personal data: they are turned into a pseudonym during the load and
// stored nowhere, not even in raw_identites, nor in the rejects.

var (
	foNom       = spec("Nom", "Nom de famille", "Nom d'usage")
	foPrenom    = spec("Prénom")
	foID        = spec("Identifiant", "ID", "Identifiant personnel", "Login", "Courriel", "Adresse mail", "E-mail", "Email")
	foFonction  = spec("Fonction", "Corps", "Discipline", "Statut")
	foFormation = spec("Formation", "Intitulé", "Module", "Dispositif")
	foTheme     = spec("Thème", "Domaine")
	foModalite  = spec("Modalité", "Format")
	foDate      = spec("Date", "Date de la session")
	foDuree     = spec("Durée", "Durée (h)", "Heures", "Nombre d'heures")
)

var formationsKind = &Kind{Name: "formations", Label: "formations des personnels au numérique",
	Required: canons(foNom, foPrenom, foFonction, foFormation, foDate, foDuree),
	Aliases:  aliasesOf(foNom, foPrenom, foFonction, foFormation, foDate, foDuree),
	Match:    matchFormations}

func matchFormations(s *sniffed) (*Layout, []string) {
	b := newSrcBuilder(s)
	m := missingCols(b.hi, req(foFonction), req(foFormation), req(foDate), req(foDuree))
	// Who: last and first name, or a single identifier column. A NUMEN is
	// never taken as an identifier (it is not asked for and not read).
	byName := hasAlias(b.hi, foNom) && hasAlias(b.hi, foPrenom)
	if !byName && !hasAlias(b.hi, foID) {
		m = append([]string{foNom.describe() + " et " + foPrenom.describe() + ", ou " + foID.describe()}, m...)
	}
	if len(m) > 0 {
		return nil, m
	}
	l := &Layout{HideLines: true}
	b.uai(uaiSpec)
	var who string
	if byName {
		who = b.text(foNom, "nom")
		b.text(foPrenom, "prenom")
		b.check(who, "nom IS NULL AND prenom IS NULL", "NULL", "personne sans nom ni prénom")
	} else {
		who = b.text(foID, "nom")
		b.add("NULL::VARCHAR", "prenom")
		b.check(who, "nom IS NULL", "NULL", "personne sans identifiant")
	}
	l.Names = [2]string{"nom", "prenom"}
	fn := b.text(foFonction, "fonction_libelle")
	// A discipline (Mathématiques, EPS...) is a teacher's.
	fnExpr := "coalesce(_fonction(fonction_libelle), 'autre')"
	if normHeader(headerOf(b.layoutBuilder, fn)) == normHeader("Discipline") {
		fnExpr = "CASE WHEN fonction_libelle IS NOT NULL AND _fonction(fonction_libelle) = 'autre' THEN 'enseignant' ELSE " + fnExpr + " END"
	}
	b.add(fnExpr, "fonction")
	b.text(foFormation, "formation")
	b.text(foTheme, "theme")
	b.text(foModalite, "modalite_libelle")
	b.add("_modalite(modalite_libelle)", "modalite")
	date := b.parsed(foDate, "date_session", "_date", "DATE", "date")
	b.required(date, "date_session", "date de la session")
	duree := b.parsed(foDuree, "duree_h", "_duree", "DOUBLE", "duree")
	b.check(duree, "duree_h > 100", "_raw_duree_h", "durée de plus de 100 heures pour une session : invraisemblable")
	b.finish(l)
	l.Meta = Meta{UAI: "list(DISTINCT uai) FILTER (WHERE uai IS NOT NULL)", Year: "_annee(date_session)::VARCHAR",
		MaxDate: "max(date_session)::TIMESTAMP"}
	// No replacement at ingest: attendance files are per session or
	// cumulative lists, and the same attendance listed in two files is
	// counted once by stg_formations (newest file wins). Identical files
	// are skipped as usual.
	l.Load = func() []string {
		// The pseudonym's school part is suffixed so that a staff member
		// never shares a pseudonym with a pupil of the same name (pupils'
		// pseudonyms lead to their identity in raw_identites).
		return []string{fmt.Sprintf(`INSERT INTO raw_formations (fichier_id, rang, uai, annee_scolaire, personne, fonction,
    fonction_libelle, formation, theme, modalite, modalite_libelle, date_session, duree_h)
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, coalesce(_s.uai, _f.f_uai), coalesce(_s._annee, _f.f_annee),
       _pseudok(coalesce(_s.uai, _f.f_uai) || '%s', _nk), fonction, fonction_libelle, formation, theme, modalite,
       modalite_libelle, date_session, duree_h
FROM _s JOIN _f USING (_fichier)`, staffPseudoSuffix)}
	}
	return l, nil
}

// staffPseudoSuffix separates staff pseudonyms from pupils'.
const staffPseudoSuffix = "|personnels"
