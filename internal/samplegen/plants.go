package samplegen

// Planted rows: a few deliberately bad rows in known files, listed in the
// manifest, so that a test can check ingest rejects exactly them.
const (
	plantBadDate  = 1 << iota // training attendance: 31/02/2026
	plantNegative             // Pix 6e attestation counts: a negative count
	plantBadUAI               // collège ENT statistics: a UAI with a wrong check letter
)

var plantKinds = []int{plantBadDate, plantNegative, plantBadUAI}

// planPlants picks, for each kind, a few schools spread over the list (the
// first eligible one at or after evenly spaced positions). Eligibility only
// looks at decisions drawn from each school's own streams, so the choice is
// the same whatever the number of workers.
func (g *generator) planPlants() {
	g.plants = map[int]int{}
	per := 2
	if g.opt.Scale == ScaleNational {
		per = 3
	}
	for k, kind := range plantKinds {
		for j := 0; j < per; j++ {
			start := (j*g.n/per + 5 + 11*k) % g.n
			for step := 0; step < g.n; step++ {
				i := (start + step) % g.n
				if g.plants[i]&kind == 0 && g.eligible(g.school(i), kind) {
					g.plants[i] |= kind
					break
				}
			}
		}
	}
}

// Plants go into 2025-2026 files (year index 1), always generated.
func (g *generator) eligible(s *school, kind int) bool {
	switch kind {
	case plantBadDate:
		return s.has(srcTraining)
	case plantNegative:
		return g.attestFile(s, 1)
	case plantBadUAI:
		return s.isCollege() && s.has(srcENT)
	}
	return false
}

func (g *generator) planted(s *school, yi, kind int) bool {
	return yi == 1 && g.plants[s.idx]&kind != 0
}
