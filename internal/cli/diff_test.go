package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/render"
)

// TestDiff: diff's exit status says what it found, as diff(1)'s does, and
// what it prints on stdout, pasted under a record's revisions:, makes the
// record a follow-up that renders as one.
func TestDiff(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../advisories/" + seedID + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := write("old.yaml", string(seed))
	newData := strings.Replace(strings.Replace(string(seed), "priority: low", "priority: medium", 1), "deadline: as-needed", "deadline: 2026-06-30", 1)
	new := write("new.yaml", newData)
	reworded := write("reworded.yaml", strings.Replace(string(seed), "お疲れさまです", "お世話になっております", 1))
	broken := write("broken.yaml", strings.Replace(string(seed), "priority: low", "priority: soon", 1))
	now := "--now=2026-06-12T09:00:00+09:00"
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string // a line stderr must hold ("" for none at all)
	}{
		{"same", []string{old, old}, 0, "diff: no facts changed from " + old + " to " + old},
		{"wording only", []string{old, reworded}, 0, "diff: no facts changed"},
		{"differ", []string{old, new, now}, 1, ""},
		{"correction", []string{old, new, now, "--kind", "correction"}, 1, ""},
		{"one argument", []string{old}, 2, "noticegen diff: want OLD and NEW, got 1 arguments"},
		{"three arguments", []string{old, new, new}, 2, "noticegen diff: want OLD and NEW, got 3 arguments"},
		{"bad kind", []string{old, new, "--kind", "update,correction"}, 2, `noticegen diff: --kind "update,correction": want update or correction`},
		{"bad now", []string{old, new, "--now", "today"}, 2, `noticegen diff: --now "today": want an RFC 3339 time`},
		{"bad record", []string{old, broken}, 2, broken + `:19:11: priority: unknown priority "soon"`},
		{"missing", []string{old, filepath.Join(dir, "nope.yaml")}, 2, filepath.Join(dir, "nope.yaml") + ": no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(append([]string{"diff"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, stdout, stderr)
			}
			if tc.stderr == "" && stderr != "" || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q, want it to hold %q", stderr, tc.stderr)
			}
			if (code == 1) != (stdout != "") {
				t.Errorf("exit %d with stdout %q", code, stdout)
			}
		})
	}

	// Pasted as it is, stdout makes the new version a follow-up.
	_, stdout, _ := run("diff", old, new, now, "--kind", "correction")
	rec, err := advisory.Decode("pasted.yaml", []byte(strings.Replace(newData, "updated: 2026-06-09", "updated: 2026-06-12", 1)+"revisions:\n"+stdout))
	if err != nil {
		t.Fatalf("pasted: %v\n%s", err, stdout)
	}
	l := rec.Latest()
	if len(rec.Revisions) != 1 || l.Kind != advisory.RevisionCorrection || l.Date.String() != "2026-06-12" {
		t.Fatalf("revisions %+v", rec.Revisions)
	}
	want := advisory.Text{
		"ja": "対応期限を 2026年6月30日（火）に設定しました。\n対応優先度を「低」から「中」に引き上げました。",
		"en": "Set the deadline to Tue, June 30, 2026.\nRaised the priority from Low to Medium.",
	}
	for loc, s := range want {
		if l.Summary[loc] != s {
			t.Errorf("summary.%s = %q, want %q", loc, l.Summary[loc], s)
		}
	}
	r, err := render.Default()
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Render(rec, "ja")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(d.Subject, "【訂正】【注意】") || d.Sections[0].Heading != "訂正内容" {
		t.Errorf("subject %q, first section %+v", d.Subject, d.Sections[0])
	}
}
