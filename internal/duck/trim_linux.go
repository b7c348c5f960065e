//go:build linux && cgo

package duck

/*
#include <malloc.h>
*/
import "C"

// ReleaseMemory returns the C heap's free pages to the system (glibc's
// malloc_trim). DuckDB allocates with malloc outside its buffer pool too,
// and glibc keeps what is freed in its per-thread arenas: without it, the
// process keeps memory that no one uses any more after a batch.
func ReleaseMemory() { C.malloc_trim(0) }
