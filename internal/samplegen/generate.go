// Package samplegen writes realistic, deterministic exports of every source
// filmnum reads (Pix Orga and Pix Certif, ENT, GAR, EduConnect, training
// attendance) for the schools of the seeds (academy scale) or for ≈ 11 000
// synthetic schools (national scale), with the exact bytes of the real
// exports (../shared/context/formats-*.md), a few deliberately bad rows, and
// a manifest of what was written.
//
// Same seed, same options → identical bytes: every file's content is drawn
// from a random stream keyed by what the file is about (school, year,
// source…), never by generation order, clock or map iteration.
package samplegen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"filmnum/seeds"
)

// Scales.
const (
	ScaleAcademy  = "academie"
	ScaleNational = "national"
)

// Encodings, spelled as ingest records them in raw_fichiers.encodage.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8 (BOM)"
	EncCP1252  = "Windows-1252"
)

// Kinds, as ingest records them in raw_fichiers.type_export.
const (
	KindPixCampaign     = "pix_campagne"
	KindPixProfiles     = "pix_profils"
	KindPixCertClass    = "pix_certif_classe"
	KindPixCertSession  = "pix_certif_session"
	KindPixAttestations = "pix_attestations_6e"
	KindENT             = "ent_stats"
	KindGARAssignments  = "gar_affectations"
	KindGARUsage        = "gar_usage"
	KindEduConnect      = "educonnect"
	KindTraining        = "formations"
)

// How ingest can tell the school of a file, as it records it in
// raw_fichiers.uai_source.
const (
	FromColumn = "colonne UAI"
	FromPath   = "chemin du fichier"
	FromOrg    = "nom de l'organisation"
)

// NameOnlyDir holds the Pix exports whose school only their "Nom de
// l'organisation" column tells (a downloads folder nobody sorted).
const NameOnlyDir = "telechargements"

// ManifestName is the manifest written at the root of the output.
const ManifestName = "manifest.json"

// Options of a generation.
type Options struct {
	Scale string // ScaleAcademy (default) or ScaleNational
	Seed  uint64
	Years int    // 1 (2025-2026) or 2 (2024-2025 and 2025-2026, default)
	Out   string // output folder: created, must be empty
	// AllClasses writes per-pupil Pix exports for every class at the academy
	// scale (default: the first class of each level only, to keep the sample
	// small). The national scale always writes every class.
	AllClasses bool
	// Limit keeps the first Limit schools of the national plan (0 = all).
	Limit int
	// Workers generating schools in parallel (0 = GOMAXPROCS).
	Workers int
	// Schools replaces the embedded reference schools (academy scale).
	Schools []seeds.School
	// Progress, when set, is called after each batch of schools.
	Progress func(done, total int)
}

// Plant is a deliberately bad row, which ingest must reject.
type Plant struct {
	Row    int    // data row, 1 = first row after the header (physical line = Row + 1)
	Column string // header text of the faulty column
	Value  string // the faulty value as written
	Reason string // French
}

// FileInfo is one line of the manifest.
type FileInfo struct {
	Path         string // relative to Out, '/'-separated
	Kind         string
	UAI          string
	Years        string // school years the rows belong to, ','-joined
	Encoding     string
	LineEnd      string // LF or CRLF
	FinalNewline bool
	Rows         int  // data rows, header and trailing lines to skip excluded
	TotalLine    bool // a vendor's "Total" line after the rows (ingest skips it and says so)
	BlankLines   int  // empty lines after the rows
	Replaced     int  // rows a newer file of the sample replaces (same class, or same ENT months)
	Bytes        int64
	SHA256       string
	UAIFrom      string
	Planted      []Plant
}

// KindTotal sums the files of one kind.
type KindTotal struct {
	Kind    string
	Files   int
	Rows    int64
	Bytes   int64
	Planted int
}

// Summary is what a generation wrote.
type Summary struct {
	Schools int
	Files   int
	Rows    int64
	Bytes   int64
	Planted int
	Kinds   []KindTotal // sorted by kind
}

// generator holds what every worker shares (read-only once started).
type generator struct {
	opt    Options
	seed   uint64
	first  int // first year index generated
	n      int
	school func(i int) *school
	plants map[int]int // school index → plant kinds (read-only after planning)
	io     *writerPool
}

// Generate writes the sample into opt.Out and returns what it wrote.
func Generate(ctx context.Context, opt Options) (*Summary, error) {
	if opt.Scale == "" {
		opt.Scale = ScaleAcademy
	}
	if opt.Years == 0 {
		opt.Years = 2
	}
	if opt.Years < 1 || opt.Years > len(years) {
		return nil, fmt.Errorf("--years : 1 ou %d années scolaires possibles, pas %d", len(years), opt.Years)
	}
	g := &generator{opt: opt, seed: opt.Seed, first: len(years) - opt.Years}
	switch opt.Scale {
	case ScaleAcademy:
		list := opt.Schools
		if list == nil {
			var err error
			if list, err = seeds.ReadSchools(seeds.Embedded()); err != nil {
				return nil, err
			}
		}
		if len(list) == 0 {
			return nil, errors.New("aucun établissement dans les données de référence")
		}
		names := map[string]int{}
		for _, sd := range list {
			names[strings.ToLower(sd.Name)]++
		}
		built := make([]*school, len(list))
		for i, sd := range list {
			s := fromSeed(i, sd)
			s.setTraits(g.seed)
			// Name-only Pix files only for names the seeds hold once: ingest
			// resolves them by name and must not hesitate.
			s.nameOnly = names[strings.ToLower(sd.Name)] == 1 && newRNG(g.seed, s.uai, "nameonly").chance(0.1)
			built[i] = s
		}
		g.n = len(built)
		g.school = func(i int) *school { return built[i] }
	case ScaleNational:
		n := natSchools
		if opt.Limit > 0 && opt.Limit < n {
			n = opt.Limit
		}
		plan := newNationalPlan(g.seed, n)
		g.n = n
		g.school = func(i int) *school {
			s := nationalSchool(g.seed, plan, i)
			s.setTraits(g.seed)
			return s
		}
	default:
		return nil, fmt.Errorf("échelle « %s » inconnue : academie ou national", opt.Scale)
	}
	if err := prepareOut(opt.Out); err != nil {
		return nil, err
	}
	g.planPlants()
	return g.run(ctx)
}

// ErrNotEmpty is returned when the output folder already holds files.
var ErrNotEmpty = errors.New("dossier de sortie non vide")

// prepareOut creates the output folder, refusing one that holds files: a
// sample mixed with older files would not match its manifest.
func prepareOut(dir string) error {
	if dir == "" {
		return errors.New("dossier de sortie manquant")
	}
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		return fmt.Errorf("%w : %s", ErrNotEmpty, dir)
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}

// schoolResult is what one school produced.
type schoolResult struct {
	files []FileInfo
	err   error
}

// run generates schools in parallel, in batches; each batch's manifest lines
// are written in school order, so the manifest does not depend on which
// worker finished first, and memory holds one batch at a time.
func (g *generator) run(ctx context.Context) (*Summary, error) {
	workers := g.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	mpath := filepath.Join(g.opt.Out, ManifestName)
	mf, err := os.Create(mpath + ".tmp")
	if err != nil {
		return nil, err
	}
	defer func() {
		mf.Close()
		os.Remove(mpath + ".tmp")
	}()
	mw := newManifestWriter(mf, g.opt)

	// Creating a file costs far more than filling it on some disks (≈ 0.2 ms
	// measured on a CI-like VM): writes go through a pool of I/O goroutines
	// so that generation goes on meanwhile. Content and manifest do not
	// depend on write order.
	iop := newWriterPool(8)
	defer iop.close()
	g.io = iop

	sum := &Summary{Schools: g.n}
	kinds := map[string]*KindTotal{}
	const batch = 64
	results := make([]schoolResult, batch)
	pool := make([]*worker, workers)
	for i := range pool {
		pool[i] = &worker{g: g}
	}
	for lo := 0; lo < g.n; lo += batch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hi := min(lo+batch, g.n)
		var wg sync.WaitGroup
		next := make(chan int)
		for _, w := range pool {
			wg.Add(1)
			go func(w *worker) {
				defer wg.Done()
				for i := range next {
					files, err := w.school(g.school(i))
					results[i-lo] = schoolResult{files: files, err: err}
				}
			}(w)
		}
		for i := lo; i < hi; i++ {
			next <- i
		}
		close(next)
		wg.Wait()
		if err := iop.err(); err != nil {
			return nil, err
		}
		for i := lo; i < hi; i++ {
			r := results[i-lo]
			if r.err != nil {
				return nil, r.err
			}
			for _, f := range r.files {
				if err := mw.write(f); err != nil {
					return nil, err
				}
				sum.Files++
				sum.Rows += int64(f.Rows)
				sum.Bytes += f.Bytes
				sum.Planted += len(f.Planted)
				k := kinds[f.Kind]
				if k == nil {
					k = &KindTotal{Kind: f.Kind}
					kinds[f.Kind] = k
				}
				k.Files++
				k.Rows += int64(f.Rows)
				k.Bytes += f.Bytes
				k.Planted += len(f.Planted)
			}
			results[i-lo] = schoolResult{}
		}
		if g.opt.Progress != nil {
			g.opt.Progress(hi, g.n)
		}
	}
	if err := iop.close(); err != nil {
		return nil, err
	}
	if err := mw.close(sum); err != nil {
		return nil, err
	}
	if err := mf.Close(); err != nil {
		return nil, err
	}
	// The manifest appears last, under its final name: a folder without it
	// is an interrupted generation.
	if err := os.Rename(mpath+".tmp", mpath); err != nil {
		return nil, err
	}
	for _, k := range kinds {
		sum.Kinds = append(sum.Kinds, *k)
	}
	sort.Slice(sum.Kinds, func(i, j int) bool { return sum.Kinds[i].Kind < sum.Kinds[j].Kind })
	return sum, nil
}

// sample is true for the small academy sample (see Options.AllClasses).
func (g *generator) sample() bool { return g.opt.Scale == ScaleAcademy && !g.opt.AllClasses }

// worker generates one school at a time; its buffers are reused.
type worker struct {
	g     *generator
	buf   []byte
	files []FileInfo
}

// fileSpec describes a file about to be written.
type fileSpec struct {
	path      string // relative, '/'-separated
	kind      string
	uai       string
	years     []string
	enc       string
	crlf      bool
	finalNL   bool
	blankTail bool // an empty line after the last row (to skip)
	totalLine bool // a Total line after the rows
	replaced  int  // rows a newer file replaces
	uaiFrom   string
	plants    []Plant
}

// newCSV starts a file's content in the worker's buffer.
func (w *worker) csv(f *fileSpec, delim byte) *csvw {
	c := newCSV(delim, f.crlf, w.buf)
	if f.enc == EncUTF8BOM {
		c.b = append(c.b, 0xEF, 0xBB, 0xBF)
	}
	return c
}

// appendCP1252 encodes UTF-8 text in Windows-1252 (x/text's charmap, rune
// by rune: no allocation); a character outside it is an error, never a '?'.
func appendCP1252(dst, src []byte) ([]byte, error) {
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		b, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			return dst, fmt.Errorf("caractère « %c » hors Windows-1252", r)
		}
		dst = append(dst, b)
		i += n
	}
	return dst, nil
}

// emit finishes c and writes it to disk as f says.
func (w *worker) emit(f *fileSpec, c *csvw) error {
	c.finish(f.finalNL)
	blank := 0
	if f.blankTail {
		c.b = append(c.b, c.nl...)
		blank = 1
	}
	w.buf = c.b      // keep the grown buffer for the next file
	data := getBuf() // the I/O pool owns it, and recycles it once written
	if f.enc == EncCP1252 {
		var err error
		if data, err = appendCP1252(data, c.b); err != nil {
			return fmt.Errorf("%s : %w", f.path, err)
		}
	} else {
		data = append(data, c.b...)
	}
	sum := sha256.Sum256(data)
	size := int64(len(data))
	// From here on data belongs to the I/O pool (recycled once written).
	w.g.io.write(filepath.Join(w.g.opt.Out, filepath.FromSlash(f.path)), data)
	le := "LF"
	if f.crlf {
		le = "CRLF"
	}
	w.files = append(w.files, FileInfo{
		Path: f.path, Kind: f.kind, UAI: f.uai, Years: strings.Join(f.years, ","), Encoding: f.enc,
		LineEnd: le, FinalNewline: f.finalNL, Rows: c.rows, TotalLine: f.totalLine, BlankLines: blank, Replaced: f.replaced, Bytes: size,
		SHA256: hex.EncodeToString(sum[:]), UAIFrom: f.uaiFrom, Planted: f.plants,
	})
	return nil
}

// school writes every file of one school.
func (w *worker) school(s *school) (files []FileInfo, err error) {
	w.files = nil
	g := w.g
	for yi := g.first; yi < len(years); yi++ {
		divs := s.divisions(g.seed, yi, !g.sample())
		if err := w.pix(s, yi, divs); err != nil {
			return nil, err
		}
		if err := w.others(s, yi, divs); err != nil {
			return nil, err
		}
	}
	if err := w.ent(s); err != nil {
		return nil, err
	}
	return w.files, nil
}
