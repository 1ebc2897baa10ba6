package unprivileged

import "syscall"

// Drop makes the whole process nobody (uid and gid 65534, no
// supplementary groups), for good.
func Drop() error {
	if err := syscall.Setgroups(nil); err != nil {
		return err
	}
	if err := syscall.Setresgid(GID, GID, GID); err != nil {
		return err
	}
	return syscall.Setresuid(UID, UID, UID)
}
