package importer

import (
	"bytes"
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
)

// marshalRecord writes r as a record file: keys in the order of the record
// type (the order advisories/README.md documents), localized text in the
// order of locales, empty optional fields left out, multi-line text as
// literal blocks. header becomes the comment at the top; comments are line
// comments on top-level keys ("priority").
func marshalRecord(r *advisory.Record, locales []string, header string, comments map[string]string) ([]byte, error) {
	w := &yamlWriter{locales: locales}
	root := w.node(reflect.ValueOf(*r))
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("empty record")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if c, ok := comments[k.Value]; ok && v.Kind == yaml.ScalarNode {
			v.LineComment = "# " + oneLine(c)
		}
	}
	if len(root.Content) > 0 {
		var hc []string
		for _, l := range strings.Split(header, "\n") {
			hc = append(hc, "# "+l)
		}
		root.Content[0].HeadComment = strings.Join(hc, "\n")
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return spaceSections(buf.Bytes()), nil
}

// sections are the top-level keys preceded by a blank line, as in
// hand-written records: the texts, then provenance.
var sections = []string{"title:", "summary:", "lead:", "overview:", "scope:", "applicability:", "response:", "actions:", "references:", "provenance:"}

// spaceSections puts a blank line before each section. Top-level keys
// start in column 0, where no block text can (it is indented), so the
// insertion cannot land inside a value.
func spaceSections(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	var out bytes.Buffer
	for _, l := range lines {
		for _, s := range sections {
			if bytes.HasPrefix(l, []byte(s)) {
				out.WriteByte('\n')
				break
			}
		}
		out.Write(l)
	}
	return out.Bytes()
}

type yamlWriter struct {
	locales []string
}

var textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// node converts a record value; nil means "leave the key out".
func (w *yamlWriter) node(v reflect.Value) *yaml.Node {
	if v.Type().Implements(textMarshaler) && v.Kind() == reflect.Struct {
		if v.IsZero() {
			return nil
		}
		b, _ := v.Interface().(encoding.TextMarshaler).MarshalText()
		return &yaml.Node{Kind: yaml.ScalarNode, Value: string(b)}
	}
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return nil
		}
		return str(v.String())
	case reflect.Map:
		t, _ := v.Interface().(advisory.Text)
		if len(t) == 0 {
			return nil
		}
		n := &yaml.Node{Kind: yaml.MappingNode}
		keys := t.Locales()
		slices.SortStableFunc(keys, func(a, b string) int { return rank(w.locales, a) - rank(w.locales, b) })
		for _, k := range keys {
			n.Content = append(n.Content, str(k), str(t[k]))
		}
		return n
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		n := &yaml.Node{Kind: yaml.SequenceNode}
		if v.Type().Elem().Kind() == reflect.String {
			n.Style = yaml.FlowStyle
		}
		for i := 0; i < v.Len(); i++ {
			c := w.node(v.Index(i))
			if c == nil {
				c = str("")
			}
			n.Content = append(n.Content, c)
		}
		return n
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if key == "" || key == "-" || !f.IsExported() {
				continue
			}
			if c := w.node(v.Field(i)); c != nil {
				n.Content = append(n.Content, str(key), c)
			}
		}
		if len(n.Content) == 0 {
			return nil
		}
		// Top-level sections start after a blank line, as in hand-written
		// records; yaml.v3 has no blank-line control, so none is added.
		return n
	}
	panic("importer: cannot write record field of type " + v.Type().String())
}

func rank(locales []string, l string) int {
	if i := slices.Index(locales, l); i >= 0 {
		return i
	}
	return len(locales)
}
