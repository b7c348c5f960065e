package seeds

import (
	"slices"
	"testing"
)

func TestMatchSchool(t *testing.T) {
	schools, err := ReadSchools(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ org, uai string }{
		{"Lycée Pierre Bourdan - Guéret", "0230001B"},
		{"LYCEE PIERRE BOURDAN", "0230001B"},
		{"lycée Bourdan – Guéret", "0230001B"},
		{"Clg Maupassant Limoges", "0870550A"},
		{"COLLEGE GUY DE MAUPASSANT", "0870550A"},
		{"Collège Clémenceau - Tulle", "0190550V"},
		{"COLLEGE CLEMENCEAU", "0190550V"},
		{"Lycée d'Arsonval", "0190009G"},
		{"LYCEE D ARSONVAL BRIVE LA GAILLARDE", "0190009G"},
		{"Collège d’Arsonval", "0190581D"},
		{"LYCEE GENERAL ET TECHNOLOGIQUE GAY LUSSAC", "0870015U"},
		{"LGT Gay-Lussac", "0870015U"},
		{"Lyc. Georges Cabanis", "0190011J"},
		{"LP Lavoisier Brive", "0190016P"},
		{"COLLEGE JEAN MOULIN BRIVE", "0190577Z"},
		{"Collège Jean Moulin - Limoges", "0870615W"},
		{"Cité scolaire de Saint Junien", "0870027G"},
		{"LYCEE PAUL ELUARD ST JUNIEN", "0870027G"},
		{"Collège Louis Durand – Saint Vaury", "0230580F"},
		{"COLLEGE RICHARD COEUR DE LION", "0870747P"},
		// A valid UAI in the name decides.
		{"Collège (0870550A)", "0870550A"},
		// Ambiguous or unknown: never guessed.
		{"COLLEGE JEAN MOULIN", ""}, // Brive-la-Gaillarde and Limoges
		{"Cabanis", ""},             // the collège and the lycée of Brive
		{"Collège Léonard Limosin", "0870555F"},
		{"Léonard Limosin Limoges", ""}, // collège and lycée
		{"Collège de Tulle", ""},        // two collèges in Tulle
		{"Lycée Jean", ""},
		{"Collège Victor Schœlcher", ""},
		{"Lycée Maupassant", ""}, // a collège only
		{"", ""},
		{"Collège", ""},
	}
	for _, c := range cases {
		s, ok := MatchSchool(schools, c.org)
		if ok != (c.uai != "") || s.UAI != c.uai {
			t.Errorf("MatchSchool(%q) = %s %q %v, attendu %q", c.org, s.UAI, s.Name, ok, c.uai)
		}
	}
}

func TestMatchSchoolsCandidates(t *testing.T) {
	schools, err := ReadSchools(Embedded())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range MatchSchools(schools, "COLLEGE JEAN MOULIN") {
		got = append(got, s.UAI+" "+s.Commune)
	}
	if want := []string{"0190577Z Brive-la-Gaillarde", "0870615W Limoges"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
