// Package confine writes files inside one directory and never through a
// symbolic link. An output tree can be checked in, and a commit can plant
// a link in it (out/<id> pointing at any other directory, a draft's name
// pointing at any other file); a writer that followed it would write
// wherever the link points.
//
// A Dir is an os.Root, so no name can resolve outside the directory, even
// through a link swapped in while it is used. On top of that, every name a
// Dir writes, replaces, removes or descends into is looked at first
// (without following it), and a symbolic link there is refused with a
// *LinkError naming it: noticegen does not write through links even when
// they point inside the directory. The directory itself may be a link:
// its path is what the user named.
package confine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LinkError reports a symbolic link where a file or directory was to be
// written.
type LinkError struct {
	Path   string // the link, as the user sees it (the directory's path joined with the name)
	Target string // where it points; "" when it cannot be read
}

func (e *LinkError) Error() string {
	if e.Target == "" {
		return fmt.Sprintf("%s: is a symbolic link; refusing to write through it", e.Path)
	}
	return fmt.Sprintf("%s: is a symbolic link to %s; refusing to write through it", e.Path, e.Target)
}

// Dir is an open directory that writes are confined to. Names given to its
// methods are relative to it; the writers use single names (no "/").
//
// A Dir is used by one goroutine at a time, except for the methods of
// fast.go (Stat, WriteNewStat, Replace, Same, Sub), which may be called
// concurrently.
type Dir struct {
	// root is nil in a Dir made by Sub until a method needs it (on
	// platforms where Sub opens a descriptor only; see fast_linux.go).
	root *os.Root
	path string
	fast fastDir // the directory's own descriptor, where the platform has one
	// parent and name: where a Sub's root is opened from when needed.
	parent *Dir
	name   string
}

// Open opens the directory at path.
func Open(path string) (*Dir, error) {
	r, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	d := &Dir{root: r, path: path}
	if err := d.fast.open(r); err != nil {
		r.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the directory.
func (d *Dir) Close() error {
	err := d.fast.close()
	if d.root != nil {
		if rerr := d.root.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// r returns the directory's os.Root, opening it if this Dir was made by a
// Sub that has not needed it yet. What is opened must be the directory
// the Dir holds: a name replaced by a link meanwhile is refused.
func (d *Dir) r() (*os.Root, error) {
	if d.root != nil {
		return d.root, nil
	}
	pr, err := d.parent.r()
	if err != nil {
		return nil, err
	}
	r, err := pr.OpenRoot(d.name)
	if err != nil {
		return nil, d.parent.located(err)
	}
	if st, err := r.Stat("."); err != nil || !d.fast.same(st) {
		r.Close()
		if err == nil {
			err = d.parent.linkError(d.name)
		}
		return nil, d.parent.located(err)
	}
	d.root = r
	return r, nil
}

// Name returns the directory's path as given to Open (or joined by Sub).
func (d *Dir) Name() string { return d.path }

// Path returns name joined to the directory's path, for messages.
func (d *Dir) Path(name string) string {
	if name == "" || name == "." {
		return d.path
	}
	return filepath.Join(d.path, name)
}

// located rewrites the names in an error from the root (relative to it) as
// paths the user knows.
func (d *Dir) located(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return &fs.PathError{Op: op(pe.Op), Path: d.Path(pe.Path), Err: pe.Err}
	case errors.As(err, &le):
		return &os.LinkError{Op: op(le.Op), Old: d.Path(le.Old), New: d.Path(le.New), Err: le.Err}
	}
	return err
}

// op names an operation as the os functions without a root do
// ("openat" → "open"), so messages read as they always have.
func op(s string) string {
	switch s {
	case "openat", "mkdirat", "removeat", "renameat", "linkat", "readlinkat", "statat", "fstatat", "lstatat", "chmodat":
		return strings.TrimSuffix(s, "at")
	}
	return s
}

func (d *Dir) linkError(name string) *LinkError {
	var target string
	if r, err := d.r(); err == nil {
		target, _ = r.Readlink(name)
	}
	return &LinkError{Path: d.Path(name), Target: target}
}

// Lstat describes name without following a link.
func (d *Dir) Lstat(name string) (fs.FileInfo, error) {
	r, err := d.r()
	if err != nil {
		return nil, err
	}
	fi, err := r.Lstat(name)
	return fi, d.located(err)
}

// NoLink returns a *LinkError if name is a symbolic link. A name that
// does not exist is no error; fi is then nil.
func (d *Dir) NoLink(name string) (fi fs.FileInfo, err error) {
	r, err := d.r()
	if err != nil {
		return nil, err
	}
	fi, err = r.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, d.located(err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, d.linkError(name)
	}
	return fi, nil
}

// subRoot is Sub through os.Root: it opens the directory name inside d
// as a root of its own, refusing a symbolic link and anything that is
// not a directory.
func (d *Dir) subRoot(name string) (*Dir, error) {
	dr, err := d.r()
	if err != nil {
		return nil, err
	}
	fi, err := dr.Lstat(name)
	if err != nil {
		return nil, d.located(err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, d.linkError(name)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: exists and is not a directory", d.Path(name))
	}
	r, err := dr.OpenRoot(name)
	if err != nil {
		return nil, d.located(err)
	}
	// The name may have been replaced (by a link) between the look and
	// the open: what was opened must be what was looked at.
	if st, err := r.Stat("."); err != nil || !os.SameFile(fi, st) {
		r.Close()
		if err == nil {
			err = d.linkError(name)
		}
		return nil, d.located(err)
	}
	sub := &Dir{root: r, path: d.Path(name), parent: d, name: name}
	if err := sub.fast.open(r); err != nil {
		r.Close()
		return nil, err
	}
	return sub, nil
}

// OpenFile opens name with flag and perm (as os.OpenFile), refusing a
// symbolic link, also one that appears while it is opened.
func (d *Dir) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if _, err := d.NoLink(name); err != nil {
		return nil, err
	}
	r, err := d.r()
	if err != nil {
		return nil, err
	}
	f, err := r.OpenFile(name, flag, perm)
	if err != nil {
		return nil, d.located(err)
	}
	st, err := f.Stat()
	if err == nil {
		var now fs.FileInfo
		if now, err = r.Lstat(name); err == nil && !os.SameFile(st, now) {
			err = d.linkError(name)
		}
	}
	if err != nil {
		f.Close()
		return nil, d.located(err)
	}
	return f, nil
}

// ReadFile reads name, refusing a symbolic link.
func (d *Dir) ReadFile(name string) ([]byte, error) {
	f, err := d.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", d.Path(name))
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, d.located(err)
	}
	return b, nil
}

// CreateTemp creates a new file for writing (and reading back), named by
// pattern with its last "*" replaced by a random number. It never opens an
// existing file (O_EXCL), so never one a link names.
func (d *Dir) CreateTemp(pattern string, perm fs.FileMode) (*os.File, string, error) {
	r, err := d.r()
	if err != nil {
		return nil, "", err
	}
	prefix, suffix := pattern, ""
	if i := strings.LastIndex(pattern, "*"); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	for try := 0; ; try++ {
		name := prefix + strconv.FormatUint(uint64(rand.Uint32()), 10) + suffix
		f, err := r.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && try < 10000 {
			continue
		}
		if err != nil {
			return nil, "", d.located(err)
		}
		return f, name, nil
	}
}

// MkdirTemp creates a new directory named by pattern (see CreateTemp)
// and returns its name.
func (d *Dir) MkdirTemp(pattern string, perm fs.FileMode) (string, error) {
	r, err := d.r()
	if err != nil {
		return "", err
	}
	prefix, suffix := pattern, ""
	if i := strings.LastIndex(pattern, "*"); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	for try := 0; ; try++ {
		name := prefix + strconv.FormatUint(uint64(rand.Uint32()), 10) + suffix
		err := r.Mkdir(name, perm)
		if errors.Is(err, fs.ErrExist) && try < 10000 {
			continue
		}
		if err != nil {
			return "", d.located(err)
		}
		return name, nil
	}
}

// WriteNew writes data to name, which must not exist.
func (d *Dir) WriteNew(name string, data []byte, perm fs.FileMode) error {
	_, err := d.WriteNewStat(name, data, perm)
	return err
}

// writeNewRoot is WriteNewStat through os.Root.
func (d *Dir) writeNewRoot(name string, data []byte, perm fs.FileMode) (Stat, error) {
	r, err := d.r()
	if err != nil {
		return Stat{}, err
	}
	f, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return Stat{}, d.located(err)
	}
	_, err = f.Write(data)
	var st Stat
	if err == nil {
		var fi fs.FileInfo
		if fi, err = f.Stat(); err == nil {
			st = statOf(fi)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return st, d.located(err)
}

// WriteFile writes data to name atomically: into a new temporary file
// named by pattern (see CreateTemp), renamed over name when complete. A
// symbolic link at name is refused; the temporary file is removed on
// failure.
func (d *Dir) WriteFile(name string, data []byte, perm fs.FileMode, pattern string) error {
	if _, err := d.NoLink(name); err != nil {
		return err
	}
	_, err := d.replaceRoot(name, data, perm, pattern)
	return err
}

// replaceRoot is WriteFile through os.Root alone, without the check for a
// link: it returns what the new file is (statted before the rename).
func (d *Dir) replaceRoot(name string, data []byte, perm fs.FileMode, pattern string) (fs.FileInfo, error) {
	f, tmp, err := d.CreateTemp(pattern, perm)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(data)
	var fi fs.FileInfo
	if err == nil {
		fi, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = d.Rename(tmp, name)
	}
	if err != nil {
		if r, rerr := d.r(); rerr == nil {
			r.Remove(tmp)
		}
		return nil, d.located(err)
	}
	return fi, nil
}

// Rename renames oldname to newname, refusing a symbolic link at
// newname. (A rename replaces a link rather than writing through it; it
// is refused all the same, as a link where noticegen writes was planted.)
func (d *Dir) Rename(oldname, newname string) error {
	r, err := d.r()
	if err != nil {
		return err
	}
	if _, err := d.NoLink(newname); err != nil {
		return err
	}
	return d.located(r.Rename(oldname, newname))
}

// Link makes newname a hard link to oldname; it fails if newname exists
// (a symbolic link included, which is reported as a *LinkError).
func (d *Dir) Link(oldname, newname string) error {
	r, err := d.r()
	if err != nil {
		return err
	}
	if _, err := d.NoLink(newname); err != nil {
		return err
	}
	return d.located(r.Link(oldname, newname))
}

// Mkdir creates the directory name.
func (d *Dir) Mkdir(name string, perm fs.FileMode) error {
	r, err := d.r()
	if err != nil {
		return err
	}
	return d.located(r.Mkdir(name, perm))
}

// Remove removes the file or empty directory name, refusing a symbolic
// link (noticegen did not write it). A name that does not exist is no
// error; removed says whether something was removed.
func (d *Dir) Remove(name string) (removed bool, err error) {
	fi, err := d.NoLink(name)
	if err != nil || fi == nil {
		return false, err
	}
	r, err := d.r()
	if err != nil {
		return false, err
	}
	if err := r.Remove(name); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, d.located(err)
	}
	return true, nil
}

// RemoveAll removes name and, if it is a directory, everything below it,
// without following any link: a link is removed itself, never what it
// points at.
func (d *Dir) RemoveAll(name string) error {
	r, err := d.r()
	if err != nil {
		return err
	}
	return d.located(r.RemoveAll(name))
}

// ReadDir lists the directory's entries (their types as links, not what
// links point at).
func (d *Dir) ReadDir() ([]fs.DirEntry, error) {
	f, err := d.openSelf()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	es, err := f.ReadDir(-1)
	return es, d.located(err)
}

// Sync flushes the directory itself (a rename in it) to disk.
func (d *Dir) Sync() error {
	f, err := d.openSelf()
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Names lists the names in the directory, unsorted, without looking at
// the entries themselves (no stat per entry, which ReadDir of a root does).
func (d *Dir) Names() ([]string, error) {
	f, err := d.openSelf()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	return names, d.located(err)
}

// openSelf opens the directory itself, for listing or syncing it.
func (d *Dir) openSelf() (*os.File, error) {
	r, err := d.r()
	if err != nil {
		return nil, err
	}
	f, err := r.Open(".")
	if err != nil {
		return nil, d.located(err)
	}
	return f, nil
}
