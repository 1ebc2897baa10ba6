package advisory

import (
	"encoding/json"
	"reflect"
)

// SchemaID is the $id of the record JSON Schema.
const SchemaID = "https://noticegen.invalid/schema/advisory.json"

// Schema returns the JSON Schema (draft 2020-12) of a record file, built
// from the field table the decoder follows, as indented JSON. Editors
// with YAML language support use it for completion and checking.
func Schema() []byte {
	s := schemaOf(recordInfo(), "")
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

func schemaOf(ti *typeInfo, doc string) map[string]any {
	var s map[string]any
	switch ti.kind {
	case kindScalar:
		s = reflect.New(ti.typ).Interface().(scalar).schema()
	case kindText:
		s = map[string]any{
			"type":                 "object",
			"propertyNames":        map[string]any{"pattern": localeRE.String()},
			"additionalProperties": map[string]any{"type": "string", "minLength": 1},
			"minProperties":        1,
		}
	case kindString:
		s = map[string]any{"type": "string"}
	case kindList:
		s = map[string]any{"type": "array", "items": schemaOf(ti.elem, "")}
	case kindStruct:
		props := map[string]any{}
		var req []string
		for _, f := range ti.fields {
			p := schemaOf(f.info, f.doc)
			if f.pattern != "" {
				pat := shapes[f.pattern].re.String()
				if items, ok := p["items"].(map[string]any); ok {
					items["pattern"] = pat
				} else {
					p["pattern"] = pat
				}
			}
			if f.minItems > 0 {
				p["minItems"] = f.minItems
			}
			if f.maxLength > 0 {
				p["maxLength"] = f.maxLength
			}
			if f.single {
				p["additionalProperties"] = map[string]any{"type": "string", "minLength": 1, "pattern": `^[^\r\n\u2028\u2029]*$`}
			}
			props[f.key] = p
			if f.required {
				req = append(req, f.key)
			}
		}
		s = map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(req) > 0 {
			s["required"] = req
		}
	}
	if doc != "" {
		s["description"] = doc
	}
	return s
}
