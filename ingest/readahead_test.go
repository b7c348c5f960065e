package ingest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Reading a batch on the second connection while the first loads the one
// before changes nothing: over the whole corpus in batches of four files
// (bad files, older exports after newer ones, batches retried in halves),
// the same reports and the same rows, pseudonyms included, as on one
// connection.
func TestReadAheadSameAsOneConnection(t *testing.T) {
	base, cases := loadCorpus(t, false)
	var paths []string
	for _, c := range append(base, cases...) {
		paths = append(paths, c.path)
	}
	ctx := context.Background()
	var key string
	run := func(one bool) ([]string, map[string][]string) {
		db := testDB(t)
		if err := EnsureSchema(ctx, db); err != nil {
			t.Fatal(err)
		}
		// One pseudonyms' key for both databases.
		if key == "" {
			key = query(t, db, "SELECT cle FROM raw_cle")[0]
		} else if err := db.Exec(ctx, "UPDATE raw_cle SET cle = ?", key); err != nil {
			t.Fatal(err)
		}
		twoConnections = !one
		defer func() { twoConnections = true }()
		sum := ingestFiles(t, db, Options{MaxBatchFiles: 4}, paths...)
		var reports []string
		for _, r := range sum.Files {
			reports = append(reports, fmt.Sprint(r.Path, r.Status, r.Kind, r.UAI, r.Year, r.Read, r.Loaded, r.Rejected,
				r.Notes, r.Replaced, r.Err))
		}
		return reports, snapshot(t, db, true, "")
	}
	readAhead := 0
	testHookReadAhead = func() { readAhead++ }
	defer func() { testHookReadAhead = nil }()
	oneReports, oneRows := run(true)
	if readAhead != 0 {
		t.Fatalf("%d lectures d'avance sur une seule connexion", readAhead)
	}
	twoReports, twoRows := run(false)
	// Every batch but the first is read ahead, save those split by staged
	// types or whose read failed.
	if readAhead < len(paths)/4/2 {
		t.Errorf("%d lectures d'avance pour %d fichiers en lots de 4", readAhead, len(paths))
	}
	if !reflect.DeepEqual(oneReports, twoReports) {
		t.Errorf("comptes rendus :\nune connexion\n%s\ndeux\n%s", strings.Join(oneReports, "\n"), strings.Join(twoReports, "\n"))
	}
	if d := diffSnapshots(oneRows, twoRows); d != "" {
		t.Errorf("une connexion et deux, les bases diffèrent :\n%s", d)
	}
}
