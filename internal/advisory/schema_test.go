package advisory

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/golden"
)

func TestSchemaGolden(t *testing.T) {
	golden.Check(t, "../../testdata/golden/advisory.schema.json", Schema())
}

// TestSchemaMatchesDecoder checks the schema's top-level properties and
// required list against the keys the decoder accepts and requires.
func TestSchemaMatchesDecoder(t *testing.T) {
	var s struct {
		Properties map[string]any `json:"properties"`
		Required   []string       `json:"required"`
	}
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	var props []string
	for k := range s.Properties {
		props = append(props, k)
	}
	sort.Strings(props)
	keys := slices.Clone(recordInfo().keys)
	sort.Strings(keys)
	if !reflect.DeepEqual(props, keys) {
		t.Errorf("schema properties %v, decoder keys %v", props, keys)
	}
	var req []string
	for _, k := range keys {
		if recordInfo().byKey[k].required {
			req = append(req, k)
		}
	}
	sort.Strings(s.Required)
	if !reflect.DeepEqual(s.Required, req) {
		t.Errorf("schema required %v, decoder required %v", s.Required, req)
	}
}

// TestPatterns pins the shapes every package shares.
func TestPatterns(t *testing.T) {
	for _, tt := range []struct {
		name string
		fn   func(string) bool
		yes  []string
		no   []string
	}{
		{"IsCVE", IsCVE, []string{"CVE-2024-3094", "CVE-2021-1234567"}, []string{"CVE-2024-1", "cve-2024-3094", " CVE-2024-3094", "CVE-2024-3094\n"}},
		{"ValidRank", ValidRank, []string{"A", "E"}, []string{"F", "a", "AB", ""}},
		{"IsSHA256", IsSHA256, []string{strings.Repeat("0a", 32)}, []string{strings.Repeat("0A", 32), strings.Repeat("0", 63)}},
		{"ValidLocale", ValidLocale, []string{"ja", "en", "zh-TW", "pt-BR", "zh-Hant-TW", "es-419"}, []string{"EN", "en_US", "x", "en-US-u-va-posix", "ja\r\nX: y", ""}},
		{"ValidLanguage", ValidLanguage, []string{"en", "EN", "zh-TW", "en-US-u-va-posix"}, []string{"en_US", "english!", ""}},
	} {
		for _, s := range tt.yes {
			if !tt.fn(s) {
				t.Errorf("%s(%q) = false", tt.name, s)
			}
		}
		for _, s := range tt.no {
			if tt.fn(s) {
				t.Errorf("%s(%q) = true", tt.name, s)
			}
		}
	}
}

// TestPatternsDefinedOnce fails when a package other than this one spells
// out one of the patterns of patterns.go again instead of using it.
func TestPatternsDefinedOnce(t *testing.T) {
	copies := []string{CVEPattern, `[0-9]{4}-[0-9]{4,}`, idRE.String(), rankRE.String(), sha256RE.String(), localeRE.String(), languageRE.String(), `[A-Za-z0-9]+(-[A-Za-z0-9]+)*`, `[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*`}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || filepath.Base(path) == "patterns.go" || strings.HasSuffix(path, "_test.go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range copies {
			if strings.Contains(string(data), c) {
				t.Errorf("%s spells out the pattern %s: use internal/advisory's (patterns.go)", path, c)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
