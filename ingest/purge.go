package ingest

import (
	"context"
	"fmt"
	"os"

	"filmnum/internal/duck"
)

// PurgeResult counts what a purge removed.
type PurgeResult struct {
	Identities int64 // rows of raw_identites
	Rejects    int64 // rejected rows whose raw text (which may hold names) was erased
	KeyDropped bool  // the pseudonym key was destroyed (--tout)
}

// Purge deletes personal data: the identities of one school year (year
// "2025-2026"), or, with all, every identity, the raw text of every reject
// and the pseudonym key (pseudonyms left in the tables can then no longer be
// linked to anyone). The database file is then rewritten so that the bytes
// leave the disk, not only the catalogue.
func Purge(ctx context.Context, db *duck.DB, year string, all bool) (PurgeResult, error) {
	var res PurgeResult
	if err := EnsureSchema(ctx, db); err != nil {
		return res, err
	}
	if err := db.Exec(ctx, "BEGIN TRANSACTION"); err != nil {
		return res, err
	}
	ok := false
	defer func() {
		if !ok {
			db.Conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	where, args := "annee_scolaire = ?", []any{year}
	if all {
		where, args = "true", nil
	}
	if err := db.Conn.QueryRowContext(ctx, "SELECT count(*) FROM raw_identites WHERE "+where, args...).Scan(&res.Identities); err != nil {
		return res, err
	}
	if err := db.Exec(ctx, "DELETE FROM raw_identites WHERE "+where, args...); err != nil {
		return res, err
	}
	// A rejected row keeps its raw text, which may hold a pupil's name:
	// erase it for the files of that year.
	rw, rargs := `fichier_id IN (SELECT fichier_id FROM raw_fichiers WHERE list_contains(string_split(annee_scolaire, ','), ?))`, []any{year}
	if all {
		rw, rargs = "true", nil
	}
	if err := db.Conn.QueryRowContext(ctx, "SELECT count(*) FROM raw_rejets WHERE valeur IS NOT NULL AND "+rw, rargs...).Scan(&res.Rejects); err != nil {
		return res, err
	}
	if err := db.Exec(ctx, "UPDATE raw_rejets SET valeur = NULL WHERE valeur IS NOT NULL AND "+rw, rargs...); err != nil {
		return res, err
	}
	if all {
		if err := db.Exec(ctx, "DELETE FROM raw_cle"); err != nil {
			return res, err
		}
		res.KeyDropped = true
	}
	if err := db.Exec(ctx, "COMMIT"); err != nil {
		return res, err
	}
	ok = true
	return res, Compact(ctx, db)
}

// Compact rewrites the database into a fresh file and swaps it in: deleted
// rows can otherwise survive in free blocks of the file until reused.
func Compact(ctx context.Context, db *duck.DB) error {
	tmp := db.Path + ".compact"
	os.Remove(tmp)
	os.Remove(tmp + ".wal")
	if err := db.Exec(ctx, "CHECKPOINT"); err != nil {
		return err
	}
	steps := []string{
		"ATTACH " + duck.QuoteString(tmp) + " AS _compact",
		"COPY FROM DATABASE " + duck.QuoteIdent(dbAlias(ctx, db)) + " TO _compact",
		"CHECKPOINT _compact",
		"DETACH _compact",
	}
	for _, s := range steps {
		if err := db.Exec(ctx, s); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("réécriture de la base : %w", err)
		}
	}
	return db.Swap(ctx, tmp)
}

func dbAlias(ctx context.Context, db *duck.DB) string {
	var name string
	if err := db.Conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		return "main"
	}
	return name
}
