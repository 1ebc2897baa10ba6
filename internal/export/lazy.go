package export

import (
	"bufio"
	"bytes"
	"io"
	"os"

	"github.com/noticegen/noticegen/internal/confine"
)

// lazyFile writes a file of a directory as a stream, atomically (into a
// temporary file renamed over it on commit), and writes nothing at all
// when what is written turns out to be byte for byte what the file holds
// already: while the bytes match the file's, they are only compared; on
// the first difference the temporary file is created and given the
// matching part first. So an unchanged manifest or index page costs a
// read, and neither a write nor a change of the directory.
type lazyFile struct {
	d       *confine.Dir
	name    string
	old     *os.File // the file as it is, while it matches
	oldR    *bufio.Reader
	cmp     []byte
	n       int64 // bytes written
	tmp     *os.File
	tmpName string
	w       *bufio.Writer // on tmp
	err     error
}

// newLazyFile starts writing name in d. With force the file is written
// even when it would be the same. The caller has refused a link at name.
func newLazyFile(d *confine.Dir, name string, force bool) *lazyFile {
	f := &lazyFile{d: d, name: name}
	if force {
		return f
	}
	// Only a regular file is compared: a FIFO must not block the run.
	if st, ok, err := d.Stat(name); err == nil && ok && st.Mode.IsRegular() {
		if old, err := d.OpenFile(name, os.O_RDONLY, 0); err == nil {
			f.old, f.oldR = old, bufio.NewReaderSize(old, 64<<10)
		}
	}
	return f
}

// Write writes p.
func (f *lazyFile) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.tmp == nil && f.old != nil {
		if cap(f.cmp) < len(p) {
			f.cmp = make([]byte, len(p))
		}
		c := f.cmp[:len(p)]
		if n, _ := io.ReadFull(f.oldR, c); n == len(p) && bytes.Equal(c, p) {
			f.n += int64(len(p))
			return len(p), nil
		}
	}
	if f.tmp == nil {
		if f.err = f.diverge(); f.err != nil {
			return 0, f.err
		}
	}
	n, err := f.w.Write(p)
	f.n += int64(n)
	f.err = err
	return n, err
}

// diverge creates the temporary file and copies into it what matched.
func (f *lazyFile) diverge() error {
	tmp, name, err := f.d.CreateTemp(tempPattern(f.name), 0o644)
	if err != nil {
		return err
	}
	f.tmp, f.tmpName, f.w = tmp, name, bufio.NewWriterSize(tmp, 64<<10)
	if f.old != nil {
		if _, err := f.old.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.CopyN(f.w, f.old, f.n); err != nil {
			return err
		}
		f.old.Close()
		f.old, f.oldR = nil, nil
	}
	return nil
}

// written returns a reader of what has been written so far.
func (f *lazyFile) written() (io.ReadCloser, error) {
	if f.err != nil {
		return nil, f.err
	}
	name := f.name
	if f.tmp != nil {
		if err := f.w.Flush(); err != nil {
			f.err = err
			return nil, err
		}
		name = f.tmpName
	}
	r, err := f.d.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(r, f.n), r}, nil
}

// commit puts the file in place, unless it is what was there: it
// reports whether it wrote it. After an error nothing is written.
func (f *lazyFile) commit() (bool, error) {
	if f.err != nil {
		f.abort()
		return false, f.err
	}
	if f.tmp == nil && f.old != nil {
		if _, err := f.oldR.ReadByte(); err == io.EOF {
			f.abort()
			return false, nil // the same
		}
	}
	if f.tmp == nil {
		if err := f.diverge(); err != nil {
			f.abort()
			return false, err
		}
	}
	err := f.w.Flush()
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = f.d.Rename(f.tmpName, f.name)
	}
	f.tmp = nil
	if err != nil {
		f.d.Remove(f.tmpName)
		return false, err
	}
	return true, nil
}

// abort leaves the file as it was and removes the temporary file.
func (f *lazyFile) abort() {
	if f.old != nil {
		f.old.Close()
		f.old = nil
	}
	if f.tmp != nil {
		f.tmp.Close()
		f.d.Remove(f.tmpName)
		f.tmp = nil
	}
}
