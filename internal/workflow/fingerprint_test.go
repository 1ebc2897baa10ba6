package workflow_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/workflow"
)

// TestFingerprint: the export fingerprint changes with every setting and
// file that shapes exported files, and only with them.
func TestFingerprint(t *testing.T) {
	tpl, loc := t.TempDir(), t.TempDir()
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(tpl, "index.md.tmpl"), "# {{t \"index.title\"}}\n")
	write(filepath.Join(loc, "en.yaml"), "closing: Thanks.\n")
	fp := func(s workflow.Settings, opts ...string) string {
		t.Helper()
		k, err := workflow.New(s)
		if err != nil {
			t.Fatal(err)
		}
		f, err := k.Fingerprint(opts...)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	base := workflow.Settings{}
	want := fp(base, "txt", "ja")
	if again := fp(base, "txt", "ja"); again != want {
		t.Fatalf("two fingerprints of the same settings differ")
	}
	seen := map[string]string{want: "the base"}
	differs := func(what, got string) {
		t.Helper()
		if other, ok := seen[got]; ok {
			t.Errorf("%s: the same fingerprint as %s", what, other)
		}
		seen[got] = what
	}
	differs("an option", fp(base, "txt", "en"))
	differs("another option", fp(base, "txt"))
	differs("--lang", fp(workflow.Settings{Langs: []string{"ja"}}, "txt", "ja"))
	differs("--lang in another order", fp(workflow.Settings{Langs: []string{"ja", "en"}}, "txt", "ja"))
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	differs("--now", fp(workflow.Settings{Now: at, NowSet: true}, "txt", "ja"))
	differs("another --now", fp(workflow.Settings{Now: at.Add(time.Second), NowSet: true}, "txt", "ja"))
	differs("--templates", fp(workflow.Settings{Templates: tpl}, "txt", "ja"))
	write(filepath.Join(tpl, "index.md.tmpl"), "# {{t \"index.title\"}}!\n")
	differs("a template edited", fp(workflow.Settings{Templates: tpl}, "txt", "ja"))
	write(filepath.Join(tpl, "other.tmpl"), "x")
	differs("a template added", fp(workflow.Settings{Templates: tpl}, "txt", "ja"))
	differs("--locales", fp(workflow.Settings{Locales: loc}, "txt", "ja"))
	write(filepath.Join(loc, "en.yaml"), "closing: Thank you.\n")
	differs("a message edited", fp(workflow.Settings{Locales: loc}, "txt", "ja"))
	// The clock, when not fixed, is not part of it.
	if got := fp(workflow.Settings{Now: at}, "txt", "ja"); got != want {
		t.Errorf("the system clock changed the fingerprint")
	}
}
