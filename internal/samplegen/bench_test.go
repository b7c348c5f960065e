package samplegen

import (
	"context"
	"os"
	"strconv"
	"testing"
)

// BenchmarkNational generates the national scale (≈ 11 000 schools, ≈ 5 GB)
// into a temporary folder. FILMNUM_BENCH_LIMIT=N keeps the first N schools.
//
//	go test ./internal/samplegen -run '^$' -bench National -benchtime 1x
//
// The closing note's figures come from the command itself, which also gives
// peak memory:
//
//	/usr/bin/time -v filmnum sample --scale national --out /tmp/national
func BenchmarkNational(b *testing.B) {
	limit := 0
	if v := os.Getenv("FILMNUM_BENCH_LIMIT"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	for i := 0; i < b.N; i++ {
		out := b.TempDir()
		sum, err := Generate(context.Background(), Options{Scale: ScaleNational, Seed: 1, Out: out, Limit: limit})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Rows), "rows")
		b.ReportMetric(float64(sum.Bytes)/1e6, "MB")
	}
}
