package advisory

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
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
