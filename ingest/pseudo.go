package ingest

import (
	"crypto/rand"
	"encoding/hex"
)

// randomKey creates the secret of the keyed hash that turns names into
// pseudonyms. It is stored in the database (raw_cle) and nowhere else: the
// same pupil gets the same pseudonym across exports of one database, and a
// pseudonym cannot be recomputed from a name without the database.
func randomKey() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
