package ingest

import (
	"io"
	"os"
	"runtime"
	"sync"

	"golang.org/x/text/encoding/charmap"
)

// transcode writes a UTF-8 copy of a Windows-1252 file for DuckDB, whose own
// latin-1 reader refuses bytes 0x80–0x9F (’ œ € …). Windows-1252 is one byte
// per character, so chunks are decoded in parallel and written in order.
// With fixEOL, line ends are also rewritten as LF (see sniffed.FixEOL); a
// UTF-8 file (cp1252 false) is then copied with only that change.
func transcode(path, dir string, cp1252, fixEOL bool) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, "filmnum-utf8-*.csv")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		out.Close()
		if !ok {
			os.Remove(out.Name())
		}
	}()
	const chunk = 4 << 20
	workers := max(1, runtime.NumCPU())
	type job struct {
		src  []byte
		done chan []byte
	}
	jobs := make(chan *job, workers)
	results := make(chan *job, workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dec := charmap.Windows1252.NewDecoder()
			for j := range jobs {
				b := j.src
				if cp1252 {
					b, _ = dec.Bytes(j.src) // every byte decodes; undefined ones become U+FFFD
				}
				j.done <- b
			}
		}()
	}
	var readErr error
	st, err := in.Stat()
	if err != nil {
		return "", err
	}
	left := st.Size()
	go func() {
		defer close(jobs)
		defer close(results)
		for {
			// A small file gets a small buffer, not a 4 MB one.
			buf := make([]byte, max(1, min(int64(chunk), left)))
			n, err := io.ReadFull(in, buf)
			left -= int64(n)
			if n > 0 {
				j := &job{src: buf[:n], done: make(chan []byte, 1)}
				results <- j
				jobs <- j
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return
			}
			if err != nil {
				readErr = err
				return
			}
		}
	}()
	var writeErr error
	prevCR := false
	for j := range results {
		b := <-j.done
		if fixEOL {
			b, prevCR = normalizeEOL(b, prevCR)
		}
		if writeErr == nil {
			_, writeErr = out.Write(b)
		}
	}
	wg.Wait()
	if readErr != nil {
		return "", readErr
	}
	if writeErr != nil {
		return "", writeErr
	}
	if err := out.Close(); err != nil {
		return "", err
	}
	ok = true
	return out.Name(), nil
}

// recoded is b as transcode writes it: Windows-1252 decoded when cp1252,
// line ends rewritten as LF when fixEOL.
func recoded(b []byte, cp1252, fixEOL bool) []byte {
	if cp1252 {
		b, _ = charmap.Windows1252.NewDecoder().Bytes(b) // every byte decodes
	}
	if fixEOL {
		b, _ = normalizeEOL(b, false)
	}
	return b
}
