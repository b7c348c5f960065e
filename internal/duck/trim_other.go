//go:build !linux || !cgo

package duck

// ReleaseMemory is a no-op where glibc's malloc_trim is not available.
func ReleaseMemory() {}

// tuneAllocator is a no-op where glibc's mallopt is not available.
func tuneAllocator() {}
