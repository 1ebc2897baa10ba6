package locale

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/noticegen/noticegen"
)

// britishRE matches British spellings whose American form the English
// messages use. The seed's English email writes "behavior", so the
// messages, the templates and the bundled records spell the American way
// throughout.
var britishRE = regexp.MustCompile(`(?i)\b(\w*(organis|behaviour|colour|favour|honour|judgement|centre|catalogue|licence|recognis|prioritis|minimis|maximis|authoris|customis|normalis|summaris|analys(e|ed|es|ing)\b|utilis|finalis)\w*)`)

// TestAmericanSpelling: no British spelling in the English messages, in
// the English text of the templates, or in the bundled records' English.
func TestAmericanSpelling(t *testing.T) {
	check := func(name string, data []byte) {
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range britishRE.FindAllString(line, -1) {
				t.Errorf("%s:%d: British spelling %q (the messages spell as the seed does: American)", name, i+1, m)
			}
		}
	}
	for _, sys := range []fs.FS{noticegen.Locales(), noticegen.Templates()} {
		fs.WalkDir(sys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(sys, p)
			if err != nil {
				t.Fatal(err)
			}
			check(p, data)
			return nil
		})
	}
	records, err := filepath.Glob("../../advisories/*.yaml")
	if err != nil || len(records) == 0 {
		t.Fatalf("no bundled records: %v", err)
	}
	for _, f := range records {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, data)
	}
	if m := britishRE.FindString("your organisation's situation"); m == "" {
		t.Error("britishRE does not match a British spelling")
	}
	if m := britishRE.FindString("the organization's behavior and color"); m != "" {
		t.Errorf("britishRE matches the American %q", m)
	}
}
