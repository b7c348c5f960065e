package main

import (
	"database/sql"
	"math"
	"math/rand"
	"testing"
)

// appendCSVNumber writes what the round trip wrote, for the values the
// indicators hold (counts, rates, their sums) and for any float.
func TestCSVNumberSameAsRoundTrip(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 0.1, 0.3, 2.0 / 3, 1e-7, 1.5e-5, 0.00012,
		6.000000000000001, 100, 1234, 1e11, 1e12, 123456789012345, 9.99999999999951, 0.999999999999995,
		0.9999999999995, 99999999999.95, 12.5, 450.25, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.Inf(1), math.Inf(-1), math.NaN()}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 300000; i++ {
		n, d := rng.Intn(100000), 1+rng.Intn(100000)
		vals = append(vals,
			float64(n)/float64(d), // rates
			float64(n),            // counts
			rng.Float64()*math.Pow(10, float64(rng.Intn(30)-12)), // any magnitude
			math.Float64frombits(rng.Uint64()),                   // any bits
			float64(n)/float64(d)*100-50)                         // differences in points
	}
	for i := 0; i < 1000; i++ {
		vals = append(vals, math.Float64frombits(rng.Uint64()>>12)) // subnormal
	}
	bad := 0
	for _, v := range vals {
		want := csvNumberByRoundTrip(v)
		got := string(appendCSVNumber(nil, sql.NullFloat64{Float64: v, Valid: true}))
		if got != want {
			if bad++; bad <= 10 {
				t.Errorf("%v (%x) : %q, attendu %q", v, math.Float64bits(v), got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d nombres sur %d écrits autrement", bad, len(vals))
	}
	if got := appendCSVNumber([]byte("x"), sql.NullFloat64{}); string(got) != "x" {
		t.Errorf("NULL : %q, attendu une cellule vide", got)
	}
}
