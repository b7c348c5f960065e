package ingest

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets of the value parsers, the header recogniser and the
// encoding detector: whatever the bytes, no panic, and what is accepted is
// consistent. Crashers found are kept under testdata/fuzz/ as regression
// cases (run by a plain go test).

var numberSeeds = []string{"1204", "1 204", "1\u202f204", "1\u00a0204", "45,2 %", "0,452", "12,5", "-3", "1.204,75",
	"1,204.75", "1,2E+03", ",5", "5,", "1e999", "12 34", "%", "−7", "1 204 567,5"}

func FuzzParseNumber(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		if (err == nil) != (parseMotif("nombre", s) == "") {
			t.Fatalf("ParseNumber(%q) et son motif ne concordent pas", s)
		}
		if n, ierr := ParseInteger(s); ierr == nil {
			if err != nil || float64(n) != v {
				t.Fatalf("ParseInteger(%q) = %d mais ParseNumber = %v, %v", s, n, v, err)
			}
		}
	})
}

var monthSeeds = []string{"09/2025", "2025-09", "202509", "septembre 2025", "Sept. 2025", "sept.-25", "2025-09-01T00:00",
	"2025-2026", "2025-26", "01/09/2025", "13/2025", "août 2026", "2025-09-01T00:00:00.000Z", "31/02/2026"}

func FuzzParseMonth(f *testing.F) {
	for _, s := range monthSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, gran, err := ParseMonth(s)
		if err != nil {
			if parseMotif("mois", s) == "" {
				t.Fatalf("ParseMonth(%q) refuse sans motif", s)
			}
			return
		}
		if d.Year() < minYear || d.Year() > maxYear || d.Hour() != 0 {
			t.Fatalf("ParseMonth(%q) = %v", s, d)
		}
		switch gran {
		case GranMois:
			if d.Day() != 1 {
				t.Fatalf("ParseMonth(%q) = %v : pas un premier du mois", s, d)
			}
		case GranAnnee:
			if d.Day() != 1 || d.Month() != 9 {
				t.Fatalf("ParseMonth(%q) = %v : une année scolaire commence le 1er septembre", s, d)
			}
		case GranDate:
		default:
			t.Fatalf("ParseMonth(%q) : granularité %q", s, gran)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15/09/2025", "2025-09-15", "15/09/25", "15.09.2025", "1er septembre 2025",
		"15/09/2025 14h30", "2025-09-15T14:30:00+02:00", "31/02/2026", "29/02/2028", "45901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		// What was accepted reads back the same, in both spellings.
		for _, again := range []string{d.Format("02/01/2006"), d.Format("2006-01-02")} {
			if d2, err := ParseDate(again); err != nil || !d2.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v ; relu %q → %v, %v", s, d, again, d2, err)
			}
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1,5", "3h30", "01:30", "2 h", "90 min", "0h45", "01:30:00", "1 jour", "3h75", "-1", "2 heures"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseDuration(s)
		if err == nil && (h < 0 || math.IsNaN(h) || math.IsInf(h, 0)) {
			t.Fatalf("ParseDuration(%q) = %v", s, h)
		}
		if (err == nil) != (parseMotif("duree", s) == "") {
			t.Fatalf("ParseDuration(%q) et son motif ne concordent pas", s)
		}
	})
}

// FuzzRecognise feeds decoded header (and sample) text to the recogniser:
// either a layout with one column per header cell, or a French refusal.
func FuzzRecognise(f *testing.F) {
	for _, p := range fixtureFiles(f) {
		b, _ := os.ReadFile(p)
		if len(b) > 4096 {
			b = b[:4096]
		}
		if utf8.Valid(b) {
			f.Add(string(b))
		}
	}
	f.Add("UAI;Mois;Profil;Comptes;Visiteurs uniques\n0870015U;09/2025;Élève;1 204;812\n")
	f.Add("Durée (h)\tNom\tPrénom\tFonction\tFormation\tDate\n")
	f.Fuzz(func(t *testing.T, text string) {
		s := &sniffed{Path: "fuzz.csv", Name: "fuzz-2025-10-15.csv"}
		if err := s.readHead([]byte(text), true); err != nil {
			return
		}
		l, err := recognise(s)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Msg == "" {
				t.Fatalf("refus sans message : %v", err)
			}
			return
		}
		if len(l.Columns) != len(s.Header) || len(l.Stage) == 0 || l.Load == nil || len(l.Load()) == 0 {
			t.Fatalf("disposition incomplète pour %q : %+v", text, l)
		}
		_ = l.signature()
	})
}

// FuzzSniff writes the bytes to a file and sniffs it: a French refusal or
// an encoding, a delimiter and a header.
func FuzzSniff(f *testing.F) {
	for _, p := range fixtureFiles(f) {
		b, _ := os.ReadFile(p)
		if len(b) > 4096 {
			b = b[:4096]
		}
		f.Add(b)
	}
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'a', ';', 0x92, '\n'})
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	f.Add([]byte("%PDF-1.4"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Skip()
		}
		s, err := sniff(path)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Msg == "" {
				t.Fatalf("refus sans message : %v", err)
			}
			return
		}
		switch s.Encoding {
		case EncUTF8, EncUTF8BOM, EncCP1252:
		default:
			t.Fatalf("encodage %q", s.Encoding)
		}
		if !strings.ContainsRune(";,\t", rune(s.Delim)) {
			t.Fatalf("séparateur %q", s.Delim)
		}
		for _, h := range s.Header {
			if !utf8.ValidString(h) {
				t.Fatalf("en-tête non UTF-8 : %q", h)
			}
		}
	})
}

func fixtureFiles(f *testing.F) []string {
	var out []string
	for _, dir := range []string{"ent", "gar", "educonnect", "formations", "attestations", "pix"} {
		m, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		out = append(out, m...)
	}
	return out
}
