package export

import (
	"os"
	"strconv"
	"syscall"
	"time"
)

// fileStatKey is what identifies the content of a record file without
// reading it: its device, file serial number, size, and modification and
// status change times in nanoseconds. Any write changes the times (a
// write that restores the modification time still changes the status
// change time, which cannot be set), and a replaced file has another
// serial number. A file changed within racyWindow of now gives "": file
// system clocks are coarse (a tick of a few milliseconds), so a second
// change in the tick of the first would keep the times, and such a file
// is read and hashed every time until it has aged.
func fileStatKey(path string, now time.Time) string {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	mtime := time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec))
	ctime := time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec))
	limit := now.Add(-racyWindow)
	if !mtime.Before(limit) || !ctime.Before(limit) {
		return ""
	}
	b := make([]byte, 0, 80)
	for i, n := range []uint64{uint64(st.Dev), uint64(st.Ino), uint64(st.Size), uint64(mtime.UnixNano()), uint64(ctime.UnixNano())} {
		if i > 0 {
			b = append(b, ':')
		}
		b = strconv.AppendUint(b, n, 10)
	}
	return string(b)
}
