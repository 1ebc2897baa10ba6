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
