package duck

import (
	"context"
	"path/filepath"
	"testing"
)

// KeepBlocks gives DuckDB's block allocator the memory limit as DuckDB
// parsed it, which DuckDB rounds down to whole 256 KiB blocks; without it
// the allocator keeps nothing (DuckDB's default).
func TestKeepBlocks(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		keep bool
		mem  string
		want string
	}{
		{true, "300MB", "286.0 MiB"}, // 300 000 000 B = 1 144.4 blocks: 1 144 × 256 KiB
		{true, "1GB", "953.5 MiB"},   // 3 814.7 blocks: 3 814 × 256 KiB
		{false, "300MB", "0 bytes"},
	} {
		path := filepath.Join(t.TempDir(), "t.duckdb")
		db, err := Open(ctx, path, Options{Threads: 1, MemoryLimit: tc.mem, KeepBlocks: tc.keep})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.QueryStrings(ctx, "SELECT current_setting('block_allocator_memory')")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("KeepBlocks %v, memory %s: block_allocator_memory = %q, want %q", tc.keep, tc.mem, got, tc.want)
		}
	}
}
