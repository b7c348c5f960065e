package samplegen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// The manifest (OUT/manifest.json) says what a generation wrote. JSON rather
// than CSV so that `filmnum ingest OUT` skips it (ingest reads .csv, .txt
// and .tsv files); DuckDB reads it with
//
//	SELECT f.* FROM (SELECT unnest(fichiers) AS f FROM read_json('OUT/manifest.json'))
//
// Layout: one object with the options, "fichiers" (one file per line, in
// generation order: school by school, then year, then source) and "totaux".
// Fields of a file:
//
//	chemin           path relative to OUT, '/'-separated
//	type_export      kind (raw_fichiers.type_export): pix_campagne, pix_profils, pix_certif_classe,
//	                 pix_certif_session, pix_attestations_6e, ent_stats, gar_affectations,
//	                 gar_usage, educonnect, formations
//	uai              the school the file is about
//	annee_scolaire   school years of its rows, ','-joined (an ENT export spans two)
//	encodage         UTF-8 | UTF-8 (BOM) | Windows-1252 (raw_fichiers.encodage)
//	fin_de_ligne     LF | CRLF
//	saut_final       a line end after the last line
//	lignes           data rows: header, Total line and empty lines excluded, planted rows included
//	ligne_total      a vendor's "Total" line follows the rows (ingest skips it and reports it)
//	lignes_vides     empty lines after the rows (Excel leaves one)
//	lignes_remplacees rows that a newer file of the sample replaces: an early export of a class's
//	                 certification results (all its rows), an ENT export's months that a later
//	                 export covers again. Ingest counts them as replaced, or, when it meets both
//	                 files in one run, leaves them out as already present in a newer export.
//	octets, sha256   of the file's bytes
//	uai_par          how ingest can tell the school (raw_fichiers.uai_source):
//	                 colonne UAI | chemin du fichier | nom de l'organisation
//	pieges           rows planted on purpose, which ingest must reject:
//	                 rang (data row, 1 = first after the header; physical line = rang + 1),
//	                 colonne (header text), valeur (as written), motif (French)
type manifestFile struct {
	Path         string          `json:"chemin"`
	Kind         string          `json:"type_export"`
	UAI          string          `json:"uai"`
	Years        string          `json:"annee_scolaire"`
	Encoding     string          `json:"encodage"`
	LineEnd      string          `json:"fin_de_ligne"`
	FinalNewline bool            `json:"saut_final"`
	Rows         int             `json:"lignes"`
	TotalLine    bool            `json:"ligne_total"`
	BlankLines   int             `json:"lignes_vides"`
	Replaced     int             `json:"lignes_remplacees"`
	Bytes        int64           `json:"octets"`
	SHA256       string          `json:"sha256"`
	UAIFrom      string          `json:"uai_par"`
	Planted      []manifestPlant `json:"pieges"`
}

type manifestPlant struct {
	Row    int    `json:"rang"`
	Column string `json:"colonne"`
	Value  string `json:"valeur"`
	Reason string `json:"motif"`
}

type manifestHead struct {
	Generator  string `json:"generateur"`
	Scale      string `json:"echelle"`
	Seed       uint64 `json:"graine"`
	Years      int    `json:"annees"`
	AllClasses bool   `json:"toutes_classes"`
}

type manifestTotals struct {
	Schools int   `json:"etablissements"`
	Files   int   `json:"fichiers"`
	Rows    int64 `json:"lignes"`
	Bytes   int64 `json:"octets"`
	Planted int   `json:"lignes_piegees"`
}

type manifestWriter struct {
	bw *bufio.Writer
	n  int
}

func newManifestWriter(w io.Writer, o Options) *manifestWriter {
	mw := &manifestWriter{bw: bufio.NewWriterSize(w, 1<<16)}
	head, _ := json.Marshal(manifestHead{"filmnum sample", o.Scale, o.Seed, o.Years, o.AllClasses})
	// The head's fields, then the list of files, one per line.
	mw.bw.Write(head[:len(head)-1])
	mw.bw.WriteString(",\n\"fichiers\": [\n")
	return mw
}

func (m *manifestWriter) write(f FileInfo) error {
	mf := manifestFile{f.Path, f.Kind, f.UAI, f.Years, f.Encoding, f.LineEnd, f.FinalNewline, f.Rows, f.TotalLine, f.BlankLines,
		f.Replaced, f.Bytes, f.SHA256, f.UAIFrom, []manifestPlant{}}
	for _, p := range f.Planted {
		mf.Planted = append(mf.Planted, manifestPlant(p))
	}
	b, err := json.Marshal(mf)
	if err != nil {
		return err
	}
	if m.n > 0 {
		m.bw.WriteString(",\n")
	}
	m.n++
	_, err = m.bw.Write(b)
	return err
}

func (m *manifestWriter) close(s *Summary) error {
	tot, _ := json.Marshal(manifestTotals{s.Schools, s.Files, s.Rows, s.Bytes, s.Planted})
	m.bw.WriteString("\n],\n\"totaux\": ")
	m.bw.Write(tot)
	m.bw.WriteString("}\n")
	return m.bw.Flush()
}

// ReadManifest reads a manifest written by Generate.
func ReadManifest(path string) ([]FileInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Files []manifestFile `json:"fichiers"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s : %w", path, err)
	}
	out := make([]FileInfo, len(doc.Files))
	for i, f := range doc.Files {
		out[i] = FileInfo{f.Path, f.Kind, f.UAI, f.Years, f.Encoding, f.LineEnd, f.FinalNewline, f.Rows, f.TotalLine, f.BlankLines,
			f.Replaced, f.Bytes, f.SHA256, f.UAIFrom, nil}
		for _, p := range f.Planted {
			out[i].Planted = append(out[i].Planted, Plant(p))
		}
	}
	return out, nil
}
