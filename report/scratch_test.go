package report

import (
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	p := fixturePath(t)
	r := build(t, p, Etablissement, Options{UAI: "0870001D", InlineAssets: true, Nominatif: true})
	os.WriteFile("/tmp/etab.html", renderHTML(t, r), 0o644)
	r = build(t, p, Etablissement, Options{UAI: "0870010N", InlineAssets: true})
	os.WriteFile("/tmp/etab2.html", renderHTML(t, r), 0o644)
	r = build(t, p, Departement, Options{Departement: "87", InlineAssets: true})
	os.WriteFile("/tmp/dep.html", renderHTML(t, r), 0o644)
	r = build(t, p, Pix, Options{InlineAssets: true})
	os.WriteFile("/tmp/pix.html", renderHTML(t, r), 0o644)
}
