package cli_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/noticegen/noticegen/internal/cli"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/golden"
	"github.com/noticegen/noticegen/internal/synth"
	"github.com/noticegen/noticegen/internal/unprivileged"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite testscript files' cmp golden sections from actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"noticegen": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		// noticegen-nobody is noticegen run by the user nobody when
		// started as root: root ignores file permissions, and every
		// developer machine and CI runs the tests as root.
		"noticegen-nobody": func() {
			if err := unprivileged.DropRoot(); err != nil {
				fmt.Fprintln(os.Stderr, "noticegen-nobody:", err)
				os.Exit(3)
			}
			os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the CLI end to end: testdata/script/*.txtar. Each script
// runs in a fresh directory; $ROOT is the module root, so scripts can use
// golden files and single sample records ($ROOT/advisories/<id>.yaml);
// $SAMPLES is a directory holding a copy of every committed sample record.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// $SAMPLES: a copy of the committed sample records, so that a record
	// a user left in advisories/ does not change what scripts see.
	samples := t.TempDir()
	for _, f := range golden.Samples(t, root) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(samples, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join(root, "testdata", "script"),
		Setup: func(e *testscript.Env) error {
			e.Setenv("ROOT", root)
			e.Setenv("SAMPLES", samples)
			return nil
		},
		UpdateScripts: *updateScripts,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gen-records":  genRecords,
			"same-files":   sameFiles,
			"wait-files":   waitFiles,
			"append-line":  appendLine,
			"append-file":  appendFile,
			"replace":      replaceText,
			"chown-nobody": chownNobody,
		},
	})
}

// appendLine appends a line to a file, as a careless edit or a torn write
// would: append-line FILE TEXT.
func appendLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: append-line FILE TEXT")
	}
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY|os.O_APPEND, 0)
	ts.Check(err)
	_, err = f.WriteString(args[1] + "\n")
	ts.Check(err)
	ts.Check(f.Close())
}

// appendFile appends the contents of a file to another, as pasting a
// command's output at the end of a record would: append-file DST SRC.
func appendFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: append-file DST SRC")
	}
	data, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY|os.O_APPEND, 0)
	ts.Check(err)
	_, err = f.Write(data)
	ts.Check(err)
	ts.Check(f.Close())
}

// replaceText replaces the first OLD in FILE with NEW, as an edit of one
// value would: replace OLD NEW FILE. OLD must be in the file.
func replaceText(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace OLD NEW FILE")
	}
	p := ts.MkAbs(args[2])
	data, err := os.ReadFile(p)
	ts.Check(err)
	if !strings.Contains(string(data), args[0]) {
		ts.Fatalf("%s: no %q", args[2], args[0])
	}
	ts.Check(os.WriteFile(p, []byte(strings.Replace(string(data), args[0], args[1], 1)), 0o644))
}

// chownNobody gives files to the user noticegen-nobody runs as, when the
// tests run as root: chown-nobody PATH... (recursive).
func chownNobody(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: chown-nobody PATH...")
	}
	for _, p := range args {
		ts.Check(unprivileged.ChownForNobody(ts.MkAbs(p)))
	}
}

// genRecords writes synthetic records: gen-records N DIR.
func genRecords(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gen-records N DIR")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	ts.Check(synth.Write(ts.MkAbs(args[1]), 1, n))
}

// sameFiles compares two export directories: same-files [-subset] GOT WANT.
// Every file of GOT must be byte-identical to WANT's file of the same
// name (index pages and the manifest excepted with -subset, as they cover
// only what an interrupted run finished; the stat cache always, as it
// holds file serial numbers and times); temporary files of an
// interrupted write are counted and ignored. Without -subset, both must
// hold the same files.
func sameFiles(ts *testscript.TestScript, neg bool, args []string) {
	subset := len(args) > 0 && args[0] == "-subset"
	if subset {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: same-files [-subset] GOT WANT")
	}
	got, want := ts.MkAbs(args[0]), ts.MkAbs(args[1])
	seen, temps := 0, 0
	err := filepath.WalkDir(got, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".noticegen-tmp-") {
			temps++
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(got, p)
		if rel == export.CacheFile || subset && (rel == "index.html" || rel == "index.md" || rel == export.ManifestFile) {
			return nil
		}
		a, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(want, rel))
		if err != nil {
			ts.Fatalf("%s: not in %s", rel, args[1])
		}
		if !bytes.Equal(a, b) {
			ts.Fatalf("%s differs (%d bytes, want %d): a torn or wrong file", rel, len(a), len(b))
		}
		seen++
		return nil
	})
	ts.Check(err)
	if !subset {
		n := 0
		filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
			if rel, _ := filepath.Rel(want, p); err == nil && !d.IsDir() && rel != export.CacheFile {
				n++
			}
			return nil
		})
		if n != seen || temps > 0 {
			ts.Fatalf("%d files (%d temporary), want %d", seen, temps, n)
		}
	}
	ts.Logf("%d files identical, %d temporary files", seen, temps)
}

// waitFiles waits until DIR holds at least N files (at most a minute):
// wait-files N DIR. It lets a script act while a background command is
// halfway through its work.
func waitFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: wait-files N DIR")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	dir := ts.MkAbs(args[1])
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		count := 0
		filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				count++
			}
			return nil
		})
		if count >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("%s: fewer than %d files after a minute", args[1], n)
}
