package importer

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
)

// XML namespaces of the JVN formats.
const (
	nsVULDEF = "http://jvn.jp/vuldef/"
	nsRSS    = "http://purl.org/rss/1.0/"
	nsRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// detect finds the format of a document from its content: the first
// non-blank byte says JSON ('{', '['), XML ('<') or else YAML, and the
// document's own markers say which advisory format it is. It returns a
// description for messages ("CSAF 2.0 (csaf_vex)").
func detect(file string, data []byte) (Format, string, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return "", "", errorf(file, "empty file")
	}
	if !utf8.Valid(data) && trimmed[0] != '<' {
		off := advisory.InvalidUTF8(data)
		line, col := lineCol(data, off)
		return "", "", &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x): advisories must be UTF-8 text", data[off])}
	}
	switch trimmed[0] {
	case '{':
		return detectJSON(file, data)
	case '[':
		return "", "", errorf(file, "a JSON array: noticegen imports one advisory document per file (CSAF, OSV or JVN JSON), not a list")
	case '<':
		return detectXML(file, data)
	}
	return detectYAML(file, data)
}

// probe is the little of a JSON document detection looks at.
type probe struct {
	Document *struct {
		CSAFVersion any `json:"csaf_version"`
		Category    any `json:"category"`
	} `json:"document"`
	JVNExtension json.RawMessage `json:"jvn_extension"`
	ID           any             `json:"id"`
	Modified     any             `json:"modified"`
	Affected     json.RawMessage `json:"affected"`
	Published    any             `json:"published"`
	SchemaVer    any             `json:"schema_version"`
}

func detectJSON(file string, data []byte) (Format, string, error) {
	var p probe
	if err := json.Unmarshal(data, &p); err != nil {
		return "", "", jsonError(file, data, err)
	}
	switch {
	case p.Document != nil && (p.Document.Category == "myjvn_security_advisory" || p.JVNExtension != nil):
		return FormatJVNJSON, fmt.Sprintf("JVN JSON (%v, CSAF %v-like)", p.Document.Category, p.Document.CSAFVersion), nil
	case p.Document != nil && p.Document.CSAFVersion != nil:
		return FormatCSAF, fmt.Sprintf("CSAF %v (%v)", p.Document.CSAFVersion, p.Document.Category), nil
	case p.ID != nil && (p.Modified != nil || p.Affected != nil || p.Published != nil):
		if p.SchemaVer != nil {
			return FormatOSV, fmt.Sprintf("OSV %v JSON", p.SchemaVer), nil
		}
		return FormatOSV, "OSV JSON", nil
	case p.Document != nil:
		return "", "", errorf(file, "JSON with a \"document\" but no document.csaf_version: not a CSAF document (noticegen imports CSAF 2.0 and 2.1)")
	}
	return "", "", errorf(file, "unrecognised JSON: not CSAF (document.csaf_version), OSV (id with modified or affected) nor JVN JSON (document.category myjvn_security_advisory)")
}

// jsonError locates a JSON decoding error by line and column.
func jsonError(file string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off := int(se.Offset)
		msg := "invalid JSON: " + se.Error()
		if end := len(bytes.TrimRight(data, " \t\r\n")); off > end || strings.Contains(se.Error(), "unexpected end") {
			// Truncated: point just after the last character there is.
			off = end
			msg = "truncated JSON: the document ends before it is complete (" + se.Error() + ")"
		} else if off > 0 {
			off-- // the offset is just past the offending character
		}
		line, col := lineCol(data, off)
		return &Error{File: file, Line: line, Col: col, Msg: msg}
	case errors.As(err, &te):
		line, col := lineCol(data, int(te.Offset))
		field := te.Field
		if field == "" {
			field = "value"
		}
		return &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf("%s: want %s, got JSON %s", field, jsonKind(te.Type.Kind().String()), te.Value)}
	}
	return errorf(file, "invalid JSON: %v", err)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "float64", "int", "int64":
		return "a number"
	case "bool":
		return "a boolean"
	}
	return k
}

// lineCol converts a byte offset to a 1-based line and a column counted
// in characters.
func lineCol(data []byte, off int) (int, int) {
	p := advisory.OffsetPos(data, off)
	return p.Line, p.Col
}

// xmlDecoder returns a strict decoder that refuses documents declaring
// entities: encoding/xml never fetches external entities, but a DOCTYPE
// with ENTITY declarations has no place in an advisory and is the mark of
// an XXE or entity-expansion attack, so it is refused outright.
func xmlDecoder(file string, data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "utf-8") || strings.EqualFold(charset, "utf8") {
			return input, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported: convert the file to UTF-8", charset)
	}
	return d
}

// xmlError locates an XML error; encoding/xml reports only lines.
func xmlError(file string, d *xml.Decoder, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		col := 1
		if l, c := d.InputPos(); l == se.Line {
			col = c
		}
		if strings.Contains(se.Msg, "unexpected EOF") {
			return &Error{File: file, Line: se.Line, Col: col, Msg: "truncated XML: the document ends before it is complete"}
		}
		return &Error{File: file, Line: se.Line, Col: col, Msg: "invalid XML: " + se.Msg}
	}
	line, col := d.InputPos()
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{File: file, Line: line, Col: col, Msg: "truncated XML: the document ends before it is complete"}
	}
	return &Error{File: file, Line: line, Col: col, Msg: "invalid XML: " + err.Error()}
}

// checkDirective refuses DOCTYPE declarations with entities.
func checkDirective(file string, d *xml.Decoder, tok xml.Token) error {
	dir, ok := tok.(xml.Directive)
	if !ok {
		return nil
	}
	s := string(dir)
	if strings.HasPrefix(strings.TrimSpace(s), "DOCTYPE") && (strings.Contains(s, "ENTITY") || strings.Contains(s, "SYSTEM") || strings.Contains(s, "PUBLIC")) {
		line, _ := d.InputPos()
		return &Error{File: file, Line: line, Col: 1, Msg: "XML with a DOCTYPE declaring entities or an external DTD is refused: entities are not expanded (XXE protection), and advisories never need them"}
	}
	return nil
}

func detectXML(file string, data []byte) (Format, string, error) {
	d := xmlDecoder(file, data)
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return "", "", errorf(file, "XML without a root element")
			}
			return "", "", xmlError(file, d, err)
		}
		if err := checkDirective(file, d, tok); err != nil {
			return "", "", err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case se.Name.Space == nsVULDEF && se.Name.Local == "VULDEF-Document":
			v := attr(se, "version")
			if v != "" && !strings.HasPrefix(v, "3.") {
				return FormatVULDEF, "MyJVN VULDEF " + v + " XML", nil
			}
			return FormatVULDEF, "MyJVN VULDEF " + v + " XML", nil
		case se.Name.Space == nsRDF && se.Name.Local == "RDF":
			return "", "", rssError(file, data)
		case se.Name.Local == "cvrfdoc":
			return "", "", errorf(file, "a CVRF document: noticegen imports its successor CSAF 2.0/2.1 (convert it, e.g. with the CSAF converter)")
		}
		return "", "", errorf(file, "unsupported XML document (root element <%s> in namespace %q): noticegen imports MyJVN VULDEF 3.2 XML", se.Name.Local, se.Name.Space)
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// rssError explains that a JVNRSS overview list is not an advisory, and
// names the entries it lists so they can be fetched in detail.
func rssError(file string, data []byte) error {
	var feed struct {
		Items []struct {
			ID   string `xml:"http://jvn.jp/rss/mod_sec/3.0/ identifier"`
			Link string `xml:"http://purl.org/rss/1.0/ link"`
		} `xml:"http://purl.org/rss/1.0/ item"`
	}
	d := xmlDecoder(file, data)
	if err := d.Decode(&feed); err != nil {
		return xmlError(file, d, err)
	}
	var ids []string
	for _, it := range feed.Items {
		ids = append(ids, oneLine(it.ID))
	}
	return errorf(file, "a JVNRSS overview list (getVulnOverviewList, %d items: %s), not an advisory: it has no solution or product details; import each item's VULDEF detail (getVulnDetailInfo) instead",
		len(ids), listWords("en", ids, 5))
}

func detectYAML(file string, data []byte) (Format, string, error) {
	n, err := yamlTree(file, data)
	if err != nil {
		return "", "", err
	}
	m, ok := n.(map[string]any)
	if !ok {
		return "", "", errorf(file, "not an advisory: noticegen imports CSAF and JVN JSON, OSV JSON or YAML, and MyJVN VULDEF XML")
	}
	if _, ok := m["id"]; ok {
		if m["modified"] != nil || m["affected"] != nil || m["published"] != nil {
			return FormatOSV, "OSV YAML", nil
		}
	}
	if _, ok := m["document"]; ok {
		return "", "", errorf(file, "YAML with a \"document\" key: CSAF must be JSON")
	}
	if _, ok := m["priority"]; ok {
		return "", "", errorf(file, "this looks like a noticegen record already, not a source advisory")
	}
	return "", "", errorf(file, "unrecognised YAML: not an OSV record (id with modified or affected)")
}

// yamlTree decodes YAML into maps, lists and strings (every scalar stays
// the text it was written as, so unquoted timestamps and numbers read as
// OSV expects); aliases are refused.
func yamlTree(file string, data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		var line int
		if _, e := fmt.Sscanf(msg, "line %d:", &line); e == nil {
			_, msg, _ = strings.Cut(msg, ": ")
			return nil, &Error{File: file, Line: line, Col: 1, Msg: "invalid YAML: " + msg}
		}
		return nil, errorf(file, "invalid YAML: %s", msg)
	}
	if len(doc.Content) == 0 {
		return nil, errorf(file, "empty YAML document")
	}
	return yamlValue(file, doc.Content[0], 0)
}

func yamlValue(file string, n *yaml.Node, depth int) (any, error) {
	if depth > 100 {
		return nil, &Error{File: file, Line: n.Line, Col: n.Column, Msg: "YAML nested too deeply"}
	}
	switch n.Kind {
	case yaml.AliasNode:
		return nil, &Error{File: file, Line: n.Line, Col: n.Column, Msg: "YAML aliases are not accepted in imported documents"}
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(file, n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(file, c, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return nil, nil
		}
		return n.Value, nil
	}
	return nil, nil
}
