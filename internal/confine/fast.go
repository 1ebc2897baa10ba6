package confine

import (
	"io/fs"
	"os"
	"strings"
	"sync"
)

// The methods in this file are what a batch writer calls for every file:
// they look at or write one name with as few system calls as the
// platform allows (on Linux one openat, write, fstat and close per file
// written, one fstatat per file looked at; see fast_linux.go) and may be
// called concurrently on one Dir.

// Stat is what a writer needs to know of a directory entry without
// reading it: its mode (type and permissions), its size, and an identity
// that changes when the file is written or replaced (its file serial
// number, where the platform has one, and its modification time; and its
// status change time, which no one can set back, where the platform has
// one).
type Stat struct {
	Mode  fs.FileMode
	Size  int64
	Ino   uint64
	MTime int64 // nanoseconds since 1970
	// CTime is the status change time in nanoseconds since 1970, 0 where
	// unknown: where the platform has none, and in the Stat Replace
	// returns (the rename that puts the file in place changes it).
	CTime int64
}

// StatOf is the Stat of what fi describes.
func StatOf(fi fs.FileInfo) Stat { return statOf(fi) }

// single reports whether name is one entry of a directory: not empty,
// not "." or "..", without a separator or a NUL byte. Only such names
// take the descriptor-relative paths; anything else goes through os.Root.
func single(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\\\x00")
}

// Stat describes name without following a link. ok is false, with no
// error, when there is no such entry.
func (d *Dir) Stat(name string) (st Stat, ok bool, err error) {
	return d.stat(name)
}

// WriteNewStat writes data to name, which must not exist, and returns
// the new file's Stat.
func (d *Dir) WriteNewStat(name string, data []byte, perm fs.FileMode) (Stat, error) {
	return d.writeNew(name, data, perm)
}

// Replace writes data to name atomically: into a new temporary file in
// tmp (named by pattern, see CreateTemp; tmp must be on the same file
// system, typically d itself or its parent), renamed over name when
// complete. It returns the Stat of the file now at name (but for its
// CTime, see Stat). A symbolic link
// at name is replaced, never written through; callers that must refuse
// one look first (Stat). The temporary file is removed on failure.
func (d *Dir) Replace(name string, data []byte, perm fs.FileMode, tmp *Dir, pattern string) (Stat, error) {
	return d.replace(name, data, perm, tmp, pattern)
}

// RenameNew renames oldname to newname, which must not exist: it never
// replaces what is at newname (a directory, a file or a link made
// meanwhile), and then fails with an error that is fs.ErrExist, or a
// *LinkError for a link seen before the rename. On Linux it is one
// renameat2 with RENAME_NOREPLACE, where the file system has it; elsewhere
// a look at newname, then the rename.
func (d *Dir) RenameNew(oldname, newname string) error {
	return d.renameNew(oldname, newname)
}

// renameNewRoot is RenameNew through os.Root: a look at newname, then
// the rename (which a name made in between can still lose to).
func (d *Dir) renameNewRoot(oldname, newname string) error {
	fi, err := d.NoLink(newname)
	if err != nil {
		return err
	}
	if fi != nil {
		return &os.LinkError{Op: "rename", Old: d.Path(oldname), New: d.Path(newname), Err: fs.ErrExist}
	}
	r, err := d.r()
	if err != nil {
		return err
	}
	return d.located(r.Rename(oldname, newname))
}

// Same reports whether name is a regular file (not a link) holding
// exactly data, and returns its Stat when it is.
func (d *Dir) Same(name string, data []byte) (Stat, bool) {
	return d.same(name, data)
}

// compareBufs are read buffers for Same.
var compareBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}
