package cli_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/noticegen/noticegen/internal/cli"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite testscript files' cmp golden sections from actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"noticegen": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI end to end: testdata/script/*.txtar. Each script
// runs in a fresh directory; $ROOT is the module root, so scripts can use
// the bundled records ($ROOT/advisories) and golden files.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join(root, "testdata", "script"),
		Setup: func(e *testscript.Env) error {
			e.Setenv("ROOT", root)
			return nil
		},
		UpdateScripts: *updateScripts,
	})
}
