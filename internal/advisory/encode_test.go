package advisory

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/noticegen/noticegen/internal/golden"
)

// importGoldens are the records noticegen import wrote, as the importer's
// tests keep them.
func importGoldens(t testing.TB) []string {
	files, err := filepath.Glob("../../testdata/import/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no import goldens (%v)", err)
	}
	return files
}

var ignorePlace = cmpopts.IgnoreFields(Record{}, "Positions", "File")

// roundTrip decodes data, encodes the record and decodes it again, and
// reports a record that changed on the way.
func roundTrip(t *testing.T, name string, data []byte, enc Encoding) (*Record, []byte) {
	t.Helper()
	rec, err := Decode(name, data)
	if err != nil {
		t.Fatalf("%s does not load: %v", name, err)
	}
	out, err := enc.Encode(rec)
	if err != nil {
		t.Fatalf("%s: Encode: %v", name, err)
	}
	back, err := Decode(name, out)
	if err != nil {
		t.Fatalf("%s: Encode wrote a record that does not load: %v\n%s", name, err, out)
	}
	if diff := cmp.Diff(rec, back, ignorePlace); diff != "" {
		t.Errorf("%s: Decode(Encode(rec)) differs from rec (-rec +back):\n%s", name, diff)
	}
	again, err := enc.Encode(back)
	if err != nil || string(again) != string(out) {
		t.Errorf("%s: encoding the record read back gives other bytes (%v)", name, err)
	}
	return rec, out
}

// TestEncodeRoundTrip: every committed sample record and every import
// golden reads back as the record it was written from.
func TestEncodeRoundTrip(t *testing.T) {
	files := append(golden.Samples(t, "../.."), importGoldens(t)...)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			roundTrip(t, f, data, Encoding{})
			roundTrip(t, f, data, Encoding{Locales: []string{"ja", "en"}})
		})
	}
}

// importComment is a line comment noticegen import puts on a top-level
// value, which Decode does not keep.
var importComment = regexp.MustCompile(`(?m)^([a-z_]+: \S+) # noticegen: .*$`)

// TestEncodeImportLayout: an import golden, decoded and encoded with the
// importer's locale order, is the golden itself without its comments:
// Encode lays a record out as the importer's files are laid out.
func TestEncodeImportLayout(t *testing.T) {
	for _, f := range importGoldens(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, out := roundTrip(t, f, data, Encoding{Locales: []string{"ja", "en"}})
			want := regexp.MustCompile(`\A(#.*\n)+`).ReplaceAll(data, nil)
			want = importComment.ReplaceAll(want, []byte("$1"))
			if diff := cmp.Diff(string(want), string(out)); diff != "" {
				t.Errorf("layout differs (-golden without comments +Encode):\n%s", diff)
			}
		})
	}
}

// TestEncodeComments: the header and line comments land where the
// importer puts them, and a comment cannot break out of its line.
func TestEncodeComments(t *testing.T) {
	rec, err := Decode("x.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encoding{
		Header:   "first line\nsecond line",
		Comments: map[string]string{"priority": "from the score\nid: injected", "title": "not a scalar: dropped"},
	}.Encode(rec)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"# first line\n# second line\nid: x-1\n", "\npriority: medium # from the score id: injected\n", "\n\ntitle:\n"} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(s) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	if regexp.MustCompile(`dropped`).MatchString(s) {
		t.Errorf("a comment on a mapping was written:\n%s", s)
	}
	if _, err := Decode("x.yaml", out); err != nil {
		t.Errorf("the commented record does not load: %v", err)
	}
}

// FuzzEncode: whatever Decode accepts, Encode writes so that Decode reads
// the same record back, and writing it again gives the same bytes.
func FuzzEncode(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(withRevisions))
	for _, file := range append(golden.Samples(f, "../.."), importGoldens(f)...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Decode("f.yaml", data); err != nil {
			return
		}
		roundTrip(t, "f.yaml", data, Encoding{Locales: []string{"ja", "en"}})
	})
}

// withRevisions is valid with two revisions, the newest a correction.
const withRevisions = valid + `revisions:
  - date: 2026-06-10
    kind: update
    summary: {ja: 修正版が公開されました。, en: A fixed version was released.}
  - date: 2026-06-12
    kind: correction
    summary:
      ja: |-
        対応期限を訂正しました。
        参考情報を追加しました。
      en: |-
        Corrected the deadline.
        Added a reference.
`

// TestEncodeRevisions: revisions read back as written, and Encode writes
// them as the first section, before the title, oldest first.
func TestEncodeRevisions(t *testing.T) {
	rec, out := roundTrip(t, "x.yaml", []byte(withRevisions), Encoding{Locales: []string{"ja", "en"}})
	if n := len(rec.Revisions); n != 2 || rec.Latest().Kind != RevisionCorrection || rec.Latest().Date.String() != "2026-06-12" {
		t.Fatalf("revisions: %+v", rec.Revisions)
	}
	want := "deadline: +14d\n\nrevisions:\n  - date: 2026-06-10\n    kind: update\n    summary:\n      ja: 修正版が公開されました。\n"
	if !regexp.MustCompile(regexp.QuoteMeta(want) + `(.*\n)+\ntitle:\n`).Match(out) {
		t.Errorf("revisions not laid out before the title:\n%s", out)
	}
	plain, err := Decode("x.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if plain.Latest() != nil {
		t.Errorf("a record without revisions has a latest one: %+v", plain.Latest())
	}
}

// TestEncodeRevisionItems: the items EncodeRevisions writes, pasted under a
// record's revisions: key, read back as the revisions written.
func TestEncodeRevisionItems(t *testing.T) {
	rec, err := Decode("x.yaml", []byte(withRevisions))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Encoding{Locales: []string{"ja", "en"}}.EncodeRevisions(rec.Revisions)
	if err != nil {
		t.Fatal(err)
	}
	want := "  - date: 2026-06-10\n    kind: update\n    summary:\n      ja: 修正版が公開されました。\n      en: A fixed version was released.\n" +
		"  - date: 2026-06-12\n    kind: correction\n    summary:\n      ja: |-\n        対応期限を訂正しました。\n        参考情報を追加しました。\n"
	if !strings.HasPrefix(string(out), want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", out, want)
	}
	back, err := Decode("x.yaml", []byte(valid+"revisions:\n"+string(out)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rec.Revisions, back.Revisions); diff != "" {
		t.Errorf("revisions read back differ (-written +read):\n%s", diff)
	}
	if _, err := (Encoding{}).EncodeRevisions(nil); err == nil {
		t.Error("no revisions: no error")
	}
}
