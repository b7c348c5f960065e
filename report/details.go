package report

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Readers of the stg_ detail tables of CONTRACT.md. Each returns ok=false
// when its table (or a needed column) is absent, so the caller can say
// "source manquante" instead of failing.

type certSession struct {
	UAI        string
	ID         sql.NullInt64
	Date       time.Time
	Candidates int64
	Certified  int64
}

var sessionCols = []string{"uai", "annee_scolaire", "session_id", "date_session", "inscrits", "certifies"}

// sessions reads stg_certification_sessions for one school ("" = all).
func (s *store) sessions(ctx context.Context, uai string, y schoolYear) ([]certSession, bool, error) {
	if !s.has("stg_certification_sessions", sessionCols...) {
		return nil, false, nil
	}
	q := `SELECT uai, session_id, CAST(date_session AS DATE), coalesce(inscrits, 0), coalesce(certifies, 0)
		FROM stg_certification_sessions WHERE annee_scolaire = $1 AND date_session IS NOT NULL`
	args := []any{y.String()}
	if uai != "" {
		q += " AND uai = $2"
		args = append(args, uai)
	}
	q += " ORDER BY uai, date_session, session_id"
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, true, fmt.Errorf("lecture de stg_certification_sessions : %w", err)
	}
	defer rows.Close()
	var out []certSession
	for rows.Next() {
		var c certSession
		if err := rows.Scan(&c.UAI, &c.ID, &c.Date, &c.Candidates, &c.Certified); err != nil {
			return nil, true, err
		}
		out = append(out, c)
	}
	return out, true, rows.Err()
}

type garSub struct {
	ID, Name, Publisher string
	Copies              sql.NullInt64
	Unlimited           bool
	Pupils, Teachers    sql.NullInt64
	Unassigned          sql.NullInt64
	Start, End          sql.NullTime
}

var garCols = []string{"uai", "annee_scolaire", "ressource_id", "libelle", "editeur", "exemplaires", "illimite", "affectes_eleves", "affectes_enseignants", "debut", "fin", "affectee"}

// garSubscriptions reads the resources assigned to the school
// (stg_gar_ressources, one row per resource).
func (s *store) garSubscriptions(ctx context.Context, uai string, y schoolYear) ([]garSub, bool, error) {
	if !s.has("stg_gar_ressources", garCols...) {
		return nil, false, nil
	}
	rows, err := s.query(ctx, `SELECT ressource_id, coalesce(libelle, ressource_id), coalesce(editeur, ''), exemplaires, coalesce(illimite, false),
		affectes_eleves, affectes_enseignants, CAST(debut AS DATE), CAST(fin AS DATE)
		FROM stg_gar_ressources WHERE uai = $1 AND annee_scolaire = $2 AND affectee
		ORDER BY fin NULLS LAST, libelle, ressource_id`, uai, y.String())
	if err != nil {
		return nil, true, fmt.Errorf("lecture de stg_gar_ressources : %w", err)
	}
	defer rows.Close()
	var out []garSub
	for rows.Next() {
		var g garSub
		if err := rows.Scan(&g.ID, &g.Name, &g.Publisher, &g.Copies, &g.Unlimited, &g.Pupils, &g.Teachers, &g.Start, &g.End); err != nil {
			return nil, true, err
		}
		if g.Copies.Valid && !g.Unlimited {
			u := g.Copies.Int64 - g.Pupils.Int64 - g.Teachers.Int64
			g.Unassigned = sql.NullInt64{Int64: max(u, 0), Valid: true}
		}
		out = append(out, g)
	}
	return out, true, rows.Err()
}

// endsBeforeNextYear: the subscription ends before the next school year
// starts, so it must be renewed (film annuel, May–July).
func (g garSub) endsBeforeNextYear(y schoolYear) bool {
	return g.End.Valid && g.End.Time.Before(time.Date(y.start+1, time.September, 1, 0, 0, 0, 0, time.UTC))
}

type campaign struct {
	ID                             int64
	Name, Type, Levels             string
	First                          sql.NullTime
	Participants, Finished, Shared sql.NullInt64
}

var campaignCols = []string{"uai", "annee_scolaire", "campagne_id", "type_campagne", "campagne_nom", "lancee_le", "participants", "termines", "partages", "niveaux"}

// campaigns reads stg_campagnes: one row per Pix Orga campaign, with the
// date of its first participation (lancee_le).
func (s *store) campaigns(ctx context.Context, uai string, y schoolYear) ([]campaign, bool, error) {
	if !s.has("stg_campagnes", campaignCols...) {
		return nil, false, nil
	}
	rows, err := s.query(ctx, `SELECT campagne_id, coalesce(campagne_nom, ''), coalesce(type_campagne, ''),
		coalesce(array_to_string(list_filter(niveaux, x -> x IS NOT NULL), ', '), ''),
		CAST(lancee_le AS DATE), participants, termines, partages
		FROM stg_campagnes WHERE uai = $1 AND annee_scolaire = $2
		ORDER BY lancee_le NULLS LAST, campagne_nom, campagne_id`, uai, y.String())
	if err != nil {
		return nil, true, fmt.Errorf("lecture de stg_campagnes : %w", err)
	}
	defer rows.Close()
	var out []campaign
	for rows.Next() {
		var c campaign
		if err := rows.Scan(&c.ID, &c.Name, &c.Type, &c.Levels, &c.First, &c.Participants, &c.Finished, &c.Shared); err != nil {
			return nil, true, err
		}
		out = append(out, c)
	}
	return out, true, rows.Err()
}

type toSupport struct {
	Class, Level string
	Count        int64
}

var supportCols = []string{"uai", "annee_scolaire", "eleve", "classe", "niveau", "niveaux_1", "pix_total", "a_accompagner"}

// supportByClass counts the pupils to support per class (no identity).
func (s *store) supportByClass(ctx context.Context, uai string, y schoolYear) ([]toSupport, bool, error) {
	if !s.has("stg_eleves_a_accompagner", supportCols...) {
		return nil, false, nil
	}
	rows, err := s.query(ctx, `SELECT coalesce(classe, ''), coalesce(niveau, ''), count(DISTINCT eleve)
		FROM stg_eleves_a_accompagner WHERE uai = $1 AND annee_scolaire = $2 AND a_accompagner
		GROUP BY ALL ORDER BY 2, 1`, uai, y.String())
	if err != nil {
		return nil, true, fmt.Errorf("lecture de stg_eleves_a_accompagner : %w", err)
	}
	defer rows.Close()
	var out []toSupport
	for rows.Next() {
		var t toSupport
		if err := rows.Scan(&t.Class, &t.Level, &t.Count); err != nil {
			return nil, true, err
		}
		out = append(out, t)
	}
	return out, true, rows.Err()
}

type pupil struct {
	Nom, Prenom, Class, Level string
	Competences, Pix          sql.NullInt64
	Identified                bool
}

// supportNominative is the only query of filmnum's reports that reads
// identity data: the school's own report, with --nominatif.
func (s *store) supportNominative(ctx context.Context, uai string, y schoolYear) ([]pupil, bool, error) {
	if !s.has("stg_eleves_a_accompagner", supportCols...) {
		return nil, false, nil
	}
	idJoin := `LEFT JOIN (SELECT NULL::VARCHAR AS personne, NULL::VARCHAR AS nom, NULL::VARCHAR AS prenom) i ON false`
	if s.has("raw_identites", "personne", "annee_scolaire", "nom", "prenom") {
		idJoin = `LEFT JOIN (SELECT personne, any_value(nom ORDER BY fichier_id DESC) AS nom, any_value(prenom ORDER BY fichier_id DESC) AS prenom
			FROM raw_identites WHERE annee_scolaire = $2 GROUP BY personne) i ON i.personne = a.eleve`
		if !s.has("raw_identites", "fichier_id") {
			idJoin = `LEFT JOIN (SELECT personne, min(nom) AS nom, min(prenom) AS prenom
				FROM raw_identites WHERE annee_scolaire = $2 GROUP BY personne) i ON i.personne = a.eleve`
		}
	}
	rows, err := s.query(ctx, `SELECT coalesce(i.nom, ''), coalesce(i.prenom, ''), coalesce(max(a.classe), ''), coalesce(max(a.niveau), ''),
		max(a.niveaux_1), max(a.pix_total), i.personne IS NOT NULL
		FROM stg_eleves_a_accompagner a `+idJoin+`
		WHERE a.uai = $1 AND a.annee_scolaire = $2 AND a.a_accompagner
		GROUP BY a.eleve, i.nom, i.prenom, i.personne ORDER BY 3, 1, 2, a.eleve`, uai, y.String())
	if err != nil {
		return nil, true, fmt.Errorf("lecture de la liste nominative : %w", err)
	}
	defer rows.Close()
	var out []pupil
	for rows.Next() {
		var p pupil
		if err := rows.Scan(&p.Nom, &p.Prenom, &p.Class, &p.Level, &p.Competences, &p.Pix, &p.Identified); err != nil {
			return nil, true, err
		}
		out = append(out, p)
	}
	return out, true, rows.Err()
}

// competenceNames reads seed_competences (code → libellé), if loaded.
func (s *store) competenceNames(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	if !s.has("seed_competences", "code", "libelle") {
		return out, nil
	}
	rows, err := s.query(ctx, `SELECT code, libelle FROM seed_competences`)
	if err != nil {
		return nil, fmt.Errorf("lecture de seed_competences : %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, l sql.NullString
		if err := rows.Scan(&c, &l); err != nil {
			return nil, err
		}
		out[c.String] = l.String
	}
	return out, rows.Err()
}
