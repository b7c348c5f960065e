package ingest

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseNumber(t *testing.T) {
	ok := []struct {
		in   string
		want float64
	}{
		{"1204", 1204}, {"1 204", 1204}, {"1\u202f204", 1204}, {"1\u00a0204", 1204}, {" 1 204 ", 1204},
		{"1 204 567", 1204567}, {"12,5", 12.5}, {"12.5", 12.5}, {"0,452", 0.452}, {",5", 0.5},
		{"45,2 %", 0.452}, {"45,2%", 0.452}, {"45,2\u202f%", 0.452}, {"100 %", 1}, {"140 %", 1.4},
		{"-3", -3}, {"\u22123", -3}, {"+7", 7}, {"1 204,75", 1204.75}, {"1.204,75", 1204.75},
		{"1,204.75", 1204.75}, {"1,204,567", 1204567}, {"1.204.567", 1204567}, {"1,2E+03", 1200},
		{"0", 0}, {"007", 7},
	}
	for _, c := range ok {
		got, err := ParseNumber(c.in)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("ParseNumber(%q) = %v, %v ; attendu %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", " ", "abc", "12a", "1 20", "12 34", "1,2,3", "1.204.5", "5,", "%", "--3",
		"1 204.567,5", "NaN", "Inf", "1e999", "12 % %", "1..2", "١٢"} {
		if v, err := ParseNumber(in); err == nil {
			t.Errorf("ParseNumber(%q) = %v, erreur attendue", in, v)
		} else if !strings.Contains(err.Error(), "nombre") {
			t.Errorf("ParseNumber(%q) : message %q", in, err)
		}
	}
}

func TestParseInteger(t *testing.T) {
	ok := map[string]int64{"1204": 1204, "1 204": 1204, "1\u202f204": 1204, "1 204,0": 1204, "-12": -12, "0": 0, "2,0E+03": 2000}
	for in, want := range ok {
		if got, err := ParseInteger(in); err != nil || got != want {
			t.Errorf("ParseInteger(%q) = %v, %v ; attendu %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"1.204": "partie décimale", "12,5": "partie décimale", "45 %": "pourcentage", "100 %": "pourcentage",
		"douze": "n'est pas un nombre", "9007199254740993": "trop grand",
	} {
		if _, err := ParseInteger(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseInteger(%q) : %v, attendu « %s »", in, err, msg)
		}
	}
}

func TestParseMonth(t *testing.T) {
	sep := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	ok := []struct {
		in   string
		want time.Time
		gran string
	}{
		{"09/2025", sep, GranMois}, {"9/2025", sep, GranMois}, {"09-2025", sep, GranMois}, {"09.2025", sep, GranMois},
		{"2025-09", sep, GranMois}, {"2025/09", sep, GranMois}, {"2025-9", sep, GranMois}, {"202509", sep, GranMois},
		{"septembre 2025", sep, GranMois}, {"Septembre 2025", sep, GranMois}, {"SEPTEMBRE 2025", sep, GranMois},
		{"sept. 2025", sep, GranMois}, {"Sept. 2025", sep, GranMois}, {"sept 2025", sep, GranMois}, {"sep 2025", sep, GranMois},
		{"sept.-25", sep, GranMois}, {"September 2025", sep, GranMois}, {"septembre\u00a02025", sep, GranMois},
		{"août 2026", time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), GranMois},
		{"Février 2026", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), GranMois},
		{"févr. 2026", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), GranMois},
		{"janv.-26", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), GranMois},
		{"déc. 2025", time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), GranMois},
		{"2011-12", time.Date(2011, 12, 1, 0, 0, 0, 0, time.UTC), GranMois},
		{"2025-2026", sep, GranAnnee}, {"2025/2026", sep, GranAnnee}, {"2025 - 2026", sep, GranAnnee}, {"2025-26", sep, GranAnnee},
		{"2025-09-01T00:00", sep, GranDate}, {"2025-09-01T00:00:00", sep, GranDate}, {"2025-09-01 00:00:00", sep, GranDate},
		{"2025-09-01T00:00:00.000Z", sep, GranDate}, {"01/09/2025", sep, GranDate},
		{"2025-09-08T00:00", time.Date(2025, 9, 8, 0, 0, 0, 0, time.UTC), GranDate},
	}
	for _, c := range ok {
		got, gran, err := ParseMonth(c.in)
		if err != nil || !got.Equal(c.want) || gran != c.gran {
			t.Errorf("ParseMonth(%q) = %v %s, %v ; attendu %v %s", c.in, got.Format(time.DateOnly), gran, err, c.want.Format(time.DateOnly), c.gran)
		}
	}
	for in, msg := range map[string]string{
		"": "vide", "13/2025": "mois 13 inexistant", "2025-13": "mois 13 inexistant", "septembre": "illisible",
		"brumaire 2025": "illisible", "2025": "illisible", "2025-2027": "année scolaire", "09/1925": "invraisemblable",
		"31/02/2026": "inexistante", "2025-09-31T00:00": "inexistante", "T1 2025": "illisible",
	} {
		if _, _, err := ParseMonth(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseMonth(%q) : %v, attendu « %s »", in, err, msg)
		}
	}
}

func TestParseDate(t *testing.T) {
	d := time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"15/09/2025", "15/9/2025", "15-09-2025", "15.09.2025", "15/09/25", "2025-09-15",
		"2025/09/15", "15/09/2025 14:30", "15/09/2025 14h30", "2025-09-15T14:30:00Z", "2025-09-15T14:30:00+02:00",
		"15 septembre 2025", "15 sept. 2025", " 15/09/2025 "} {
		if got, err := ParseDate(in); err != nil || !got.Equal(d) {
			t.Errorf("ParseDate(%q) = %v, %v", in, got, err)
		}
	}
	if got, err := ParseDate("1er septembre 2025"); err != nil || got.Day() != 1 {
		t.Errorf("1er septembre : %v %v", got, err)
	}
	for in, msg := range map[string]string{
		"31/02/2026": "inexistante", "29/02/2025": "inexistante", "00/01/2026": "inexistante", "15/13/2025": "inexistante",
		"2026-02-30": "inexistante", "15-09-25": "illisible", "demain": "illisible", "15/09/1925": "invraisemblable",
		"45901": "illisible", "15 brumaire 2025": "mois « brumaire » inconnu", "": "vide",
	} {
		if _, err := ParseDate(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseDate(%q) : %v, attendu « %s »", in, err, msg)
		}
	}
	if got, err := ParseDate("29/02/2028"); err != nil || got.Month() != 2 {
		t.Errorf("29 février bissextile : %v %v", got, err)
	}
}

func TestParseDuration(t *testing.T) {
	ok := map[string]float64{
		"1,5": 1.5, "1.5": 1.5, "2": 2, "2 h": 2, "2h": 2, "2 H": 2, "3h30": 3.5, "3 h 30": 3.5, "3h30min": 3.5,
		"3 h 30 min": 3.5, "0h45": 0.75, "01:30": 1.5, "1:30": 1.5, "01:30:00": 1.5, "00:45:00": 0.75, "90 min": 1.5,
		"90min": 1.5, "45 mn": 0.75, "2 heures": 2, "1 heure": 1, "1,5 h": 1.5, "1.5h": 1.5, "6\u00a0h": 6,
		"1h20": 4.0 / 3, "0": 0, "12 hrs": 12,
	}
	for in, want := range ok {
		if got, err := ParseDuration(in); err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("ParseDuration(%q) = %v, %v ; attendu %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"": "vide", "deux heures": "illisible", "3h75": "75 minutes", "01:75": "au-delà de 59", "-1": "négative",
		"1 jour": "en jours", "2 j": "en jours", "1/2 journée": "en jours", "50 %": "illisible", "h": "illisible",
	} {
		if _, err := ParseDuration(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseDuration(%q) : %v, attendu « %s »", in, err, msg)
		}
	}
}

func TestParseProfile(t *testing.T) {
	for in, want := range map[string]string{
		"Élève": "eleve", "Élèves": "eleve", "ELEVES": "eleve", "Student": "eleve", "Apprentis": "eleve",
		"Parent": "responsable", "Parents": "responsable", "Responsable": "responsable", "Responsables légaux": "responsable",
		"Relative": "responsable", "Parent d'élève": "responsable", "Représentant légal": "responsable",
		"Enseignant": "enseignant", "Enseignants": "enseignant", "Teacher": "enseignant", "Personnel enseignant": "enseignant",
		"Professeurs": "enseignant", "Personnel": "personnel", "Personnels": "personnel", "Personnel administratif": "personnel",
		"Non enseignant": "personnel", "Personnel non enseignant": "personnel", "Invité": "invite", "Invités": "invite",
		"Guest": "invite", "Autre": "autre", "": "autre", "Tuteur de stage ?": "responsable", "Collectivité": "autre",
	} {
		if got := ParseProfile(in); got != want {
			t.Errorf("ParseProfile(%q) = %s, attendu %s", in, got, want)
		}
	}
}

func TestParseFunction(t *testing.T) {
	for in, want := range map[string]string{
		"Professeur certifié": "enseignant", "Professeure agrégée": "enseignant", "Certifié": "enseignant", "Agrégé": "enseignant",
		"PLP": "enseignant", "PE": "enseignant", "Enseignant contractuel": "enseignant", "Enseignante": "enseignant",
		"Professeur documentaliste": "enseignant", "Documentaliste": "enseignant", "Professeur principal": "enseignant",
		"Principal": "direction", "Principale adjointe": "direction", "Principal adjoint": "direction", "Proviseur": "direction",
		"Proviseure adjointe": "direction", "Chef d'établissement": "direction", "DDFPT": "direction", "Personnel de direction": "direction",
		"CPE": "vie_scolaire", "Conseiller principal d'éducation": "vie_scolaire", "Conseillère principale d'éducation": "vie_scolaire",
		"AED": "vie_scolaire", "Assistante d'éducation": "vie_scolaire", "Vie scolaire": "vie_scolaire", "AESH": "vie_scolaire",
		"Gestionnaire": "administratif", "Adjoint gestionnaire": "administratif", "Secrétaire de direction": "administratif",
		"Adjoint administratif": "administratif", "Personnel administratif": "administratif", "Agent d'accueil": "administratif",
		"Infirmière": "autre", "Psychologue de l'EN": "autre", "": "autre", "Personnel non enseignant": "autre",
	} {
		if got := ParseFunction(in); got != want {
			t.Errorf("ParseFunction(%q) = %s, attendu %s", in, got, want)
		}
	}
}

func TestParseModalityAndUnlimited(t *testing.T) {
	for in, want := range map[string]string{
		"Présentiel": "presentiel", "présentielle": "presentiel", "En présence": "presentiel", "Distanciel": "distanciel",
		"À distance": "distanciel", "Visio": "distanciel", "M@gistère": "distanciel", "Classe virtuelle": "distanciel",
		"Hybride": "hybride", "Mixte": "hybride", "Présentiel + distanciel": "hybride", "Sur le terrain": "", "": "",
	} {
		if got := ParseModality(in); got != want {
			t.Errorf("ParseModality(%q) = %q, attendu %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"Illimité": true, "illimitée": true, "ILLIMITE": true, "∞": true,
		"Sans limite": true, "120": false, "": false, "Limité": false} {
		if got := IsUnlimited(in); got != want {
			t.Errorf("IsUnlimited(%q) = %v", in, got)
		}
	}
}

func TestParseExclusion(t *testing.T) {
	e, err := ParseExclusion("2025-09-09:2025-09-24")
	if err != nil || e.Source != "ent_stats" || e.Debut.Format(time.DateOnly) != "2025-09-09" || e.Fin.Format(time.DateOnly) != "2025-09-24" ||
		!strings.Contains(e.Motif, "--exclure") {
		t.Fatalf("%+v %v", e, err)
	}
	if e, err := ParseExclusion("gar_usage:09/09/2025:24/09/2025"); err != nil || e.Source != "gar_usage" {
		t.Errorf("%+v %v", e, err)
	}
	for in, msg := range map[string]string{
		"2025-09-24:2025-09-09": "précède", "2025-09-09": "DEBUT:FIN", "inconnu:2025-09-09:2025-09-24": "inconnu",
		"2025-09-31:2025-10-01": "inexistante",
	} {
		if _, err := ParseExclusion(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseExclusion(%q) : %v, attendu « %s »", in, err, msg)
		}
	}
}

func TestFoldAlias(t *testing.T) {
	for in, want := range map[string]string{
		"Durée (h)": "duree", "DUREE (en heures)": "duree", "Nombre_de_comptes": "nombre de comptes",
		"Nombre-de-comptes": "nombre de comptes", " Visiteurs  uniques ": "visiteurs uniques",
		"Nombre d’élèves": "nombre d'eleves", "\ufeffUAI": "uai", "(h)": "(h)",
	} {
		if got := foldAlias(in); got != want {
			t.Errorf("foldAlias(%q) = %q, attendu %q", in, got, want)
		}
	}
}
