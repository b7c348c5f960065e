// Package sampledata embeds the small academy sample committed as
// sample-data/academie.zip: the exports `filmnum sample --scale academie
// --seed 1` writes for the schools of seeds/, in their real bytes (file names
// keep Pix's campaign names, which go:embed cannot hold as files, hence the
// archive). `filmnum demo` runs the whole pipeline on it with zero set-up.
package sampledata

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"io/fs"
)

//go:embed academie.zip
var archive []byte

// Name is the archive inside the repository.
const Name = "sample-data/academie.zip"

// FS returns the sample: one folder per school and manifest.json, the
// generator's account of what it wrote.
func FS() fs.FS {
	r, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		panic(err) // the archive is embedded at build time and tested
	}
	return r
}
