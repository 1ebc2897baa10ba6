package advisory

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// SchemaID is the $id of the record JSON Schema.
const SchemaID = "https://noticegen.invalid/schema/advisory.json"

// Schema returns the JSON Schema (draft 2020-12) of a record file, built
// from the same struct tags the decoder follows, as indented JSON. Editors
// with YAML language support use it for completion and checking.
func Schema() []byte {
	s := schemaOf(reflect.TypeOf(Record{}), "")
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "noticegen advisory record"
	s["description"] = "One advisory, from which noticegen renders admin email drafts per locale."
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // only maps, strings and slices: cannot fail
	}
	return append(b, '\n')
}

func schemaOf(t reflect.Type, doc string) map[string]any {
	var s map[string]any
	switch {
	case reflect.PointerTo(t).Implements(scalarType):
		s = reflect.New(t).Interface().(scalar).schema()
	case t == textType:
		s = map[string]any{
			"type":                 "object",
			"propertyNames":        map[string]any{"pattern": localeRE.String()},
			"additionalProperties": map[string]any{"type": "string", "minLength": 1},
			"minProperties":        1,
		}
	case t.Kind() == reflect.String:
		s = map[string]any{"type": "string"}
	case t.Kind() == reflect.Slice:
		s = map[string]any{"type": "array", "items": schemaOf(t.Elem(), "")}
	case t.Kind() == reflect.Struct:
		props := map[string]any{}
		var req []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			k := yamlKey(f)
			if k == "" || k == "-" {
				continue
			}
			p := schemaOf(f.Type, f.Tag.Get("doc"))
			if pat := f.Tag.Get("pattern"); pat != "" {
				if items, ok := p["items"].(map[string]any); ok {
					items["pattern"] = pat
				} else {
					p["pattern"] = pat
				}
			}
			for _, k := range []string{"minItems", "maxLength"} {
				if v := f.Tag.Get(k); v != "" {
					n, err := strconv.Atoi(v)
					if err != nil {
						panic("advisory: bad " + k + " tag on " + f.Name)
					}
					p[k] = n
				}
			}
			if f.Tag.Get("single") == "true" {
				p["additionalProperties"] = map[string]any{"type": "string", "minLength": 1, "pattern": `^[^\r\n\u2028\u2029]*$`}
			}
			props[k] = p
			if f.Tag.Get("req") == "true" {
				req = append(req, k)
			}
		}
		s = map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(req) > 0 {
			s["required"] = req
		}
	default:
		panic("advisory: no schema for " + t.String())
	}
	if doc != "" {
		s["description"] = doc
	}
	return s
}
