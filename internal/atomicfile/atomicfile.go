// Package atomicfile writes files so that a reader (or a crash, or Ctrl-C)
// never sees half of one: the content goes to a temporary file in the same
// folder, is synced, then renamed over the target.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write creates path with what fill writes. On any error the target is left
// untouched and the temporary file removed.
func Write(path string, fill func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("création de %s : %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err = fill(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("écriture de %s : %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("écriture de %s : %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("écriture de %s : %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("écriture de %s : %w", path, err)
	}
	return nil
}
