package main

import (
	"context"

	"github.com/spf13/pflag"

	"filmnum/internal/duck"
)

// dbFlags are the database options every command that reads or writes the
// database shares.
type dbFlags struct {
	path    string
	threads int
	memory  string
}

func addDBFlags(fs *pflag.FlagSet) *dbFlags {
	f := &dbFlags{}
	fs.StringVar(&f.path, "db", duck.DefaultPath, "base DuckDB (`FICHIER`) ; créée si besoin")
	fs.IntVar(&f.threads, "threads", 0, "nombre de fils de calcul DuckDB (0 : tous les cœurs)")
	fs.StringVar(&f.memory, "memoire", duck.DefaultMemoryLimit, "mémoire maximale de DuckDB (ex. 700MB, 2GB)")
	return f
}

func (f *dbFlags) open(ctx context.Context, readOnly, preserveOrder bool) (*duck.DB, error) {
	return duck.Open(ctx, f.path, duck.Options{Threads: f.threads, MemoryLimit: f.memory, ReadOnly: readOnly, PreserveOrder: preserveOrder})
}
