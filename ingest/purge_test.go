package ingest

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// A purge removes the identities of a year, and the bytes leave the file.
func TestPurgeYearRemovesNamesFromFile(t *testing.T) {
	db := testDB(t)
	ingestFiles(t, db, Options{UAI: "0870015U"}, certifClasse, campagneOld)
	if err := db.Exec(context.Background(), "CHECKPOINT"); err != nil {
		t.Fatal(err)
	}
	file := func() []byte {
		b, err := os.ReadFile(db.Path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// "Brive-la-Gaillarde" is a birthplace (2025-2026), "Bernard" a 2018-2019 name.
	if !bytes.Contains(file(), []byte("Brive-la-Gaillarde")) {
		t.Fatal("le lieu de naissance devrait être dans le fichier avant la purge")
	}
	res, err := Purge(context.Background(), db, "2025-2026", false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Identities != 4 {
		t.Errorf("%d identités supprimées, 4 attendues", res.Identities)
	}
	b := file()
	for _, planted := range []string{"Brive-la-Gaillarde", "O’Brien", "Dupont"} {
		if bytes.Contains(b, []byte(planted)) {
			t.Errorf("%q est encore dans le fichier de la base après la purge", planted)
		}
	}
	if !bytes.Contains(b, []byte("Bernard")) {
		t.Error("la purge de 2025-2026 a supprimé une identité de 2018-2019")
	}
	// Pseudonymous results stay; the database stays usable.
	if n := count(t, db, "SELECT count(*) FROM raw_pix_certifications"); n != 4 {
		t.Errorf("%d certifications après la purge, 4 attendues", n)
	}
	one(t, ingestFiles(t, db, Options{UAI: "0870015U"}, certifSession))
	if n := count(t, db, "SELECT count(DISTINCT fichier_id) FROM raw_fichiers"); n != 3 {
		t.Errorf("%d fichiers après un nouveau chargement, 3 attendus", n)
	}
}

func TestPurgeAllDropsKeyAndRejectText(t *testing.T) {
	db := testDB(t)
	ingestFiles(t, db, Options{UAI: "0870015U"}, campagne)
	db.Exec(context.Background(), "INSERT INTO raw_rejets VALUES (1, 9, NULL, '\"Secret\";\"Nom\"', 'test')")
	res, err := Purge(context.Background(), db, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if !res.KeyDropped || res.Identities != 5 || res.Rejects != 1 {
		t.Errorf("%+v", res)
	}
	b, _ := os.ReadFile(db.Path)
	if bytes.Contains(b, []byte("Secret")) || bytes.Contains(b, []byte("Élise")) {
		t.Error("des données personnelles restent dans le fichier")
	}
	// A later ingest creates a new key: new pseudonyms cannot be linked to the old ones.
	if n := count(t, db, "SELECT count(*) FROM raw_cle"); n != 0 {
		t.Errorf("clé encore présente")
	}
}
