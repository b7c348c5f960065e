package seeds

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"filmnum/internal/duck"
)

// levelCases are class labels as schools type them, with the level they
// must map to ("" = not mapped, reported, never guessed).
var levelCases = []struct{ label, level string }{
	// Collège.
	{"3E1", "3e"}, {"3EME B", "3e"}, {"3°2", "3e"}, {"3 A", "3e"}, {"3ème b", "3e"}, {"3º1", "3e"},
	{"6E2", "6e"}, {"6EME1", "6e"}, {"6 SEGPA", "6e"}, {"4A", "4e"}, {"4E-2", "4e"}, {"5EME B", "5e"},
	{"3 PREPA METIERS", "3e"}, {"3PM", "3e"},
	// Bare numbers: collège divisions (402 = 4e, division 02); 1xx / 2xx
	// do not say general or vocational.
	{"402", "4e"}, {"61", "6e"}, {"310", "3e"}, {"201", ""}, {"101", ""},
	// Lycée général et technologique.
	{"2NDE3", "2nde"}, {"2GT4", "2nde"}, {"2DE 1", "2nde"}, {"SECONDE 5", "2nde"},
	{"1G2", "1re"}, {"1STMG1", "1re"}, {"1STI2D", "1re"}, {"1 ST2S", "1re"}, {"1ERE 3", "1re"}, {"1ERE STMG", "1re"}, {"1ES2", "1re"},
	{"TG2", "Tle"}, {"T STMG 1", "Tle"}, {"TERM1", "Tle"}, {"TSTI2D", "Tle"}, {"TLE 3", "Tle"}, {"T1", "Tle"},
	{"TERMINALE G3", "Tle"}, {"TS1", "Tle"},
	// Voie professionnelle.
	{"CAP1 ECMS", "CAP1"}, {"1CAP ECMS", "CAP1"}, {"1CAP", "CAP1"}, {"1ERE CAP EPC", "CAP1"},
	{"CAP2 ECMS", "CAP2"}, {"2CAP ECMS", "CAP2"}, {"TCAP EPC", "CAP2"},
	{"TBPRO MELEC", "Tle pro"}, {"TBP ASSP", "Tle pro"}, {"TMELEC", "Tle pro"}, {"T PRO MRC", "Tle pro"}, {"TERM BAC PRO", "Tle pro"},
	{"1BAC ASSP", "1re pro"}, {"1PRO GATL", "1re pro"}, {"1ERE PRO 2", "1re pro"}, {"1SN", "1re pro"},
	{"2BAC MELEC", "2nde pro"}, {"2NDE PRO MRC", "2nde pro"}, {"2MRC", "2nde pro"}, {"2 BP AGORA", "2nde pro"},
	// Not a level.
	{"ULIS", ""}, {"UPE2A", ""}, {"GROUPE LATIN", ""}, {"CAP ECMS", ""}, {"BTS SIO 1", ""}, {"1BTS SIO", ""},
	{"2A", ""}, {"SEGPA", ""}, {"TP1", ""}, {"", ""}, {"  ", ""}, {"2024", ""},
}

func TestLevelOf(t *testing.T) {
	if len(levelCases) < 40 {
		t.Fatalf("%d libellés seulement", len(levelCases))
	}
	for _, c := range levelCases {
		got, ok := LevelOf(c.label)
		if got != c.level || ok != (c.level != "") {
			t.Errorf("LevelOf(%q) = %q %v, attendu %q", c.label, got, ok, c.level)
		}
	}
}

func TestNormalizeLabel(t *testing.T) {
	cases := map[string]string{
		"3ème b": "3ÈMEB", " T STMG 1 ": "TSTMG1", "3\u00a0A": "3A", "2NDE\u202f3": "2NDE3", "1\tG2": "1G2", "3°2": "3°2",
	}
	for in, want := range cases {
		if got := NormalizeLabel(in); got != want {
			t.Errorf("NormalizeLabel(%q) = %q, attendu %q", in, got, want)
		}
	}
}

// TestLevelRulesAgreeInDuckDB loads the rules into seed_niveaux_classes and
// maps the same labels in SQL (LevelSQL): DuckDB's RE2 and Go's regexp must
// give the same level for every label.
func TestLevelRulesAgreeInDuckDB(t *testing.T) {
	ctx := context.Background()
	db, err := duck.Open(ctx, filepath.Join(t.TempDir(), "t.duckdb"), duck.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Load(ctx, db, Embedded()); err != nil {
		t.Fatal(err)
	}
	var values []string
	for i, c := range levelCases {
		values = append(values, "("+strconv.Itoa(i)+", "+duck.QuoteString(c.label)+")")
	}
	// Labels with no-break spaces and lower case too.
	extra := []string{"3\u00a0eme\u202fb", "t stmg 1", "2nde pro mrc"}
	for i, l := range extra {
		values = append(values, "("+strconv.Itoa(len(levelCases)+i)+", "+duck.QuoteString(l)+")")
	}
	rows, err := db.Conn.QueryContext(ctx, "SELECT label, "+LevelSQL("label")+" FROM (VALUES "+strings.Join(values, ",")+") v(i, label) ORDER BY i")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var label string
		var level sql.NullString
		if err := rows.Scan(&label, &level); err != nil {
			t.Fatal(err)
		}
		n++
		want, _ := LevelOf(label)
		if level.String != want {
			t.Errorf("%q : DuckDB %q, Go %q", label, level.String, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(levelCases)+len(extra) {
		t.Errorf("%d lignes", n)
	}
	if got, _ := LevelOf(extra[0]); got != "3e" {
		t.Errorf("%q : %q", extra[0], got)
	}
}
