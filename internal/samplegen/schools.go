package samplegen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"filmnum/seeds"
)

// Level indexes into seeds.Levels.
const (
	l6e = iota
	l5e
	l4e
	l3e
	l2nde
	l1re
	lTle
	lCAP1
	lCAP2
	l2ndePro
	l1rePro
	lTlePro
	nLevels
)

// certLevels are the levels whose pupils take the Pix certification.
var certLevels = []int{l3e, lTle, lCAP2, lTlePro}

func isCertLevel(l int) bool { return l == l3e || l == lTle || l == lCAP2 || l == lTlePro }

// Sources a school may lack entirely (bit flags of school.missing).
const (
	srcPixCampaigns = 1 << iota
	srcPixProfiles
	srcPixCertif
	srcENT
	srcGAR
	srcEduConnect
	srcTraining
)

// school is one school as the generator sees it: reference data plus the
// hidden traits that make its numbers differ from its neighbours'.
type school struct {
	idx                                           int
	uai, name, typ, comp, dept, deptName, commune string
	zone                                          int
	pupils                                        [2][nLevels]int // per year index
	teachers, staff                               [2]int

	dyn      [2]float64 // engagement (ENT, Pix, activation…): < 0.75 lags behind
	skill    [2]float64 // Pix proficiency offset, in pupil standard deviations
	missing  int        // sources never exported (src* flags)
	style    int        // class-label style
	proSpecs []string   // vocational specialties (2nde/1re/Tle pro)
	capSpecs []string   // CAP specialties
	nameOnly bool       // some Pix exports filed where only the organisation name tells the school
}

func (s *school) has(src int) bool { return s.missing&src == 0 }

func (s *school) isCollege() bool { return s.comp == seeds.CompareCollege }

// totalPupils of year index yi.
func (s *school) totalPupils(yi int) int {
	n := 0
	for _, v := range s.pupils[yi] {
		n += v
	}
	return n
}

// deptEffect gives each département a lasting tilt, so that département
// comparisons have something to show.
func deptEffect(seed uint64, dept string) (dyn, skill float64) {
	r := newRNG(seed, "dept", dept)
	return r.uniform(-0.10, 0.10), r.normal() * 0.18
}

// setTraits draws the hidden traits of s from its own stream.
func (s *school) setTraits(seed uint64) {
	r := newRNG(seed, s.uai, "traits")
	dd, ds := deptEffect(seed, s.dept)
	base := r.uniform(0.8, 1.15)
	if r.chance(0.15) { // lagging schools
		base = r.uniform(0.45, 0.7)
	}
	base = clamp(base+dd, 0.35, 1.25)
	s.dyn[0] = base
	s.dyn[1] = clamp(base*(1+r.uniform(-0.05, 0.12)), 0.3, 1.3)
	sk := r.normal()*0.3 + ds + 0.4*(base-0.9)
	s.skill[0] = sk
	s.skill[1] = sk + r.uniform(-0.05, 0.15)
	for _, m := range []struct {
		src int
		p   float64
	}{{srcPixCampaigns, 0.02}, {srcPixProfiles, 0.08}, {srcPixCertif, 0.03}, {srcENT, 0.03}, {srcGAR, 0.05}, {srcEduConnect, 0.06}, {srcTraining, 0.08}} {
		if r.chance(m.p) {
			s.missing |= m.src
		}
	}
	s.style = r.intn(6)
	pro := []string{"MELEC", "MRC", "ASSP", "AGORA", "MSPC", "CIEL", "MMV", "HPS", "TMA", "MCV", "GATL", "CUISINE"}
	capS := []string{"ECMS", "AEPE", "CUISINE", "MBC", "PROELEC", "EPC", "MIS", "ATMFC"}
	for _, i := range r.perm(len(pro))[:2+r.intn(3)] {
		s.proSpecs = append(s.proSpecs, pro[i])
	}
	for _, i := range r.perm(len(capS))[:1+r.intn(2)] {
		s.capSpecs = append(s.capSpecs, capS[i])
	}
}

// perm returns a permutation of 0..n-1.
func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// fromSeed builds a school of the reference data.
func fromSeed(idx int, sd seeds.School) *school {
	s := &school{idx: idx, uai: sd.UAI, name: sd.Name, typ: sd.Type, comp: sd.ComparisonType,
		dept: sd.DeptCode, deptName: sd.DeptName, commune: sd.Commune, zone: zoneOf(sd.DeptCode)}
	for yi, y := range years {
		lv := sd.Pupils[y.label]
		if lv == nil { // a year missing from the seeds: the other one, slightly changed
			lv = sd.Pupils[years[1-yi].label]
		}
		for li, name := range seeds.Levels {
			s.pupils[yi][li] = lv[name]
		}
		s.teachers[yi] = sd.Teachers[y.label]
		if s.teachers[yi] == 0 {
			s.teachers[yi] = sd.Teachers[years[1-yi].label]
		}
		s.staff[yi] = sd.Staff[y.label]
		if s.staff[yi] == 0 {
			s.staff[yi] = sd.Staff[years[1-yi].label]
		}
		if s.teachers[yi] == 0 {
			s.teachers[yi] = max(8, s.totalPupils(yi)/12)
		}
		if s.staff[yi] < s.teachers[yi] {
			s.staff[yi] = s.teachers[yi] + max(4, s.teachers[yi]/3)
		}
	}
	return s
}

// --- national scale ---

// National counts, after the orders of magnitude of formats-other.md.
const (
	natColleges = 7000
	natLGT      = 1500
	natLPO      = 1000
	natLP       = 1500
	natSchools  = natColleges + natLGT + natLPO + natLP
)

// nationalPlan assigns each national school index a type, a département and a
// UAI serial: a few bytes per school, computed once (memory stays flat).
type nationalPlan struct {
	typ    []uint8  // 0 collège, 1 LGT, 2 LPO, 3 LP
	dept   []uint8  // index into departements
	serial []uint16 // 4 UAI digits, unique within the département
}

func newNationalPlan(seed uint64, n int) *nationalPlan {
	p := &nationalPlan{typ: make([]uint8, n), dept: make([]uint8, n), serial: make([]uint16, n)}
	r := newRNG(seed, "national", "plan")
	w := make([]float64, len(departements))
	for i, d := range departements {
		w[i] = float64(d.weight)
	}
	next := make([]int, len(departements))
	for i := 0; i < n; i++ {
		// Types interleaved in their national proportions, so that any prefix
		// of the plan (--limit in tests) is a miniature of the whole.
		k := i % natSchools
		switch {
		case k%11 < 7:
			p.typ[i] = 0
		case k%11 < 8 || (k%11 == 10 && k%3 == 0):
			p.typ[i] = 1
		case k%11 < 9:
			p.typ[i] = 2
		default:
			p.typ[i] = 3
		}
		d := r.weighted(w)
		p.dept[i] = uint8(d)
		// Serials spread over 0100..9899 with a per-département stride.
		p.serial[i] = uint16(100 + (next[d]*37)%9800)
		next[d]++
	}
	return p
}

// nationalSchool synthesises school i of the plan.
func nationalSchool(seed uint64, p *nationalPlan, i int) *school {
	d := departements[p.dept[i]]
	digits := uaiPrefix(d.code) + fmt.Sprintf("%04d", p.serial[i])
	letter, _ := seeds.UAICheckLetter(digits)
	r := newRNG(seed, "national", "school", strconv.Itoa(i))
	s := &school{idx: i, uai: digits + string(letter), dept: d.code, deptName: d.name, zone: d.zone,
		commune: pick(r, communes)}
	patron := pick(r, patrons)
	var size float64
	var split []float64
	switch p.typ[i] {
	case 0:
		s.typ, s.comp, s.name = seeds.TypeCollege, seeds.CompareCollege, "Collège "+patron
		size = math.Max(80, 450+170*r.normal())
		split = []float64{l6e: 0.26, l5e: 0.25, l4e: 0.25, l3e: 0.24}
	case 1:
		s.typ, s.comp, s.name = seeds.TypeLGT, seeds.CompareLycee, "Lycée "+patron
		size = math.Max(250, 900+300*r.normal())
		split = []float64{l2nde: 0.36, l1re: 0.33, lTle: 0.31}
	case 2:
		s.typ, s.comp, s.name = seeds.TypeLPO, seeds.CompareLycee, "Lycée polyvalent "+patron
		size = math.Max(250, 680+220*r.normal())
		split = []float64{l2nde: 0.29, l1re: 0.26, lTle: 0.25, l2ndePro: 0.07, l1rePro: 0.07, lTlePro: 0.06}
	default:
		s.typ, s.comp, s.name = seeds.TypeLP, seeds.CompareLP, "Lycée professionnel "+patron
		size = math.Max(90, 310+110*r.normal())
		split = []float64{lCAP1: 0.12, lCAP2: 0.11, l2ndePro: 0.28, l1rePro: 0.25, lTlePro: 0.24}
	}
	for yi := range years {
		f := 1.0
		if yi == 0 {
			f = r.uniform(0.95, 1.05)
		}
		for li, sh := range split {
			if sh > 0 {
				s.pupils[yi][li] = int(math.Round(size * f * sh * r.uniform(0.92, 1.08)))
			}
		}
		ratio := 13.5
		if s.comp == seeds.CompareLycee {
			ratio = 11
		} else if s.comp == seeds.CompareLP {
			ratio = 7.5
		}
		s.teachers[yi] = max(10, int(math.Round(float64(s.totalPupils(yi))/ratio)))
		s.staff[yi] = s.teachers[yi] + max(6, s.teachers[yi]*3/10)
	}
	return s
}

// --- classes and pupils ---

type division struct {
	label  string
	level  int
	pupils []pupil
	nw     int // per-pupil Pix exports cover pupils[:nw] (the academy sample: a few)
}

// written returns the pupils whose Pix results are exported.
func (d *division) written() []pupil { return d.pupils[:d.nw] }

// samplePupils is how many pupils of the first class of each level the small
// academy sample exports per-pupil Pix results for.
const samplePupils = 15

type pupil struct {
	last, first string
	birth       time.Time
	place       string
	ext         string  // identifier the school gives (campaign external id, certification)
	skill       float64 // latent Pix proficiency
}

// ageAtRentree is the normal age on 1 September per level.
var ageAtRentree = [nLevels]int{11, 12, 13, 14, 15, 16, 17, 15, 16, 15, 16, 17}

// targetSize is the usual class size per level.
var targetSize = [nLevels]int{26, 26, 26, 26, 33, 32, 32, 14, 14, 24, 24, 23}

// divisions builds the classes of year index yi with their pupils.
// allClasses false keeps per-pupil exports to the first samplePupils pupils
// of the first class of each level.
func (s *school) divisions(seed uint64, yi int, allClasses bool) []division {
	y := &years[yi]
	var out []division
	used := map[uint64]bool{} // names already given in the school this year (lookups only)
	for l := 0; l < nLevels; l++ {
		n := s.pupils[yi][l]
		if n <= 0 {
			continue
		}
		r := newRNG(seed, s.uai, y.label, "classes", strconv.Itoa(l))
		k := max(1, int(math.Round(float64(n)/float64(targetSize[l]))))
		labels := s.classLabels(l, k)
		for j := 0; j < k; j++ {
			size := n / k
			if j < n%k {
				size++
			}
			d := division{label: labels[j], level: l}
			d.pupils = make([]pupil, size)
			for p := range d.pupils {
				// Two pupils of a school with the same name (as ingest folds
				// it: case, accents, apostrophes) would share a pseudonym.
				for try := 0; ; try++ {
					d.pupils[p] = newPupil(r, y, l, s.skill[yi], s.extStyle())
					key := nameKey(d.pupils[p].last, d.pupils[p].first)
					if !used[key] || try == 20 {
						used[key] = true
						break
					}
				}
			}
			switch {
			case allClasses:
				d.nw = size
			case j == 0:
				d.nw = min(size, samplePupils)
			}
			out = append(out, d)
		}
	}
	return out
}

func (s *school) extStyle() int { return s.idx % 3 }

func newPupil(r *rng, y *schoolYear, level int, skill float64, extStyle int) pupil {
	var p pupil
	if r.chance(0.5) {
		p.first = pick(r, girls)
	} else {
		p.first = pick(r, boys)
	}
	if r.chance(0.01) {
		p.last = pick(r, rareSurnames)
	} else {
		p.last = pick(r, surnames)
	}
	by := y.start - ageAtRentree[level]
	if r.chance(0.12) {
		by-- // born a year earlier (a repeated year)
	} else if r.chance(0.02) {
		by++
	}
	p.birth = day(by, time.Month(1+r.intn(12)), 1+r.intn(28))
	p.place = pick(r, birthplaces)
	switch extStyle {
	case 0:
		p.ext = strconv.Itoa(1000000 + r.intn(9000000))
	case 1:
		p.ext = fmt.Sprintf("ENT-%05d", r.intn(100000))
	}
	p.skill = skill + r.normal()
	return p
}

// classLabels names the k classes of level l in the school's style. The
// labels are those schools really type (seeds/niveaux_classes.csv maps them).
func (s *school) classLabels(l, k int) []string {
	out := make([]string, k)
	letter := func(j int) string { return string(rune('A' + j%26)) }
	for j := 0; j < k; j++ {
		n := strconv.Itoa(j + 1)
		switch {
		case l <= l3e:
			g := strconv.Itoa(6 - l) // 6, 5, 4, 3
			switch s.style {
			case 0:
				out[j] = g + "E" + n
			case 1:
				out[j] = g + letter(j)
			case 2:
				out[j] = g + " " + letter(j)
			case 3:
				out[j] = g + "EME " + letter(j)
			case 4:
				out[j] = fmt.Sprintf("%s%02d", g, j+1) // written bare by Pix: 402
			default:
				out[j] = g + "°" + n
			}
		case l == l2nde:
			switch s.style % 3 {
			case 0:
				out[j] = "2NDE" + n
			case 1:
				out[j] = "2GT" + n
			default:
				out[j] = "2NDE " + n
			}
		case l == l1re || l == lTle:
			techno := []string{"STMG", "STI2D", "ST2S", "STL"}
			gen := k - max(0, k/4) // about a quarter of the classes are technological
			if j < gen {
				switch s.style % 3 {
				case 0:
					out[j] = map[bool]string{true: "1G", false: "TG"}[l == l1re] + n
				case 1:
					out[j] = map[bool]string{true: "1ERE " + n, false: "TERM" + n}[l == l1re]
				default:
					out[j] = map[bool]string{true: "1G " + n, false: "T G" + n}[l == l1re]
				}
			} else {
				t := techno[(j-gen)%len(techno)]
				suffix := ""
				if (j-gen)/len(techno) > 0 || s.style%2 == 0 {
					suffix = strconv.Itoa((j-gen)/len(techno) + 1)
				}
				if l == l1re {
					out[j] = "1" + t + suffix
				} else if s.style%3 == 2 {
					out[j] = "T " + t + " " + strings.TrimSpace(suffix)
					out[j] = strings.TrimSpace(out[j])
				} else {
					out[j] = "T" + t + suffix
				}
			}
		case l == lCAP1 || l == lCAP2:
			sp := s.capSpecs[j%len(s.capSpecs)]
			suffix := ""
			if j >= len(s.capSpecs) {
				suffix = strconv.Itoa(j/len(s.capSpecs) + 1)
			}
			year := "1"
			if l == lCAP2 {
				year = "2"
			}
			if s.style%2 == 0 {
				out[j] = year + "CAP " + sp + suffix
			} else {
				out[j] = "CAP" + year + " " + sp + suffix
			}
		default: // 2nde, 1re, Tle pro
			sp := s.proSpecs[j%len(s.proSpecs)]
			suffix := ""
			if j >= len(s.proSpecs) {
				suffix = strconv.Itoa(j/len(s.proSpecs) + 1)
			}
			var prefix string
			switch l {
			case l2ndePro:
				prefix = []string{"2BAC ", "2PRO ", "2NDE PRO "}[s.style%3]
			case l1rePro:
				prefix = []string{"1BAC ", "1PRO ", "1ERE PRO "}[s.style%3]
			default:
				prefix = []string{"TBP ", "TBPRO ", "TPRO "}[s.style%3]
			}
			out[j] = prefix + sp + suffix
		}
	}
	return out
}

// nameKey identifies a name as ingest folds it before pseudonymising it
// (upper case, no accents, one kind of apostrophe): names that fold alike
// share a key. The word lists are fixed, so keys are computed once.
func nameKey(last, first string) uint64 { return uint64(foldedID[last])<<32 | uint64(foldedID[first]) }

var foldedID = func() map[string]uint32 {
	ids := map[string]uint32{}
	byFold := map[string]uint32{}
	for _, list := range [][]string{surnames, rareSurnames, girls, boys, adultFirst} {
		for _, n := range list {
			f := foldSlow(n)
			id, ok := byFold[f]
			if !ok {
				id = uint32(len(byFold) + 1)
				byFold[f] = id
			}
			ids[n] = id
		}
	}
	return ids
}()

func foldSlow(s string) string {
	r := strings.NewReplacer("’", "'", "é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ä", "a",
		"î", "i", "ï", "i", "ô", "o", "ö", "o", "û", "u", "ü", "u", "ù", "u", "ç", "c", "œ", "oe", "æ", "ae",
		"É", "E", "È", "E", "Ê", "E", "Ë", "E", "À", "A", "Â", "A", "Î", "I", "Ï", "I", "Ô", "O", "Û", "U",
		"Ü", "U", "Ç", "C", "Œ", "OE", "Æ", "AE")
	return strings.ToUpper(r.Replace(s))
}
