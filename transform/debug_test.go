package transform

import (
	"fmt"
	"testing"
)

func dump(t *testing.T, f *fixture, q string) {
	rows, err := f.db.Conn.QueryContext(f.ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Println(cols)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		fmt.Println(vals...)
	}
}
