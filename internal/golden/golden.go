// Package golden compares test output with golden files under testdata/
// and rewrites them when tests run with -update. It is imported only by
// tests.
package golden

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files with the current output")

// Check compares got with the golden file at path, showing a line diff on
// mismatch. With -update it writes got to path instead.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; run with -update if the change is intended):\n%s", path, diff)
	}
}

// Samples returns the sample records committed in the repository's
// advisories/ directory (root is the path to the module root, "../.." from
// a package under internal/), sorted. Tests read these, not whatever else
// lies in advisories/: a record a user imported or is still writing there
// must not break the tests. Outside a git checkout (a source archive) it
// falls back to every *.yaml file there, and says so. It fails the test
// when there are none.
func Samples(t testing.TB, root string) []string {
	t.Helper()
	var files []string
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--", "advisories/*.yaml", "advisories/*.yml").Output()
	if err == nil {
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, filepath.Join(root, filepath.FromSlash(f)))
			}
		}
	} else {
		t.Logf("not a git checkout (%v): using every record in %s/advisories", err, root)
		files, _ = filepath.Glob(filepath.Join(root, "advisories", "*.yaml"))
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatalf("no sample records in %s/advisories", root)
	}
	return files
}

// Outside tools and data. Some tests need what the repository does not
// hold: validators and servers that .ci/run installs (named by NOTICEGEN_*
// environment variables or found on PATH) and the public corpus in
// shared/corpus beside the checkout. Locally such a test is skipped when
// they are missing; under CI (CI set) it fails, so that a missing install
// step cannot pass unseen.

// underCI reports whether the tests run in CI.
func underCI() bool { return os.Getenv("CI") != "" }

// Missing skips the test with the message, or fails it under CI.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if underCI() {
		t.Fatalf(format+" (under CI: .ci/run must provide it)", args...)
	}
	t.Skipf(format+" (bash .ci/run provides it)", args...)
}

// Tool returns the file named by the environment variable env (an outside
// tool .ci/run installs), or calls Missing.
func Tool(t testing.TB, env string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		Missing(t, "%s is not set", env)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	return p
}

// Command returns the path of a program on PATH, or calls Missing.
func Command(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not on PATH", name)
	}
	return p
}

// Corpus returns the directory of public advisories beside the checkout
// (root is the module root), or "" when it is not there: the caller falls
// back to the repository's own documents. Under CI its absence fails the
// test.
func Corpus(t testing.TB, root string) string {
	t.Helper()
	dir := filepath.Join(root, "..", "shared", "corpus")
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return dir
	}
	if underCI() {
		t.Fatalf("corpus of public advisories not found at %s under CI", dir)
	}
	t.Logf("corpus of public advisories not found at %s (it lives in shared/corpus beside the checkout)", dir)
	return ""
}
