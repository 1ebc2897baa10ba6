package confine

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// fastDir is the directory's own descriptor: the fast methods call the
// *at system calls on it directly, without an os.File per file (whose
// creation costs four fcntl calls and an epoll_ctl on Linux) and without
// os.Root's walk. They only ever take a single name (see single): with
// O_NOFOLLOW or AT_SYMLINK_NOFOLLOW on its one component, nothing can
// resolve outside the directory or through a link.
type fastDir struct {
	fd   int
	ok   bool
	file *os.File // holds fd open when it came from an os.File
}

// open takes the descriptor of the directory r is (not of its path,
// which may have been replaced meanwhile).
func (f *fastDir) open(r *os.Root) error {
	file, err := r.Open(".")
	if err != nil {
		return err
	}
	f.fd, f.ok, f.file = int(file.Fd()), true, file
	return nil
}

func (f *fastDir) close() error {
	if !f.ok {
		return nil
	}
	f.ok = false
	if f.file != nil {
		return f.file.Close()
	}
	return unix.Close(f.fd)
}

// same reports whether fi is the directory the descriptor holds.
func (f *fastDir) same(fi fs.FileInfo) bool {
	if !f.ok {
		return true
	}
	var st unix.Stat_t
	sys, ok := fi.Sys().(*syscall.Stat_t)
	return ok && unix.Fstat(f.fd, &st) == nil && uint64(st.Dev) == uint64(sys.Dev) && uint64(st.Ino) == uint64(sys.Ino)
}

// Sub opens the directory name inside d, refusing a symbolic link and
// anything that is not a directory. A name that does not exist gives an
// error that is fs.ErrNotExist. It is one openat (O_DIRECTORY,
// O_NOFOLLOW); the os.Root the other methods use is opened when one of
// them is first called. When the openat fails, the slower way through
// os.Root says why, as it always has.
func (d *Dir) Sub(name string) (*Dir, error) {
	if !d.fast.ok || !single(name) {
		return d.subRoot(name)
	}
	fd, err := unix.Openat(d.fast.fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return d.subRoot(name)
	}
	return &Dir{path: d.Path(name), fast: fastDir{fd: fd, ok: true}, parent: d, name: name}, nil
}

func statOf(fi fs.FileInfo) Stat {
	st := Stat{Mode: fi.Mode(), Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.Ino = uint64(sys.Ino)
		st.CTime = int64(sys.Ctim.Sec)*1e9 + int64(sys.Ctim.Nsec)
	}
	return st
}

func statOfUnix(s *unix.Stat_t) Stat {
	return Stat{Mode: modeOf(uint32(s.Mode)), Size: int64(s.Size), Ino: uint64(s.Ino),
		MTime: int64(s.Mtim.Sec)*1e9 + int64(s.Mtim.Nsec), CTime: int64(s.Ctim.Sec)*1e9 + int64(s.Ctim.Nsec)}
}

// modeOf is the fs.FileMode of a stat mode, as os.Lstat gives it.
func modeOf(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

func (d *Dir) stat(name string) (Stat, bool, error) {
	if !d.fast.ok || !single(name) {
		fi, err := d.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			return Stat{}, false, nil
		}
		if err != nil {
			return Stat{}, false, err
		}
		return statOf(fi), true, nil
	}
	var st unix.Stat_t
	err := ignoringEINTR(func() error { return unix.Fstatat(d.fast.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) })
	if err == unix.ENOENT {
		return Stat{}, false, nil
	}
	if err != nil {
		return Stat{}, false, &fs.PathError{Op: "lstat", Path: d.Path(name), Err: err}
	}
	return statOfUnix(&st), true, nil
}

// create opens a new file name in d for writing (never an existing one,
// so never one a link names).
func (d *Dir) create(name string, perm fs.FileMode) (int, error) {
	var fd int
	err := ignoringEINTR(func() (err error) {
		fd, err = unix.Openat(d.fast.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, uint32(perm.Perm()))
		return err
	})
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: d.Path(name), Err: err}
	}
	return fd, nil
}

// writeAll writes data to fd and returns the file's Stat, then closes it.
func (d *Dir) writeAll(fd int, name string, data []byte) (Stat, error) {
	var err error
	for rest := data; len(rest) > 0 && err == nil; {
		var n int
		n, err = unix.Write(fd, rest)
		if err == unix.EINTR {
			err = nil
		}
		if n > 0 {
			rest = rest[n:]
		}
	}
	var st unix.Stat_t
	if err == nil {
		err = unix.Fstat(fd, &st)
	}
	if cerr := unix.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return Stat{}, &fs.PathError{Op: "write", Path: d.Path(name), Err: err}
	}
	return statOfUnix(&st), nil
}

func (d *Dir) writeNew(name string, data []byte, perm fs.FileMode) (Stat, error) {
	if !d.fast.ok || !single(name) {
		return d.writeNewRoot(name, data, perm)
	}
	fd, err := d.create(name, perm)
	if err != nil {
		return Stat{}, err
	}
	return d.writeAll(fd, name, data)
}

func (d *Dir) replace(name string, data []byte, perm fs.FileMode, tmp *Dir, pattern string) (Stat, error) {
	if tmp == nil || !tmp.fast.ok {
		tmp = d
	}
	if !d.fast.ok || !single(name) || !single(strings.ReplaceAll(pattern, "*", "0")) {
		if err := d.WriteFile(name, data, perm, pattern); err != nil {
			return Stat{}, err
		}
		st, _, err := d.stat(name)
		return st, err
	}
	prefix, suffix := pattern, ""
	if i := strings.LastIndex(pattern, "*"); i >= 0 {
		prefix, suffix = pattern[:i], pattern[i+1:]
	}
	for try := 0; ; try++ {
		t := prefix + strconv.FormatUint(uint64(rand.Uint32()), 10) + suffix
		fd, err := tmp.create(t, perm)
		if errors.Is(err, fs.ErrExist) && try < 10000 {
			continue
		}
		if err != nil {
			return Stat{}, err
		}
		st, err := tmp.writeAll(fd, t, data)
		if err == nil {
			err = ignoringEINTR(func() error { return unix.Renameat(tmp.fast.fd, t, d.fast.fd, name) })
			if err == unix.EXDEV && tmp != d {
				// Another file system (a mount inside the output
				// directory): write the temporary file beside name.
				unix.Unlinkat(tmp.fast.fd, t, 0)
				return d.replace(name, data, perm, d, pattern)
			}
			if err != nil {
				err = &os.LinkError{Op: "rename", Old: tmp.Path(t), New: d.Path(name), Err: err}
			}
		}
		if err != nil {
			unix.Unlinkat(tmp.fast.fd, t, 0)
			return Stat{}, err
		}
		st.CTime = 0 // the rename changed it
		return st, nil
	}
}

func (d *Dir) renameNew(oldname, newname string) error {
	if !d.fast.ok || !single(oldname) || !single(newname) {
		return d.renameNewRoot(oldname, newname)
	}
	err := ignoringEINTR(func() error {
		return unix.Renameat2(d.fast.fd, oldname, d.fast.fd, newname, unix.RENAME_NOREPLACE)
	})
	switch err {
	case nil:
		return nil
	case unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP, unix.EPERM:
		// No RENAME_NOREPLACE here (an old kernel, a file system
		// without it, a sandbox that refuses renameat2), or a rename
		// that fails anyway: the portable way says why.
		return d.renameNewRoot(oldname, newname)
	}
	return &os.LinkError{Op: "rename", Old: d.Path(oldname), New: d.Path(newname), Err: err}
}

func (d *Dir) same(name string, data []byte) (Stat, bool) {
	if !d.fast.ok || !single(name) {
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
	// O_NONBLOCK: a FIFO put where a draft was must not block the
	// export (it is no regular file, and so never the same).
	fd, err := unix.Openat(d.fast.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return Stat{}, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || int64(st.Size) != int64(len(data)) {
		return Stat{}, false
	}
	bp := compareBufs.Get().(*[]byte)
	defer compareBufs.Put(bp)
	buf := *bp
	off := 0
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n > len(data)-off || !bytes.Equal(buf[:n], data[off:off+n]) {
			return Stat{}, false
		}
		if n == 0 {
			break
		}
		off += n
	}
	if off != len(data) {
		return Stat{}, false
	}
	return statOfUnix(&st), true
}

func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
