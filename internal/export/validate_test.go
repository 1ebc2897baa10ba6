package export_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// tool returns the path of an outside validator from env, skipping the
// test when it is not installed (locally), failing when CI is set.
func tool(t *testing.T, env string) string {
	t.Helper()
	p := os.Getenv(env)
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: .ci/run must install it", env)
		}
		t.Skipf("%s not set (bash .ci/run installs it)", env)
	}
	return p
}

// TestValidOutputs exports the bundled records and checks every HTML file
// (drafts, digest and index pages) with the Nu HTML Checker and every
// Markdown file with markdownlint's default rules.
func TestValidOutputs(t *testing.T) {
	vnu := tool(t, "NOTICEGEN_VNU")
	mdlint := tool(t, "NOTICEGEN_MARKDOWNLINT")
	out := t.TempDir()
	o := options(t, out)
	run(t, bundled(t), o)
	html, _ := filepath.Glob(filepath.Join(out, "*", "*.html"))
	html = append(html, filepath.Join(out, "index.html"))
	args := append([]string{"-jar", vnu, "--also-check-css", "--errors-only"}, html...)
	if b, err := exec.Command("java", args...).CombinedOutput(); err != nil {
		t.Errorf("Nu HTML Checker: %v\n%s", err, b)
	}
	md, _ := filepath.Glob(filepath.Join(out, "*", "*.md"))
	md = append(md, filepath.Join(out, "index.md"))
	cmd := exec.Command(mdlint, md...)
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("markdownlint: %v\n%s", err, b)
	}
}
