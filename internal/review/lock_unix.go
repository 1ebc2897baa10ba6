//go:build unix

package review

import (
	"os"
	"syscall"
)

// lock takes an advisory lock on f, shared or exclusive, waiting for it.
// flock(2) locks belong to the open file, so two opens in one process
// exclude each other as two processes do.
func lock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

func unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
