package confine_test

import (
	"os"
	"syscall"
	"testing"
)

// TestStatCTime: Stat's status change time is the file's.
func TestStatCTime(t *testing.T) {
	d, _ := setup(t)
	st, ok, err := d.Stat("file")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	fi, err := os.Lstat(d.Path("file"))
	if err != nil {
		t.Fatal(err)
	}
	sys := fi.Sys().(*syscall.Stat_t)
	if want := int64(sys.Ctim.Sec)*1e9 + int64(sys.Ctim.Nsec); st.CTime != want || want == 0 {
		t.Errorf("CTime %d, want %d", st.CTime, want)
	}
}
