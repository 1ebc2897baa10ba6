//go:build !linux

package confine

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
)

// fastDir holds nothing where Dir works through os.Root alone.
type fastDir struct{}

func (f *fastDir) open(*os.Root) error       { return nil }
func (f *fastDir) close() error              { return nil }
func (f *fastDir) same(fs.FileInfo) bool     { return true }
func (d *Dir) Sub(name string) (*Dir, error) { return d.subRoot(name) }

func statOf(fi fs.FileInfo) Stat {
	return Stat{Mode: fi.Mode(), Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
}

func (d *Dir) stat(name string) (Stat, bool, error) {
	fi, err := d.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return Stat{}, false, nil
	}
	if err != nil {
		return Stat{}, false, err
	}
	return statOf(fi), true, nil
}

func (d *Dir) writeNew(name string, data []byte, perm fs.FileMode) (Stat, error) {
	return d.writeNewRoot(name, data, perm)
}

func (d *Dir) replace(name string, data []byte, perm fs.FileMode, _ *Dir, pattern string) (Stat, error) {
	fi, err := d.replaceRoot(name, data, perm, pattern)
	if err != nil {
		return Stat{}, err
	}
	return statOf(fi), nil
}

func (d *Dir) renameNew(oldname, newname string) error {
	return d.renameNewRoot(oldname, newname)
}

func (d *Dir) same(name string, data []byte) (Stat, bool) {
	fi, err := d.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return Stat{}, false
	}
	old, err := d.ReadFile(name)
	if err != nil || !bytes.Equal(old, data) {
		return Stat{}, false
	}
	return statOf(fi), true
}
