package main

import (
	"context"
	"strconv"

	"github.com/spf13/pflag"

	"filmnum/internal/duck"
)

// dbFlags are the database options every command that reads or writes the
// database shares; memory is the command's default --memoire.
type dbFlags struct {
	path    string
	threads int
	memory  string
}

func addDBFlags(fs *pflag.FlagSet) *dbFlags {
	return addDBFlagsMemory(fs, duck.DefaultMemoryLimit)
}

func addDBFlagsMemory(fs *pflag.FlagSet, memory string) *dbFlags {
	f := &dbFlags{}
	fs.StringVar(&f.path, "db", duck.DefaultPath, "base DuckDB (`FICHIER`) ; créée si besoin")
	fs.IntVar(&f.threads, "threads", 0, "nombre de fils de calcul DuckDB (`N` ; 0 : tous les cœurs)")
	fs.StringVar(&f.memory, "memoire", memory, "mémoire maximale de DuckDB (`TAILLE`, ex. 700MB, 2GB)")
	return f
}

// open opens the database with the flags' threads and memory, the rest of
// the options as the command needs them.
func (f *dbFlags) open(ctx context.Context, opt duck.Options) (*duck.DB, error) {
	opt.Threads, opt.MemoryLimit = f.threads, f.memory
	return duck.Open(ctx, f.path, opt)
}

// groupDigits writes 1234567 as "1 234 567", the French way.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b []byte
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b = append(b, ' ')
		}
		b = append(b, s[i])
	}
	return string(b)
}
