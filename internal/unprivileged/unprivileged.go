// Package unprivileged lets tests of permission errors run as root, as
// they do on every developer machine and in CI: root ignores file
// permissions, so such a test runs its checks in a child process that
// has given up root for the unprivileged user nobody.
package unprivileged

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// UID and GID are nobody's.
const UID, GID = 65534, 65534

// EnvVar is set in a child process started by Run: it is to call Drop.
const EnvVar = "NOTICEGEN_TEST_UNPRIVILEGED"

// Chown gives path and everything below it to nobody, so that a process
// that has given up root can write there.
func Chown(path string) error {
	return filepath.WalkDir(path, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, UID, GID)
	})
}

// Run runs the calling test (a top-level one) again in a child process
// of the test binary with EnvVar set, in the same directory, with a
// temporary directory that nobody owns; the test, seeing EnvVar, is to
// call Drop first. Run fails t if the child's test did not pass (a skip
// is a failure too).
func Run(t *testing.T) {
	t.Helper()
	tmp, err := os.MkdirTemp("", "noticegen-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	if err := os.Chmod(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Chown(tmp); err != nil {
		t.Fatal(err)
	}
	name := t.Name()
	cmd := exec.Command(os.Args[0], "-test.run=^"+regexp.QuoteMeta(name)+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), EnvVar+"=1", "TMPDIR="+tmp)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name+" ") {
		t.Fatalf("%s as nobody (uid %d): %v\n%s", name, UID, err, out)
	}
	t.Logf("ran as nobody (uid %d): passed", UID)
}

// AsNobody makes the calling test (a top-level one) run as nobody. In the
// child process Run starts, it gives up root and returns false: the test
// goes on there. As root, it runs the test again in such a child, which
// must pass, and returns true: the caller returns at once. Run by any
// other user the test already runs unprivileged, and it returns false.
func AsNobody(t *testing.T) (done bool) {
	t.Helper()
	if os.Getenv(EnvVar) != "" {
		if err := Drop(); err != nil {
			t.Fatal(err)
		}
		return false
	}
	if os.Geteuid() == 0 {
		Run(t)
		return true
	}
	return false
}

// DropRoot gives up root for nobody when the process runs as root (see
// Drop), and does nothing otherwise: for a command that a test starts as
// an unprivileged user.
func DropRoot() error {
	if os.Geteuid() != 0 {
		return nil
	}
	return Drop()
}

// ChownForNobody is Chown when the process runs as root, so that the
// processes DropRoot makes nobody can write there; otherwise the files
// are the test's user's already, and it does nothing.
func ChownForNobody(path string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	return Chown(path)
}
