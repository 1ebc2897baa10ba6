package advisory

import (
	"io"
	"io/fs"
	"syscall"
)

// recordFile is a record file open for reading, through the system calls
// themselves: os.Open also tries to register a file with the runtime's
// poller (four fcntl calls and an epoll_ctl that fails for a regular
// file), which costs more than the read of a small record. It is opened
// with O_NONBLOCK, so that a named pipe or a device given as a record is
// refused ("not a regular file") instead of blocking the open.
type recordFile struct{ fd int }

func openRecord(path string) (*recordFile, error) {
	fd, err := retry(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return &recordFile{fd: fd}, nil
}

// stat reports whether the file is a regular file, and its size.
func (f *recordFile) stat() (regular bool, size int64, err error) {
	var st syscall.Stat_t
	if _, err := retry(func() (int, error) { return 0, syscall.Fstat(f.fd, &st) }); err != nil {
		return false, 0, err
	}
	return st.Mode&syscall.S_IFMT == syscall.S_IFREG, st.Size, nil
}

func (f *recordFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, err := retry(func() (int, error) { return syscall.Read(f.fd, p) })
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (f *recordFile) Close() error { return syscall.Close(f.fd) }

// retry calls f again for as long as a signal interrupts it.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
