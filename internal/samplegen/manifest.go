package samplegen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// The manifest (OUT/manifest.csv): UTF-8 without BOM, ';', LF, one line per
// file written, in generation order (school by school, then year, then
// source). Columns:
//
//	chemin           path relative to OUT, '/'-separated
//	type_export      kind (raw_fichiers.type_export): pix_campagne, pix_profils, pix_certif_classe,
//	                 pix_certif_session, pix_attestations_6e, ent_stats, gar_affectations,
//	                 gar_usage, educonnect, formations
//	uai              the school the file is about
//	annee_scolaire   school years of its rows, ','-joined
//	encodage         UTF-8 | UTF-8 (BOM) | Windows-1252
//	fin_de_ligne     LF | CRLF
//	saut_final       oui | non: a line end after the last line
//	lignes           data rows (header excluded, trailing lines to skip excluded, planted rows included)
//	lignes_a_ignorer trailing lines ingest must skip and report (a Total line, an empty line)
//	octets           file size
//	sha256           of the file's bytes
//	uai_par          how ingest can tell the school: colonne | chemin | nom de l'organisation
//	lignes_piegees   rows planted on purpose, which ingest must reject
//	rangs_pieges     their data row numbers (1 = first row after the header), space-separated
//	pieges           what is wrong with each, in French, ' | '-separated
var manifestHeader = []string{"chemin", "type_export", "uai", "annee_scolaire", "encodage", "fin_de_ligne",
	"saut_final", "lignes", "lignes_a_ignorer", "octets", "sha256", "uai_par", "lignes_piegees", "rangs_pieges", "pieges"}

type manifestWriter struct {
	bw *bufio.Writer
	cw *csv.Writer
}

func newManifestWriter(w io.Writer) *manifestWriter {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	mw := &manifestWriter{bw: bw, cw: cw}
	cw.Write(manifestHeader)
	return mw
}

func (m *manifestWriter) write(f FileInfo) error {
	var rows, why []string
	for _, p := range f.Planted {
		rows = append(rows, strconv.Itoa(p.Row))
		why = append(why, fmt.Sprintf("rang %d, colonne « %s » : « %s », %s", p.Row, p.Column, p.Value, p.Reason))
	}
	return m.cw.Write([]string{f.Path, f.Kind, f.UAI, f.Years, f.Encoding, f.LineEnd, ouiNon(f.FinalNewline),
		strconv.Itoa(f.Rows), strconv.Itoa(f.Ignored), strconv.FormatInt(f.Bytes, 10), f.SHA256, f.UAIFrom,
		strconv.Itoa(len(f.Planted)), strings.Join(rows, " "), strings.Join(why, " | ")})
}

func (m *manifestWriter) flush() error {
	m.cw.Flush()
	if err := m.cw.Error(); err != nil {
		return err
	}
	return m.bw.Flush()
}

func ouiNon(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

var plantRe = regexp.MustCompile(`^rang \d+, colonne « (.*) » : « (.*) », (.*)$`)

// ReadManifest reads a manifest written by Generate.
func ReadManifest(path string) ([]FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.Comma = ';'
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s : %w", path, err)
	}
	if strings.Join(head, ";") != strings.Join(manifestHeader, ";") {
		return nil, fmt.Errorf("%s : en-tête inattendu", path)
	}
	var out []FileInfo
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s : %w", path, err)
		}
		fi := FileInfo{Path: rec[0], Kind: rec[1], UAI: rec[2], Years: rec[3], Encoding: rec[4], LineEnd: rec[5],
			FinalNewline: rec[6] == "oui", SHA256: rec[10], UAIFrom: rec[11]}
		if fi.Rows, err = strconv.Atoi(rec[7]); err != nil {
			return nil, fmt.Errorf("%s : lignes « %s »", path, rec[7])
		}
		if fi.Ignored, err = strconv.Atoi(rec[8]); err != nil {
			return nil, fmt.Errorf("%s : lignes_a_ignorer « %s »", path, rec[8])
		}
		if fi.Bytes, err = strconv.ParseInt(rec[9], 10, 64); err != nil {
			return nil, fmt.Errorf("%s : octets « %s »", path, rec[9])
		}
		why := strings.Split(rec[14], " | ")
		for i, s := range strings.Fields(rec[13]) {
			n, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("%s : rangs_pieges « %s »", path, rec[13])
			}
			p := Plant{Row: n}
			if i < len(why) {
				if m := plantRe.FindStringSubmatch(why[i]); m != nil {
					p.Column, p.Value, p.Reason = m[1], m[2], m[3]
				} else {
					p.Reason = why[i]
				}
			}
			fi.Planted = append(fi.Planted, p)
		}
		out = append(out, fi)
	}
	return out, nil
}
