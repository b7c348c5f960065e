//go:build linux && cgo

package duck

/*
#include <malloc.h>
*/
import "C"

import (
	"os"
	"strings"
)

// ReleaseMemory returns the C heap's free pages to the system (glibc's
// malloc_trim). DuckDB allocates with malloc outside its buffer pool too,
// and glibc keeps what is freed in its per-thread arenas: without it, the
// process keeps memory that no one uses any more after a batch.
func ReleaseMemory() { C.malloc_trim(0) }

// tuneAllocator keeps glibc from giving DuckDB's freed blocks back to the
// system between two statements only to fault them in again. By default
// glibc serves large allocations (from 128 KiB, the threshold rising to the
// largest freed) with a fresh mmap, unmapped on free, and trims a heap whose
// free top exceeds twice that threshold: every sort, hash table and buffer
// block of the transform then costs page faults, which this machine pays
// about 13 µs each. Allocations below 32 MiB now come from the arenas and are
// reused; ReleaseMemory still trims on demand (ingest, after each batch).
// National transform, 400MB, alternated A B A B: 3:10 and 3:04 by default
// against 2:32 and 2:47, peak RSS 842/836 MB against 846/898 MB, system time
// 87/71 s against 61/64 s (BENCHMARKS.md). GLIBC_TUNABLES naming a malloc
// setting wins, so the default can be measured again without rebuilding.
func tuneAllocator() {
	if strings.Contains(os.Getenv("GLIBC_TUNABLES"), "glibc.malloc.") {
		return
	}
	C.mallopt(C.M_MMAP_THRESHOLD, 32<<20)
	C.mallopt(C.M_TRIM_THRESHOLD, 1<<30)
}
