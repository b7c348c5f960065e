package samplegen

import (
	"os"
	"path/filepath"
	"sync"
)

// writerPool writes files from several goroutines; the first error is kept.
type writerPool struct {
	jobs chan ioJob
	wg   sync.WaitGroup
	mu   sync.Mutex
	dirs map[string]bool
	e    error
	once sync.Once
}

type ioJob struct {
	path string
	data []byte
}

func newWriterPool(n int) *writerPool {
	p := &writerPool{jobs: make(chan ioJob, 256), dirs: map[string]bool{}}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				if err := p.do(j); err != nil {
					p.fail(err)
				}
			}
		}()
	}
	return p
}

func (p *writerPool) do(j ioJob) error {
	dir := filepath.Dir(j.path)
	p.mu.Lock()
	known := p.dirs[dir]
	p.mu.Unlock()
	if !known {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		p.mu.Lock()
		p.dirs[dir] = true
		p.mu.Unlock()
	}
	err := os.WriteFile(j.path, j.data, 0o644)
	putBuf(j.data)
	return err
}

// Buffers of file contents are recycled: the national scale writes ≈ 5 GB,
// and garbage-collecting every file's copy costs more than writing it.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func getBuf() []byte { return (*bufPool.Get().(*[]byte))[:0] }

func putBuf(b []byte) {
	if cap(b) <= 4<<20 { // keep the pool made of ordinary files
		bufPool.Put(&b)
	}
}

func (p *writerPool) fail(err error) {
	p.mu.Lock()
	if p.e == nil {
		p.e = err
	}
	p.mu.Unlock()
}

func (p *writerPool) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.e
}

// write queues data for path (the pool owns data).
func (p *writerPool) write(path string, data []byte) { p.jobs <- ioJob{path, data} }

// close waits for every queued write and returns the first error.
func (p *writerPool) close() error {
	p.once.Do(func() {
		close(p.jobs)
		p.wg.Wait()
	})
	return p.err()
}
