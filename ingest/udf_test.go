package ingest

import (
	"context"
	"database/sql"
	"testing"
)

// The parsers answer from their memo exactly as they parse: each value is
// asked twice in one query (the second time from the memo), and the memo
// stops growing at memoMax without changing the answers.
func TestParserMemo(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	if err := registerParsers(ctx, db); err != nil {
		t.Fatal(err)
	}
	months := []string{"2025-09", "09/2025", "septembre 2025", "Sept. 2025", "2025-2026", "13/2025", "31/02/2026", "", " 2025-09 "}
	if _, err := db.Conn.ExecContext(ctx, "CREATE TABLE m (k INTEGER, x VARCHAR)"); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		for i, m := range months {
			if _, err := db.Conn.ExecContext(ctx, "INSERT INTO m VALUES (?, ?)", i, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, err := db.Conn.QueryContext(ctx, "SELECT k, _mois(x), _mois_type(x) FROM m ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var k int
		var got sql.NullTime
		var gotType sql.NullString
		if err := rows.Scan(&k, &got, &gotType); err != nil {
			t.Fatal(err)
		}
		want, wantType, err := ParseMonth(months[k])
		if (err == nil) != got.Valid || (err == nil) != gotType.Valid ||
			(err == nil && (!got.Time.Equal(want) || gotType.String != wantType)) {
			t.Errorf("_mois(%q) = %v %v, ParseMonth: %v %q %v", months[k], got, gotType, want, wantType, err)
		}
		n++
	}
	rows.Close()
	if n != 2*len(months) {
		t.Fatalf("%d rows, want %d", n, 2*len(months))
	}

	// 20 000 distinct counts: more than memoMax (16 384); every answer is
	// still the parser's (sum of 0 .. 19 999 = 19 999 × 20 000 / 2).
	var sum int64
	if err := db.Conn.QueryRowContext(ctx,
		"SELECT sum(_entier(CAST(range AS VARCHAR))) FROM range(20000)").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != 199990000 {
		t.Errorf("sum of _entier over 0..19999 = %d, want 199990000", sum)
	}
	// DuckDB's threads may each add one value as the bound is reached.
	if got := parserUDFs["_entier"].n.Load(); got < memoMax || got > memoMax+8 {
		t.Errorf("memo of _entier holds %d values, want the bound %d", got, memoMax)
	}
	var bad sql.NullInt64
	if err := db.Conn.QueryRowContext(ctx, "SELECT _entier('12,5')").Scan(&bad); err != nil || bad.Valid {
		t.Errorf("_entier('12,5') = %v (%v), want NULL", bad, err)
	}
}
