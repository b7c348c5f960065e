package ingest

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Value parsers for the exports whose consoles publish no specification
// (ENT, GAR, EduConnect, training lists, typed counts): French spreadsheet
// habits (decimal comma, spaces between thousands, month names, "3h30").
// They are pure functions with French errors; udf.go exposes them to the
// load statements as DuckDB functions. An unparseable value is an error,
// never a guess: the row is rejected with its line and column.

// Month granularities returned by ParseMonth.
const (
	GranMois  = "mois"  // a month: 09/2025, 2025-09, septembre 2025
	GranAnnee = "annee" // a whole school year: 2025-2026 (period = 1 September)
	GranDate  = "date"  // a full date or date-time: the file decides (month, week or day bucket)
)

// spaceLike are the characters spreadsheets put between thousands (and
// around units): space, no-break space, narrow no-break space, thin space.
func spaceLike(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\t'
}

// cleanSpaces trims and turns every space-like character into a plain space.
func cleanSpaces(s string) string {
	s = strings.Map(func(r rune) rune {
		if spaceLike(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

var (
	reGrouped = regexp.MustCompile(`^\d{1,3}(?:( )\d{3})+$|^\d{1,3}(?:(\.)\d{3})+$|^\d{1,3}(?:(,)\d{3})+$`)
	reDigits  = regexp.MustCompile(`^\d+$`)
	reExp     = regexp.MustCompile(`^(.*?)[eE]([+-]?\d{1,3})$`)
)

// parseNumberPct reads a number as French spreadsheets write it: "1 204"
// (space, no-break or narrow no-break space between thousands), "12,5",
// "1.5", "1 204,75", "-3", "45,2 %", "1,2E+03". pct says a % sign was
// there; the value is then still in percent (45.2).
func parseNumberPct(s string) (v float64, pct bool, err error) {
	orig := s
	s = cleanSpaces(s)
	if s == "" {
		return 0, false, errors.New("nombre vide")
	}
	if strings.HasSuffix(s, "%") {
		pct = true
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "\u2212"):
		neg = true
		s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "\u2212")
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	s = strings.TrimSpace(s)
	exp := 0
	if m := reExp.FindStringSubmatch(s); m != nil {
		e, _ := strconv.Atoi(m[2])
		exp, s = e, strings.TrimSpace(m[1])
	}
	if s == "" {
		return 0, false, fmt.Errorf("« %s » n'est pas un nombre", orig)
	}
	intPart, frac := s, ""
	lastComma, lastDot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	// The decimal separator is the last ',' or '.' when it is followed by
	// something other than exactly one group of three digits after other
	// separators of the same kind ("1,204,567" has none).
	if sep := max(lastComma, lastDot); sep >= 0 {
		c := s[sep]
		if strings.Count(s, string(c)) == 1 || (lastComma >= 0 && lastDot >= 0) {
			intPart, frac = s[:sep], s[sep+1:]
			if !reDigits.MatchString(frac) {
				return 0, false, fmt.Errorf("« %s » n'est pas un nombre", orig)
			}
		}
	}
	if intPart == "" && frac != "" {
		intPart = "0" // ",5"
	}
	digits := intPart
	if !reDigits.MatchString(intPart) {
		m := reGrouped.FindStringSubmatch(intPart)
		if m == nil {
			return 0, false, fmt.Errorf("« %s » n'est pas un nombre (attendu par exemple 1 204 ou 12,5)", orig)
		}
		digits = strings.ReplaceAll(intPart, m[1]+m[2]+m[3], "")
	}
	txt := digits
	if frac != "" {
		txt += "." + frac
	}
	if exp != 0 {
		txt += "e" + strconv.Itoa(exp)
	}
	v, perr := strconv.ParseFloat(txt, 64)
	if perr != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false, fmt.Errorf("« %s » n'est pas un nombre utilisable", orig)
	}
	if neg {
		v = -v
	}
	return v, pct, nil
}

// ParseNumber reads a number ("1 204", "12,5", "0,452") or a percentage
// ("45,2 %"), which it returns as a fraction (0.452), so that both ways of
// writing a rate give the same value.
func ParseNumber(s string) (float64, error) {
	v, pct, err := parseNumberPct(s)
	if err != nil {
		return 0, err
	}
	if pct {
		v /= 100
	}
	return v, nil
}

// ParseInteger reads a count: "1204", "1 204", "1 204,0". A fractional
// part or a percentage is an error, never rounded.
func ParseInteger(s string) (int64, error) {
	v, pct, err := parseNumberPct(s)
	if err != nil {
		return 0, err
	}
	if pct {
		return 0, fmt.Errorf("« %s » est un pourcentage, un nombre entier est attendu", strings.TrimSpace(s))
	}
	if v != math.Trunc(v) {
		return 0, fmt.Errorf("« %s » a une partie décimale, un nombre entier est attendu (milliers séparés par une espace : 1 204)", strings.TrimSpace(s))
	}
	if math.Abs(v) >= 1<<53 {
		return 0, fmt.Errorf("« %s » est un nombre trop grand", strings.TrimSpace(s))
	}
	return int64(v), nil
}

// foldWord lower-cases and strips accents and dots ("Sept." → "sept").
func foldWord(s string) string {
	return strings.TrimRight(strings.ToLower(stripAccents(s)), ".")
}

// monthNames maps French and English month names and their usual
// abbreviations (folded) to months.
var monthNames = map[string]time.Month{}

func init() {
	for m, names := range [][]string{
		{"janvier", "janv", "jan", "january"},
		{"fevrier", "fevr", "fev", "feb", "february", "fevier"},
		{"mars", "mar", "march"},
		{"avril", "avr", "apr", "april"},
		{"mai", "may"},
		{"juin", "jun", "june"},
		{"juillet", "juil", "jul", "july"},
		{"aout", "aou", "aug", "august"},
		{"septembre", "sept", "sep", "september"},
		{"octobre", "oct", "october"},
		{"novembre", "nov", "november"},
		{"decembre", "dec", "december"},
	} {
		for _, n := range names {
			monthNames[n] = time.Month(m + 1)
		}
	}
}

var (
	reMonthMY    = regexp.MustCompile(`^(\d{1,2})\s*[/.-]\s*(\d{4})$`)
	reMonthYM    = regexp.MustCompile(`^(\d{4})\s*[/.-]\s*(\d{1,2})$`)
	reMonthYMc   = regexp.MustCompile(`^(\d{4})(\d{2})$`)
	reSchoolYear = regexp.MustCompile(`^(\d{4})\s*[/-]\s*(\d{4}|\d{2})$`)
	reMonthName  = regexp.MustCompile(`^(\p{L}+)\.?\s*[-/ ]?\s*'?(\d{4}|\d{2})$`)
	reDateDMY    = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	reDateDMYs   = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{2})$`) // Excel's jj/mm/aa
	reDateYMD    = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	reDateLong   = regexp.MustCompile(`^(\d{1,2})(?:er)?\s+(\p{L}+)\.?\s+(\d{4})$`)
	reTimePart   = regexp.MustCompile(`^(.*?\d)(?:[T ]|\s+à\s+)\s*\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$`)
)

const minYear, maxYear = 2000, 2100

func checkYear(y int, orig string) error {
	if y < minYear || y > maxYear {
		return fmt.Errorf("« %s » : année %d invraisemblable", orig, y)
	}
	return nil
}

// atoi reads digits a regular expression already checked.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func yearOf(s string) int {
	y, _ := strconv.Atoi(s)
	if len(s) == 2 {
		y += 2000
	}
	return y
}

// ParseMonth reads a month — "09/2025", "2025-09", "202509", "septembre 2025",
// "Sept. 2025", "sept.-25" (Excel), "September 2025" — and returns its first
// day with GranMois; a whole school year "2025-2026" returns 1 September
// 2025 with GranAnnee; a date or date-time ("2025-09-01T00:00",
// "01/09/2025") returns that day with GranDate: its bucket (month, week,
// day) is decided from all the dates of the file.
func ParseMonth(s string) (time.Time, string, error) {
	orig := strings.TrimSpace(s)
	s = cleanSpaces(s)
	if s == "" {
		return time.Time{}, "", errors.New("mois vide")
	}
	bad := func() (time.Time, string, error) {
		return time.Time{}, "", fmt.Errorf("mois illisible « %s » (attendu 09/2025, 2025-09, septembre 2025, 2025-09-01T00:00 ou 2025-2026)", orig)
	}
	month := func(y, m int) (time.Time, string, error) {
		if m < 1 || m > 12 {
			return time.Time{}, "", fmt.Errorf("« %s » : mois %d inexistant", orig, m)
		}
		if err := checkYear(y, orig); err != nil {
			return time.Time{}, "", err
		}
		return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), GranMois, nil
	}
	if m := reSchoolYear.FindStringSubmatch(s); m != nil {
		y1, _ := strconv.Atoi(m[1])
		y2, _ := strconv.Atoi(m[2])
		if len(m[2]) == 4 && y2 == y1+1 || len(m[2]) == 2 && y2 == (y1+1)%100 && y2 > 12 {
			if err := checkYear(y1, orig); err != nil {
				return time.Time{}, "", err
			}
			return time.Date(y1, time.September, 1, 0, 0, 0, 0, time.UTC), GranAnnee, nil
		}
		if len(m[2]) == 4 {
			return time.Time{}, "", fmt.Errorf("« %s » : une année scolaire s'écrit 2025-2026 (deux années qui se suivent)", orig)
		}
	}
	if m := reMonthMY.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		return month(y, mo)
	}
	if m := reMonthYM.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return month(y, mo)
	}
	if m := reMonthYMc.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return month(y, mo)
	}
	if m := reMonthName.FindStringSubmatch(s); m != nil {
		mo, ok := monthNames[foldWord(m[1])]
		if !ok {
			return bad()
		}
		return month(yearOf(m[2]), int(mo))
	}
	if d, err := ParseDate(s); err == nil {
		return d, GranDate, nil
	} else if isDateShaped(s) {
		return time.Time{}, "", err
	}
	return bad()
}

// isDateShaped tells a malformed date (31/02/2026) from something that is
// not a date at all, to give the more precise message.
func isDateShaped(s string) bool {
	if m := reTimePart.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	return reDateDMY.MatchString(s) || reDateDMYs.MatchString(s) || reDateYMD.MatchString(s) || reDateLong.MatchString(s)
}

// ParseDate reads a day: "15/09/2025", "15-09-2025", "15.09.2025",
// "15/09/25", "2025-09-15", "2025/09/15", "1er septembre 2025", with an
// optional time ("15/09/2025 14:30", "2025-09-15T14:30:00Z"), which is
// dropped. A day that does not exist (31/02/2026) is an error.
func ParseDate(s string) (time.Time, error) {
	orig := strings.TrimSpace(s)
	s = cleanSpaces(s)
	if s == "" {
		return time.Time{}, errors.New("date vide")
	}
	if m := reTimePart.FindStringSubmatch(s); m != nil {
		s = strings.TrimSpace(m[1])
	}
	var y, mo, d int
	if m := reDateDMY.FindStringSubmatch(s); m != nil {
		d, mo, y = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else if m := reDateDMYs.FindStringSubmatch(s); m != nil {
		d, mo, y = atoi(m[1]), atoi(m[2]), yearOf(m[3])
	} else if m := reDateYMD.FindStringSubmatch(s); m != nil {
		y, mo, d = atoi(m[1]), atoi(m[2]), atoi(m[3])
	} else if m := reDateLong.FindStringSubmatch(s); m != nil {
		mm, ok := monthNames[foldWord(m[2])]
		if !ok {
			return time.Time{}, fmt.Errorf("date illisible « %s » : mois « %s » inconnu", orig, m[2])
		}
		d, mo, y = atoi(m[1]), int(mm), atoi(m[3])
	} else {
		return time.Time{}, fmt.Errorf("date illisible « %s » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)", orig)
	}
	if err := checkYear(y, orig); err != nil {
		return time.Time{}, err
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if mo < 1 || mo > 12 || d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("date inexistante « %s »", orig)
	}
	return t, nil
}

var (
	reDurHM    = regexp.MustCompile(`^(\d{1,3})\s*(?:h|heures?|hrs?)\s*(\d{1,2})?\s*(?:min|mn|minutes?)?$`)
	reDurClock = regexp.MustCompile(`^(\d{1,3}):(\d{2})(?::(\d{2}))?$`)
	reDurMin   = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)\s*(?:min|mn|minutes?)$`)
	reDurHours = regexp.MustCompile(`^(.*?\d)\s*(?:h|heures?|hrs?|hours?)$`)
	reDurDays  = regexp.MustCompile(`(?i)\d\s*(?:j|jours?|journées?|days?)$`)
)

// ParseDuration reads a duration in hours: "1,5", "1.5", "2 h", "3h30",
// "3 h 30 min", "0h45", "01:30", "01:30:00", "90 min", "2 heures".
func ParseDuration(s string) (float64, error) {
	orig := strings.TrimSpace(s)
	s = strings.ToLower(cleanSpaces(s))
	if s == "" {
		return 0, errors.New("durée vide")
	}
	bad := fmt.Errorf("durée illisible « %s » (attendu en heures : 1,5 ; 3h30 ; 01:30 ; 2 h ; 90 min)", orig)
	var h float64
	switch {
	case reDurHM.MatchString(s):
		m := reDurHM.FindStringSubmatch(s)
		hh, _ := strconv.Atoi(m[1])
		mm := 0
		if m[2] != "" {
			mm, _ = strconv.Atoi(m[2])
		}
		if mm >= 60 {
			return 0, fmt.Errorf("durée illisible « %s » : %d minutes", orig, mm)
		}
		h = float64(hh) + float64(mm)/60
	case reDurClock.MatchString(s):
		m := reDurClock.FindStringSubmatch(s)
		hh, _ := strconv.Atoi(m[1])
		mm, _ := strconv.Atoi(m[2])
		ss := 0
		if m[3] != "" {
			ss, _ = strconv.Atoi(m[3])
		}
		if mm >= 60 || ss >= 60 {
			return 0, fmt.Errorf("durée illisible « %s » : minutes ou secondes au-delà de 59", orig)
		}
		h = float64(hh) + float64(mm)/60 + float64(ss)/3600
	case reDurMin.MatchString(s):
		v, _, err := parseNumberPct(reDurMin.FindStringSubmatch(s)[1])
		if err != nil {
			return 0, bad
		}
		h = v / 60
	case reDurDays.MatchString(s):
		return 0, fmt.Errorf("durée « %s » en jours : indiquez le nombre d'heures (1 jour de formation = 6 h ?)", orig)
	default:
		num := s
		if m := reDurHours.FindStringSubmatch(s); m != nil {
			num = m[1]
		}
		v, pct, err := parseNumberPct(num)
		if err != nil || pct {
			return 0, bad
		}
		h = v
	}
	if h < 0 {
		return 0, fmt.Errorf("durée négative « %s »", orig)
	}
	// Hours to the second: 1h20 is 1.3333333333333333, not a float artefact.
	return math.Round(h*3600) / 3600, nil
}

// tokens folds a label into words: lower case, no accents, punctuation as
// spaces, plural "s"/"x" dropped from words longer than three letters.
func tokens(s string) []string {
	s = strings.ToLower(stripAccents(s))
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '@' })
	for i, w := range words {
		if len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) && !strings.HasSuffix(w, "ss") {
			words[i] = w[:len(w)-1]
		}
	}
	return words
}

// hasPhrase reports whether the words of phrase appear in order, adjacent,
// in toks.
func hasPhrase(toks []string, phrase string) bool {
	p := tokens(phrase)
	if len(p) == 0 {
		return false
	}
	for i := 0; i+len(p) <= len(toks); i++ {
		ok := true
		for j := range p {
			if toks[i+j] != p[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func hasAny(toks []string, phrases ...string) bool {
	for _, p := range phrases {
		if hasPhrase(toks, p) {
			return true
		}
	}
	return false
}

// Profiles of ENT and GAR statistics (schema.sql).
const (
	ProfilEleve       = "eleve"
	ProfilResponsable = "responsable"
	ProfilEnseignant  = "enseignant"
	ProfilPersonnel   = "personnel"
	ProfilInvite      = "invite"
	ProfilAutre       = "autre"
)

// ParseProfile maps a profile label of the ENT or GAR consoles (French or
// the platform's English names, singular or plural) to filmnum's
// vocabulary; unknown labels give "autre" (the label is kept beside).
func ParseProfile(label string) string {
	t := tokens(label)
	switch {
	case len(t) == 0:
		return ProfilAutre
	case hasAny(t, "non enseignant", "non enseignante", "non teaching"):
		return ProfilPersonnel
	case hasAny(t, "parent", "responsable", "relative", "representant", "representante", "famille", "tuteur"):
		return ProfilResponsable
	case hasAny(t, "enseignant", "enseignante", "teacher", "professeur", "prof"):
		return ProfilEnseignant
	case hasAny(t, "eleve", "student", "pupil", "apprenti", "apprentie", "etudiant", "etudiante"):
		return ProfilEleve
	case hasAny(t, "personnel", "staff", "administratif", "administrative", "direction", "agent"):
		return ProfilPersonnel
	case hasAny(t, "invite", "invitee", "guest", "visiteur", "exterieur"):
		return ProfilInvite
	}
	return ProfilAutre
}

// Staff functions of training attendance lists (schema.sql).
const (
	FonctionEnseignant    = "enseignant"
	FonctionDirection     = "direction"
	FonctionVieScolaire   = "vie_scolaire"
	FonctionAdministratif = "administratif"
	FonctionAutre         = "autre"
)

// ParseFunction maps a function, corps or status label to filmnum's staff
// groups. Order matters: "Conseiller principal d'éducation" is vie scolaire
// and "Professeur principal" a teacher, not direction; "Adjoint
// administratif" is administrative, "Principal adjoint" direction.
func ParseFunction(label string) string {
	t := tokens(label)
	switch {
	case len(t) == 0:
		return FonctionAutre
	case hasAny(t, "non enseignant", "non enseignante"):
		return FonctionAutre
	case hasAny(t, "cpe", "conseiller principal d education", "conseillere principale d education",
		"aed", "assistant d education", "assistante d education", "vie scolaire", "surveillant", "surveillante",
		"aesh", "accompagnant", "accompagnante", "ced"):
		return FonctionVieScolaire
	case hasAny(t, "professeur", "professeure", "prof", "enseignant", "enseignante", "certifie", "certifiee", "agrege", "agregee",
		"plp", "pe", "peps", "documentaliste", "maitre auxiliaire", "maitre", "tzr", "contractuel enseignant",
		"contractuelle enseignante", "capes", "capet", "caplp", "agregation", "biadmissible"):
		return FonctionEnseignant
	case hasAny(t, "administratif", "administrative", "gestionnaire", "secretaire", "secretariat", "agent", "agente",
		"comptable", "intendant", "intendante", "attache", "attachee", "saene", "adjaene", "atss", "atrf", "technicien",
		"technicienne", "laboratoire", "accueil"):
		return FonctionAdministratif
	case hasAny(t, "principal", "principale", "proviseur", "proviseure", "adjoint", "adjointe", "chef d etablissement",
		"cheffe d etablissement", "chef de travaux", "directeur", "directrice", "ddfpt", "direction", "perdir"):
		return FonctionDirection
	}
	return FonctionAutre
}

// ParseModality maps a training modality to presentiel, distanciel or
// hybride; "" when unknown (the label is kept beside).
func ParseModality(label string) string {
	t := tokens(label)
	dist := hasAny(t, "distanciel", "distancielle", "distance", "en ligne", "visio", "visioconference", "classe virtuelle",
		"webinaire", "webinar", "magistere", "m@gistere", "autoformation", "online", "remote")
	pres := hasAny(t, "presentiel", "presentielle", "presence", "sur site", "face a face", "en etablissement")
	switch {
	case hasAny(t, "hybride", "mixte", "bimodal", "bimodale", "blended", "comodal", "comodale") || dist && pres:
		return "hybride"
	case dist:
		return "distanciel"
	case pres:
		return "presentiel"
	}
	return ""
}

// IsUnlimited tells the GAR's "Illimité" (and its variants) in a number
// of copies column.
func IsUnlimited(s string) bool {
	t := tokens(s)
	if len(t) == 0 {
		return strings.TrimSpace(s) == "∞"
	}
	return strings.HasPrefix(t[0], "illimit") || hasAny(t, "sans limite", "unlimited", "licence etablissement", "licence globale")
}

// ParseExclusion reads the value of --exclure: "DEBUT:FIN" (dates as
// 2025-09-09 or 09/09/2025, FIN included), optionally prefixed by the
// export kind it concerns ("ent_stats:2025-09-09:2025-09-24"); the kind
// defaults to the ENT statistics.
func ParseExclusion(s string) (Exclusion, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	e := Exclusion{Source: "ent_stats", Motif: "période exclue à l'ingestion (--exclure " + strings.TrimSpace(s) + ")"}
	if len(parts) == 3 {
		e.Source, parts = strings.TrimSpace(parts[0]), parts[1:]
		known := false
		for _, k := range kinds {
			if k.Name == e.Source {
				known = true
			}
		}
		if !known {
			return Exclusion{}, fmt.Errorf("--exclure %s : type d'export « %s » inconnu", s, e.Source)
		}
	}
	if len(parts) != 2 {
		return Exclusion{}, fmt.Errorf("--exclure %s : attendu DEBUT:FIN, par exemple 2025-09-09:2025-09-24", s)
	}
	var err error
	if e.Debut, err = ParseDate(parts[0]); err != nil {
		return Exclusion{}, fmt.Errorf("--exclure %s : %v", s, err)
	}
	if e.Fin, err = ParseDate(parts[1]); err != nil {
		return Exclusion{}, fmt.Errorf("--exclure %s : %v", s, err)
	}
	if e.Fin.Before(e.Debut) {
		return Exclusion{}, fmt.Errorf("--exclure %s : la fin précède le début", s)
	}
	return e, nil
}
