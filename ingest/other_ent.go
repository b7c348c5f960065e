package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"filmnum/internal/duck"
	"filmnum/seeds"
)

// ENT connection statistics: the Edifice / Open ENT NG export
//
//	"Établissement";"UAI";"Date";"Profil";"Connexions";"Visiteurs uniques";"Comptes chargés";"Comptes activés"
//
// and other vendors' wordings of the same figures (formats-other.md).

var (
	entEtab    = spec("Établissement", "Nom de l'établissement", "Nom établissement")
	entUAI     = spec("UAI", "RNE", "Code établissement")
	entMois    = spec("Mois", "Date", "Période", "Month")
	entProfil  = spec("Profil", "Type d'utilisateur", "Population", "Profile")
	entComptes = spec("Comptes", "Comptes chargés", "Nombre de comptes", "Accounts")
	entActives = spec("Comptes activés", "Comptes actifs", "Activated")
	entUsers   = spec("Utilisateurs connectés", "Visiteurs uniques", "Utilisateurs uniques", "Unique visitors")
	entCnx     = spec("Connexions", "Visites", "Nombre de connexions", "Connections")
)

var entKind = &Kind{Name: "ent_stats", Label: "statistiques de connexion ENT",
	Required: canons(entUAI, entMois, entProfil, entComptes, entUsers),
	Aliases:  aliasesOf(entUAI, entMois, entProfil, entComptes, entUsers),
	Match:    matchENT}

// edificeHeader is the statistics module's own export: every field quoted,
// plain integers, which DuckDB reads typed.
var edificeHeader = []string{"Établissement", "UAI", "Date", "Profil", "Connexions", "Visiteurs uniques", "Comptes chargés", "Comptes activés"}

func isEdifice(h []string) bool {
	if len(h) != len(edificeHeader) {
		return false
	}
	for i := range h {
		if normHeader(h[i]) != normHeader(edificeHeader[i]) {
			return false
		}
	}
	return true
}

// granularitySQL decides, per file, the bucket of rows dated by a full date
// (Edifice's 2025-09-01T00:00): all on the 1st → month; all on one weekday
// (a Monday when there is a single date) → week; otherwise day.
const granularitySQL = `(SELECT _fichier, CASE
        WHEN bool_and(day(periode) = 1) THEN 'mois'
        WHEN count(DISTINCT isodow(periode)) = 1 AND (count(DISTINCT periode) > 1 OR min(isodow(periode)) = 1) THEN 'semaine'
        ELSE 'jour' END AS gran_fichier
    FROM _s WHERE periode_type = 'date' GROUP BY _fichier) g`

func matchENT(s *sniffed) (*Layout, []string) {
	b := newSrcBuilder(s)
	if m := missingCols(b.hi, req(entUAI), req(entMois), req(entProfil), req(entComptes), req(entUsers)); len(m) > 0 {
		return nil, m
	}
	typed := isEdifice(s.Header)
	l := &Layout{}
	etab := b.text(entEtab, "etablissement")
	_, filled := b.uai(entUAI)
	if !filled && etab != "" && classesInPlaceOfSchool(s, idx(etab)) {
		l.Refuse = &FileError{Path: s.Path, Line: 2,
			Msg: "export ENT « détail par classes » (UAI vide, classes dans la colonne « " + headerOf(b.layoutBuilder, etab) +
				" ») : ses lignes ne sont pas des chiffres d'établissement, filmnum ne le charge pas",
			Hint: "exportez les statistiques « par établissement » depuis la console de l'ENT"}
	}
	mois := b.parsed(entMois, "periode", "_mois", "DATE", "mois")
	b.add("_mois_type(_raw_periode)", "periode_type")
	b.required(mois, "periode", "mois")
	profil := b.text(entProfil, "profil_libelle")
	b.add("_profil(profil_libelle)", "profil")
	b.requiredText(profil, "profil_libelle", "profil")
	b.count(entComptes, "comptes", typed)
	b.count(entActives, "comptes_actives", typed)
	b.count(entUsers, "utilisateurs", typed)
	b.count(entCnx, "connexions", typed)
	b.finish(l)
	l.Meta = Meta{UAI: "list(DISTINCT uai) FILTER (WHERE uai IS NOT NULL)", Org: "min(etablissement)",
		Year: "_annee(periode)::VARCHAR", MaxDate: "max(periode)::TIMESTAMP",
		Key: "strftime(min(periode), '%Y-%m') || ' → ' || strftime(max(periode), '%Y-%m')"}
	// An export covers the twelve months up to its day, so successive
	// exports overlap: a newer one replaces, row by row, the school ×
	// bucket × profile it contains, and older months stay.
	l.Replace = Replace{Table: "raw_ent_stats", KeyCols: []string{"uai", "granularite", "periode", "profil"}}
	l.Load = func() []string {
		return []string{`INSERT INTO raw_ent_stats (fichier_id, rang, uai, etablissement, granularite, periode,
    annee_scolaire, profil, profil_libelle, comptes, comptes_actives, utilisateurs, connexions)
SELECT _f.fichier_id, (_s.rowid - _f.premier + 1)::INTEGER, coalesce(_s.uai, _f.f_uai), _s.etablissement,
       CASE WHEN _s.periode_type = 'date' THEN g.gran_fichier ELSE _s.periode_type END, _s.periode,
       coalesce(_s._annee, _f.f_annee), _s.profil, _s.profil_libelle,
       _s.comptes, _s.comptes_actives, _s.utilisateurs, _s.connexions
FROM _s JOIN _f USING (_fichier) LEFT JOIN ` + granularitySQL + ` USING (_fichier)`}
	}
	return l, nil
}

// classesInPlaceOfSchool tells the ENT's "détail par classes" export: the
// UAI column is empty and the establishment column holds class labels.
func classesInPlaceOfSchool(s *sniffed, etab int) bool {
	classes, rows := 0, 0
	for _, rec := range s.Sample {
		if etab >= len(rec) || isTotalCell(firstCell(rec)) || strings.TrimSpace(rec[etab]) == "" {
			continue
		}
		rows++
		if _, ok := seeds.LevelOf(rec[etab]); ok {
			classes++
		}
	}
	return rows > 0 && classes*2 >= rows
}

// Exclusion is a period whose data the transform must leave out, given
// at ingest (--exclure), e.g. the ENT's wrong statistics of 9–24 September
// 2025. It is stored in raw_exclusions; the raw rows themselves are kept.
type Exclusion struct {
	Source string    // export kind, e.g. ent_stats
	Debut  time.Time // first day excluded
	Fin    time.Time // last day excluded (included)
	Motif  string    // French, shown in reports
}

// recordExclusions records the exclusions given (once: the same source and
// period given again is not duplicated).
func recordExclusions(ctx context.Context, db *duck.DB, opt Options) error {
	for _, e := range opt.Exclusions {
		if err := db.Exec(ctx, `INSERT INTO raw_exclusions (source, debut, fin, motif, ajoute_le)
			SELECT ?, ?::DATE, ?::DATE, ?, ? WHERE NOT EXISTS (
			    SELECT 1 FROM raw_exclusions WHERE source = ? AND debut = ?::DATE AND fin = ?::DATE)`,
			e.Source, e.Debut.Format(time.DateOnly), e.Fin.Format(time.DateOnly), e.Motif, opt.Now(),
			e.Source, e.Debut.Format(time.DateOnly), e.Fin.Format(time.DateOnly)); err != nil {
			return fmt.Errorf("enregistrement de la période exclue : %w", err)
		}
	}
	return nil
}
