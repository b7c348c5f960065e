package transform

import "testing"

func TestEmptyDatabase(t *testing.T) {
	f := newFixture(t)
	res := f.run()
	if res.Values != 0 {
		t.Errorf("ind_valeurs : %d lignes sur une base vide", res.Values)
	}
}
