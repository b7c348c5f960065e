package seeds

import (
	"regexp"
	"strings"
	"unicode"
)

// Words of a school name that say its kind, not which one it is. They are
// dropped from both sides before comparing names, and give a type hint.
var typeWords = map[string]string{
	"college": "college", "clg": "college", "col": "college", "coll": "college", "cllg": "college",
	"lycee": "lycee", "lyc": "lycee", "lgt": "lycee", "lpo": "lycee", "lg": "lycee",
	"lp": "lp", "lep": "lp", "lpa": "lp",
	"erea": "erea",
	"cite": "cite", "scolaire": "",
	"general": "", "generale": "", "technologique": "", "polyvalent": "", "polyvalente": "",
	"professionnel": "", "professionnelle": "", "prof": "", "pro": "",
	"etablissement": "", "regional": "", "enseignement": "", "adapte": "",
	"public": "", "publique": "",
}

var stopWords = map[string]bool{
	"de": true, "d": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true,
	"et": true, "a": true, "au": true, "aux": true, "en": true, "sur": true, "sous": true,
}

var abbreviations = map[string]string{"st": "saint", "ste": "sainte"}

// words splits a name into folded words: lower case, no accents, apostrophes
// and punctuation as separators, abbreviations expanded.
func words(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(foldAccents(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range f {
		if a, ok := abbreviations[w]; ok {
			f[i] = a
		}
	}
	return f
}

// nameWords keeps the words that identify a school (no type or stop words);
// hint is the kind the name announces: college, lycee, lp, cite, erea or "".
func nameWords(s string) (out []string, hint string) {
	ws := words(s)
	has := map[string]bool{}
	for _, w := range ws {
		has[w] = true
		if _, ok := typeWords[w]; ok || stopWords[w] {
			continue
		}
		out = append(out, w)
	}
	switch {
	case has["cite"]:
		hint = "cite"
	case has["erea"] || has["regional"] && has["adapte"]:
		hint = "erea"
	case has["lp"] || has["lep"] || has["lpa"] || (has["lycee"] || has["lyc"]) && (has["professionnel"] || has["prof"] || has["pro"]):
		hint = "lp"
	case has["lycee"] || has["lyc"] || has["lgt"] || has["lpo"] || has["lg"]:
		hint = "lycee"
	case has["college"] || has["clg"] || has["col"] || has["coll"] || has["cllg"]:
		hint = "college"
	}
	return out, hint
}

// hintAllows tells whether a school of type typ may be called by a name that
// announces hint: a cité scolaire holds a collège and a lycée; "LP" is also
// said of the vocational part of an LPO.
func hintAllows(hint, typ string) bool {
	switch hint {
	case "college":
		return typ == TypeCollege || typ == TypeCite || typ == TypeEREA
	case "lycee":
		return typ == TypeLGT || typ == TypeLPO || typ == TypeLP || typ == TypeCite || typ == TypeEREA
	case "lp":
		return typ == TypeLP || typ == TypeLPO || typ == TypeCite
	case "cite":
		return typ == TypeCite
	case "erea":
		return typ == TypeEREA
	}
	return true
}

var uaiInText = regexp.MustCompile(`\b[0-9]{7}[A-Za-z]\b`)

// MatchSchool finds the school an organisation name designates, as Pix
// writes it ("COLLEGE JEAN MOULIN", "Lycée Pierre Bourdan - Guéret",
// "Clg Maupassant Limoges", "LYCEE GENERAL ET TECHNOLOGIQUE GAY LUSSAC").
// Case, accents and punctuation do not matter, type abbreviations (clg, lyc,
// lp, lgt, lpo…) are understood, the commune may be given or not, and a
// valid UAI in the name decides. Names match when the words of one contain
// those of the other (so "Lycée Bourdan" and "Collège Guy de Maupassant"
// match); words left over must not be another commune's. ok is false when
// no school or more than one fits: it never picks between two.
func MatchSchool(schools []School, orgName string) (School, bool) {
	found := MatchSchools(schools, orgName)
	if len(found) == 1 {
		return found[0], true
	}
	return School{}, false
}

// MatchSchools returns every school orgName may designate (the rules of
// MatchSchool), so that a message can name the candidates of an ambiguous
// name.
func MatchSchools(schools []School, orgName string) []School {
	if ms := uaiInText.FindAllString(orgName, -1); len(ms) > 0 {
		var found []School
		for _, m := range ms {
			u, err := NormalizeUAI(m)
			if err != nil {
				continue
			}
			for _, s := range schools {
				if s.UAI == u {
					found = append(found, s)
				}
			}
		}
		if len(found) > 0 {
			return found
		}
	}
	org, hint := nameWords(orgName)
	if len(org) == 0 {
		return nil
	}
	communeWords := map[string]bool{}
	for _, s := range schools {
		for _, w := range words(s.Commune) {
			if !stopWords[w] {
				communeWords[w] = true
			}
		}
	}
	var found []School
	for _, s := range schools {
		if hintAllows(hint, s.Type) && nameFits(org, s, communeWords) {
			found = append(found, s)
		}
	}
	return found
}

// nameFits compares the identifying words org of an organisation name with
// school s.
func nameFits(org []string, s School, communeWords map[string]bool) bool {
	name, _ := nameWords(s.Name)
	inName := set(name)
	// Words of the school's commune that are not part of its name are the
	// optional "- Guéret" suffix: drop them.
	commune := map[string]bool{}
	for _, w := range words(s.Commune) {
		if !inName[w] {
			commune[w] = true
		}
	}
	var left []string
	droppedCommune := false
	for _, w := range org {
		if commune[w] {
			droppedCommune = true
			continue
		}
		left = append(left, w)
	}
	if len(left) == 0 {
		// Only type and commune words ("Cité scolaire de Saint-Junien").
		return droppedCommune
	}
	if len(name) == 0 {
		return false
	}
	inLeft := set(left)
	// Every word left is in the name: "Lycée Bourdan" for "Lycée Pierre Bourdan".
	all := true
	for _, w := range left {
		if !inName[w] {
			all = false
			break
		}
	}
	if all {
		return true
	}
	// Or the name is inside the words left, and the extra words are not a
	// commune's ("Collège Guy de Maupassant" for "Collège Maupassant", but
	// "Collège Jean Moulin Brive" is not the Jean Moulin of Limoges).
	for _, w := range name {
		if !inLeft[w] {
			return false
		}
	}
	for _, w := range left {
		if !inName[w] && communeWords[w] {
			return false
		}
	}
	return true
}

func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
