package report

import (
	"reflect"
	"testing"
)

// The lookups of a value set see only the rows of the school, year and
// indicator asked, in the order of the sorted rows (as ind_valeurs is read).
func TestValueSetLookups(t *testing.T) {
	row := func(ind, uai, annee, periode, dim string) value {
		return value{Ind: ind, UAI: uai, Annee: annee, Periode: periode, Dim: dim}
	}
	vs := newValueSet([]value{
		row("certif_niveau", "A", "2025-2026", "annee", "2"),
		row("certif_niveau", "A", "2025-2026", "annee", "1"),
		row("certif_taux", "A", "2024-2025", "2025-01", ""),
		row("certif_taux", "A", "2025-2026", "2026-03", ""),
		row("certif_taux", "A", "2025-2026", "2025-11", ""),
		row("certif_taux", "A", "2025-2026", "2026-03", "Tle"),
		row("certif_taux", "B", "2025-2026", "2025-10", ""),
		row("ent_connexion", "A", "2025-2026", "annee", "eleve"),
	})
	if got, want := vs.periods("certif_taux", "A", "2025-2026"), []string{"2025-11", "2026-03"}; !reflect.DeepEqual(got, want) {
		t.Errorf("périodes %v, attendu %v", got, want)
	}
	if got := vs.periods("certif_niveau", "A", "2025-2026"); len(got) != 0 {
		t.Errorf("périodes de certif_niveau %v, attendu aucune (seulement annee)", got)
	}
	if got, want := vs.dims("certif_taux", "A", "2025-2026", "2026-03"), []string{"", "Tle"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dimensions %v, attendu %v", got, want)
	}
	if got, want := vs.dims("certif_niveau", "A", "2025-2026", "annee"), []string{"2", "1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dimensions %v, attendu %v (ordre des lignes)", got, want)
	}
	if got, want := vs.indicatorsOf(familyOf("certif_taux"), "A", "2025-2026"), []string{"certif_niveau", "certif_taux"}; !reflect.DeepEqual(got, want) {
		t.Errorf("indicateurs %v, attendu %v", got, want)
	}
	if got := vs.indicatorsOf(familyOf("certif_taux"), "B", "2024-2025"); len(got) != 0 {
		t.Errorf("indicateurs de B en 2024-2025 %v, attendu aucun", got)
	}
	if r := annual(vs, "certif_taux", "A", schoolYear{2025}, ""); r == nil || r.Periode != "2026-03" {
		t.Errorf("valeur annuelle de certif_taux : %+v, attendu la dernière période (2026-03)", r)
	}
}
