package queries

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Header is the definition block that opens every indicator file:
//
//	-- name: ent
//	-- title: Connexions à l'ENT
//	-- grain: établissement × année scolaire × période × profil
//	-- indicators: ent_connexion, ent_activation
//	-- definition: ent_connexion (taux) = ...
//	--   continuation lines start with "--" and at least two spaces
//	-- sources: raw_ent_stats
//
// The block is the file's first lines, every one starting with "--"; the six
// keys appear once each, in this order, each with a non-empty value. name is
// the file stem, the table suffix (ind_<name>) and the report section id;
// indicators are the values of the indicateur column the table may hold (chart
// ids). The title is French (people read it); the rest documents the SQL.
type Header struct {
	Name       string
	Title      string
	Grain      string
	Indicators []string
	Definition string
	Sources    string
}

// HeaderKeys are the keys of a header, in their required order.
var HeaderKeys = []string{"name", "title", "grain", "indicators", "definition", "sources"}

var (
	keyLineRe  = regexp.MustCompile(`^--\s?([a-z]+):\s*(.*)$`)
	contLineRe = regexp.MustCompile(`^--\s{2,}(\S.*)$`)
	identRe    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// ParseHeader reads the header of the indicator file file (its base name,
// e.g. "ent.sql") from its text and checks it against the file name. Errors
// are French: a user editing --queries files reads them.
func ParseHeader(file, text string) (Header, error) {
	stem := strings.TrimSuffix(path.Base(file), fileSuffix)
	var h Header
	vals := map[string]*strings.Builder{}
	var order []string
	cur := ""
	lineNo := 0
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		lineNo++
		if !strings.HasPrefix(line, headerPrefix) {
			break
		}
		line = strings.TrimRight(line, " \t")
		if m := contLineRe.FindStringSubmatch(line); m != nil && cur != "" {
			vals[cur].WriteString(" " + strings.TrimSpace(m[1]))
			continue
		}
		m := keyLineRe.FindStringSubmatch(line)
		if m == nil {
			return h, fmt.Errorf("%s, ligne %d : en-tête mal formé (« -- clé: valeur » ou suite « --   texte » attendu) : %s", file, lineNo, line)
		}
		key := m[1]
		if !isHeaderKey(key) {
			return h, fmt.Errorf("%s, ligne %d : clé d'en-tête inconnue « %s » (clés : %s)", file, lineNo, key, strings.Join(HeaderKeys, ", "))
		}
		if vals[key] != nil {
			return h, fmt.Errorf("%s, ligne %d : clé d'en-tête « %s » répétée", file, lineNo, key)
		}
		vals[key] = &strings.Builder{}
		vals[key].WriteString(strings.TrimSpace(m[2]))
		order = append(order, key)
		cur = key
	}
	if len(order) == 0 {
		return h, fmt.Errorf("%s : en-tête absent (le fichier doit commencer par « -- name: %s »)", file, stem)
	}
	for i, k := range HeaderKeys {
		if vals[k] == nil {
			return h, fmt.Errorf("%s : clé d'en-tête « %s » absente", file, k)
		}
		if order[i] != k {
			return h, fmt.Errorf("%s : les clés d'en-tête doivent venir dans l'ordre %s", file, strings.Join(HeaderKeys, ", "))
		}
		if strings.TrimSpace(vals[k].String()) == "" {
			return h, fmt.Errorf("%s : clé d'en-tête « %s » vide", file, k)
		}
	}
	h.Name = vals["name"].String()
	h.Title = vals["title"].String()
	h.Grain = vals["grain"].String()
	h.Definition = vals["definition"].String()
	h.Sources = vals["sources"].String()
	if !identRe.MatchString(h.Name) {
		return h, fmt.Errorf("%s : nom « %s » invalide (minuscules, chiffres et _)", file, h.Name)
	}
	if h.Name != stem {
		return h, fmt.Errorf("%s : l'en-tête dit « name: %s » mais le fichier s'appelle %s%s", file, h.Name, stem, fileSuffix)
	}
	for _, id := range strings.Split(vals["indicators"].String(), ",") {
		id = strings.TrimSpace(id)
		if !identRe.MatchString(id) {
			return h, fmt.Errorf("%s : identifiant d'indicateur « %s » invalide", file, id)
		}
		h.Indicators = append(h.Indicators, id)
	}
	create := regexp.MustCompile(`(?i)\bCREATE\s+OR\s+REPLACE\s+TABLE\s+` + tablePrefix + regexp.QuoteMeta(h.Name) + `\b`)
	if !create.MatchString(text) {
		return h, fmt.Errorf("%s : le fichier doit créer la table %s%s (CREATE OR REPLACE TABLE %s%s)", file, tablePrefix, h.Name, tablePrefix, h.Name)
	}
	return h, nil
}

func isHeaderKey(k string) bool {
	for _, hk := range HeaderKeys {
		if hk == k {
			return true
		}
	}
	return false
}

// Table is the ind_ table an indicator file creates.
func (h Header) Table() string { return tablePrefix + h.Name }

// Has reports whether id is one of the header's indicators.
func (h Header) Has(id string) bool {
	for _, i := range h.Indicators {
		if i == id {
			return true
		}
	}
	return false
}

// File is one SQL file of a stage.
type File struct {
	Stage string // staging, indicateurs, comparaisons, checks
	Name  string // base name, e.g. ent.sql
	SQL   string
}

// Path is the file's path relative to the queries root, for messages.
func (f File) Path() string { return f.Stage + "/" + f.Name }

// Load reads every stage of fsys, in run order. A stage directory that is
// missing or holds no .sql file is an error: a partial --queries folder would
// silently drop indicators.
func Load(fsys fs.FS) ([]File, error) {
	var out []File
	for _, st := range Stages {
		entries, err := fs.ReadDir(fsys, st)
		if err != nil {
			return nil, fmt.Errorf("dossier de requêtes « %s » illisible : %v", st, err)
		}
		var names []string
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), fileSuffix) {
				names = append(names, e.Name())
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("le dossier de requêtes « %s » ne contient aucun fichier .sql", st)
		}
		sort.Strings(names)
		for _, n := range names {
			b, err := fs.ReadFile(fsys, st+"/"+n)
			if err != nil {
				return nil, fmt.Errorf("lecture de %s/%s : %v", st, n, err)
			}
			out = append(out, File{Stage: st, Name: n, SQL: string(b)})
		}
	}
	return out, nil
}
