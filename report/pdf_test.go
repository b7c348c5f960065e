package report

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// A minimal reader of the PDF files Chromium (Skia) prints: classic cross-
// reference, no object streams, Flate content streams, Type0 fonts with a
// ToUnicode map, tagged structure. Enough to tell, per printed page, its
// text and which tagged figures (the charts, by their alt text) it holds.

type pdfDoc struct {
	objs  map[int][]byte
	pages []int // page object numbers, in order
	fonts map[int]map[int]string
}

var (
	pdfObjRe    = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)
	pdfStreamRe = regexp.MustCompile(`(?s)stream\r?\n(.*)endstream`)
	pdfRefRe    = regexp.MustCompile(`(\d+) 0 R`)
	pdfKidsRe   = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
)

func parsePDF(data []byte) (*pdfDoc, error) {
	d := &pdfDoc{objs: map[int][]byte{}, fonts: map[int]map[int]string{}}
	for _, m := range pdfObjRe.FindAllSubmatch(data, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		d.objs[n] = m[2]
	}
	// Pages in order: walk the page tree from the catalog.
	var root int
	for n, o := range d.objs {
		if bytes.Contains(o, []byte("/Type /Catalog")) {
			if m := regexp.MustCompile(`/Pages (\d+) 0 R`).FindSubmatch(o); m != nil {
				root, _ = strconv.Atoi(string(m[1]))
			}
			_ = n
		}
	}
	if root == 0 {
		return nil, fmt.Errorf("PDF sans catalogue de pages")
	}
	var walk func(n int)
	walk = func(n int) {
		o := d.objs[n]
		if regexp.MustCompile(`/Type /Page\b`).Match(o) && !bytes.Contains(o, []byte("/Type /Pages")) {
			d.pages = append(d.pages, n)
			return
		}
		if m := pdfKidsRe.FindSubmatch(o); m != nil {
			for _, r := range pdfRefRe.FindAllSubmatch(m[1], -1) {
				k, _ := strconv.Atoi(string(r[1]))
				walk(k)
			}
		}
	}
	walk(root)
	for n, o := range d.objs {
		if bytes.Contains(o, []byte("/Type /Font")) {
			if m := regexp.MustCompile(`/ToUnicode (\d+) 0 R`).FindSubmatch(o); m != nil {
				k, _ := strconv.Atoi(string(m[1]))
				cm, err := d.cmap(k)
				if err != nil {
					return nil, err
				}
				d.fonts[n] = cm
			}
		}
	}
	return d, nil
}

func (d *pdfDoc) stream(n int) ([]byte, error) {
	m := pdfStreamRe.FindSubmatch(d.objs[n])
	if m == nil {
		return nil, fmt.Errorf("objet %d sans flux", n)
	}
	if !bytes.Contains(d.objs[n], []byte("/FlateDecode")) {
		return m[1], nil
	}
	r, err := zlib.NewReader(bytes.NewReader(m[1]))
	if err != nil {
		return nil, fmt.Errorf("objet %d : %w", n, err)
	}
	b, err := io.ReadAll(r)
	if err != nil && len(b) == 0 {
		return nil, fmt.Errorf("objet %d : %w", n, err)
	}
	return b, nil
}

var (
	bfcharRe  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	bfrangeRe = regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`)
	pair2Re   = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
	pair3Re   = regexp.MustCompile(`<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>`)
)

func utf16hex(h string) string {
	b, _ := hex.DecodeString(h)
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

func (d *pdfDoc) cmap(n int) (map[int]string, error) {
	s, err := d.stream(n)
	if err != nil {
		return nil, err
	}
	out := map[int]string{}
	for _, blk := range bfcharRe.FindAllSubmatch(s, -1) {
		for _, p := range pair2Re.FindAllSubmatch(blk[1], -1) {
			g, _ := strconv.ParseInt(string(p[1]), 16, 32)
			out[int(g)] = utf16hex(string(p[2]))
		}
	}
	for _, blk := range bfrangeRe.FindAllSubmatch(s, -1) {
		for _, p := range pair3Re.FindAllSubmatch(blk[1], -1) {
			a, _ := strconv.ParseInt(string(p[1]), 16, 32)
			b, _ := strconv.ParseInt(string(p[2]), 16, 32)
			base := []rune(utf16hex(string(p[3])))
			if len(base) == 0 {
				continue
			}
			for g := a; g <= b; g++ {
				out[int(g)] = string(base[0] + rune(g-a))
			}
		}
	}
	return out, nil
}

var (
	pdfFontRefRe = regexp.MustCompile(`/(F\d+) (\d+) 0 R`)
	pdfXObjRe    = regexp.MustCompile(`/(X\d+) (\d+) 0 R`)
	pdfTextOpRe  = regexp.MustCompile(`(?s)/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)> ?Tj|\[(.*?)\] ?TJ|/(X\d+) Do`)
	pdfHexRe     = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
	pdfContentRe = regexp.MustCompile(`/Contents (\d+) 0 R`)
)

// text returns the text drawn by a page or form XObject, forms included.
func (d *pdfDoc) text(n int, depth int) (string, error) {
	o := d.objs[n]
	fonts := map[string]map[int]string{}
	for _, m := range pdfFontRefRe.FindAllSubmatch(o, -1) {
		k, _ := strconv.Atoi(string(m[2]))
		fonts[string(m[1])] = d.fonts[k]
	}
	xobjs := map[string]int{}
	for _, m := range pdfXObjRe.FindAllSubmatch(o, -1) {
		k, _ := strconv.Atoi(string(m[2]))
		xobjs[string(m[1])] = k
	}
	src := n
	if m := pdfContentRe.FindSubmatch(o); m != nil {
		src, _ = strconv.Atoi(string(m[1]))
	}
	content, err := d.stream(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var cur map[int]string
	for _, t := range pdfTextOpRe.FindAllSubmatch(content, -1) {
		switch {
		case t[4] != nil:
			if k, ok := xobjs[string(t[4])]; ok && depth < 8 && bytes.Contains(d.objs[k], []byte("/Subtype /Form")) {
				s, err := d.text(k, depth+1)
				if err != nil {
					return "", err
				}
				b.WriteString(s)
			}
		case t[1] != nil:
			cur = fonts[string(t[1])]
		default:
			hexes := [][]byte{t[2]}
			if t[2] == nil {
				hexes = nil
				for _, h := range pdfHexRe.FindAllSubmatch(t[3], -1) {
					hexes = append(hexes, h[1])
				}
			}
			for _, h := range hexes {
				for i := 0; i+4 <= len(h); i += 4 {
					g, _ := strconv.ParseInt(string(h[i:i+4]), 16, 32)
					if s, ok := cur[int(g)]; ok {
						b.WriteString(s)
					} else {
						b.WriteString("?")
					}
				}
			}
		}
	}
	return b.String(), nil
}

// pageTexts returns the text of every page in NFKC form: depending on the
// fonts installed, Skia draws "fi" as the ligature glyph U+FB01 and maps it
// back to that code point (Chromium 156 with the fonts of a fresh Debian 12).
func (d *pdfDoc) pageTexts() ([]string, error) {
	var out []string
	for _, p := range d.pages {
		s, err := d.text(p, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, norm.NFKC.String(s))
	}
	return out, nil
}

var (
	pdfAltRe = regexp.MustCompile(`/Alt (<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\))`)
	pdfKRe   = regexp.MustCompile(`(?s)/K (\d+ 0 R|\[.*\]|<<.*>>|\d+)`)
	pdfPgRe  = regexp.MustCompile(`/Pg (\d+) 0 R`)
)

func pdfString(s string) string {
	if strings.HasPrefix(s, "<") {
		h := strings.Trim(s, "<>")
		if strings.HasPrefix(strings.ToUpper(h), "FEFF") {
			return utf16hex(h[4:])
		}
		b, _ := hex.DecodeString(h)
		return string(b)
	}
	return strings.Trim(s, "()")
}

// figurePages maps the alt text of each tagged figure to the pages (1-based)
// its content was drawn on.
func (d *pdfDoc) figurePages() map[string][]int {
	pageNo := map[int]int{}
	for i, p := range d.pages {
		pageNo[p] = i + 1
	}
	out := map[string][]int{}
	for _, o := range d.objs {
		if !bytes.Contains(o, []byte("/Type /StructElem")) {
			continue
		}
		m := pdfAltRe.FindSubmatch(o)
		if m == nil {
			continue
		}
		alt := pdfString(string(m[1]))
		seen := map[int]bool{}
		var visit func(obj []byte, depth int)
		visit = func(obj []byte, depth int) {
			for _, pg := range pdfPgRe.FindAllSubmatch(obj, -1) {
				k, _ := strconv.Atoi(string(pg[1]))
				if n, ok := pageNo[k]; ok {
					seen[n] = true
				}
			}
			if depth > 40 {
				return
			}
			km := pdfKRe.FindSubmatch(obj)
			if km == nil {
				return
			}
			for _, r := range pdfRefRe.FindAllSubmatch(km[1], -1) {
				k, _ := strconv.Atoi(string(r[1]))
				if c, ok := d.objs[k]; ok && bytes.Contains(c, []byte("/Type /StructElem")) {
					visit(c, depth+1)
				}
			}
		}
		visit(o, 0)
		var pages []int
		for p := range seen {
			pages = append(pages, p)
		}
		sort.Ints(pages)
		out[alt] = append(out[alt], pages...)
	}
	return out
}
