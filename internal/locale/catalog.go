// Package locale loads the message catalogs (go-i18n message files, one per
// locale) from layered file systems, checks that every locale defines every
// message, matches requested languages to the supported ones, and words
// dates, priorities and deadlines per locale. Adding a locale is adding a
// message file; nothing here knows which locales exist.
package locale

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template"
	"unicode"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/memo"
)

// Reference is the locale whose messages define the set every other
// locale must provide. It is also the bundle's default language; since a
// missing message is an error, its text is never shown in place of
// another locale's.
const Reference = "en"

// Layer is one directory of message files: the embedded defaults or a
// user's overrides. Name is how error messages refer to the directory.
type Layer struct {
	Name string
	FS   fs.FS
}

// Catalog holds the messages of every locale, layered per key.
type Catalog struct {
	bundle     *i18n.Bundle
	locales    []string // sorted
	tags       []language.Tag
	matcher    language.Matcher
	localizers map[string]*i18n.Localizer
	// origin maps locale and message id to where the winning text was
	// written, for located errors.
	origin map[string]map[string]Origin
	// files lists each locale's message files in load order.
	files map[string][]string
	// markers are each locale's translation.marker; allMarkers those and
	// the lines of every translation.also, each once.
	markers    map[string]string
	allMarkers []string
	// plain caches, per locale, the messages T gave without data: they
	// depend on nothing else (headings, labels, month names), and
	// rendering asks for them in every draft.
	plain map[string]*sync.Map
	// dates keeps the words of days (see Date).
	dates *memo.Map[dateKey, string]
	// names keeps language names by locale and tag (see LanguageName).
	names *memo.Map[[2]string, string]
}

// Origin is where a message was defined.
type Origin struct {
	File      string
	Line, Col int
}

func (o Origin) String() string { return fmt.Sprintf("%s:%d:%d", o.File, o.Line, o.Col) }

// Error is a problem in a message file.
type Error struct {
	Origin Origin
	Msg    string
}

func (e *Error) Error() string {
	if e.Origin.Line == 0 {
		return e.Origin.File + ": " + e.Msg
	}
	return e.Origin.String() + ": " + e.Msg
}

// Errors is every problem found while loading the catalogs.
type Errors []*Error

func (l Errors) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Load reads every "<locale>.yaml" file of each layer in order; a later
// layer's message replaces an earlier one's with the same id. It then
// checks that each locale has every message of the reference locale, that
// no message is empty, and that every message parses as a template.
func Load(layers ...Layer) (*Catalog, error) {
	c := &Catalog{
		bundle:     i18n.NewBundle(language.MustParse(Reference)),
		localizers: map[string]*i18n.Localizer{},
		origin:     map[string]map[string]Origin{},
		files:      map[string][]string{},
		plain:      map[string]*sync.Map{},
		dates:      memo.New[dateKey, string](maxDates),
		names:      memo.New[[2]string, string](maxNames),
	}
	var errs Errors
	texts := map[string]map[string]*i18n.Message{}
	for _, l := range layers {
		files, err := fs.Glob(l.FS, "*.yaml")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			loc := strings.TrimSuffix(f, ".yaml")
			file := path.Join(l.Name, f)
			tag, err := language.Parse(loc)
			// The locale names the text of records too (advisory.Text
			// keys), so it must also be a locale tag records can use.
			if err != nil || tag.String() != loc || !advisory.ValidLocale(loc) {
				errs = append(errs, &Error{Origin{File: file}, fmt.Sprintf("file name must be a canonical locale tag such as ja.yaml or pt-BR.yaml; %q is not", loc)})
				continue
			}
			data, err := fs.ReadFile(l.FS, f)
			if err != nil {
				errs = append(errs, &Error{Origin{File: file}, err.Error()})
				continue
			}
			c.files[loc] = append(c.files[loc], file)
			msgs, perr := parseFile(file, data)
			errs = append(errs, perr...)
			if texts[loc] == nil {
				texts[loc] = map[string]*i18n.Message{}
				c.origin[loc] = map[string]Origin{}
			}
			for _, m := range msgs {
				texts[loc][m.msg.ID] = m.msg
				c.origin[loc][m.msg.ID] = m.origin
			}
		}
	}
	if texts[Reference] == nil {
		errs = append(errs, &Error{Origin{File: Reference + ".yaml"}, "the reference locale's message file is missing"})
		return nil, errs
	}
	for loc := range texts {
		c.locales = append(c.locales, loc)
	}
	sort.Strings(c.locales)
	for _, loc := range c.locales {
		errs = append(errs, c.check(loc, texts)...)
		tag := language.MustParse(loc)
		msgs := make([]*i18n.Message, 0, len(texts[loc]))
		for _, id := range sortedKeys(texts[loc]) {
			msgs = append(msgs, texts[loc][id])
		}
		if err := c.bundle.AddMessages(tag, msgs...); err != nil {
			errs = append(errs, &Error{Origin{File: loc + ".yaml"}, err.Error()})
		}
		c.tags = append(c.tags, tag)
		c.localizers[loc] = i18n.NewLocalizer(c.bundle, loc)
		c.plain[loc] = new(sync.Map)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c.matcher = language.NewMatcher(c.tags)
	if err := c.loadMarkers(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadMarkers reads the translation markers of every locale.
func (c *Catalog) loadMarkers() error {
	c.markers = map[string]string{}
	seen := map[string]bool{}
	add := func(m string) {
		if m = strings.TrimSpace(m); m != "" && !seen[m] {
			seen[m] = true
			c.allMarkers = append(c.allMarkers, m)
		}
	}
	for _, loc := range c.locales {
		m, err := c.T(loc, "translation.marker", nil)
		if err != nil {
			return err
		}
		c.markers[loc] = strings.TrimSpace(m)
		add(m)
	}
	for _, loc := range c.locales {
		also, err := c.T(loc, "translation.also", nil)
		if err != nil {
			return err
		}
		for _, m := range strings.Split(also, "\n") {
			add(m)
		}
	}
	return nil
}

// Marker returns the translation marker of locale loc (the message
// translation.marker): what noticegen import puts before text it leaves
// for a translator. A locale the catalog does not have gets the reference
// locale's.
func (c *Catalog) Marker(loc string) string {
	if m, ok := c.markers[loc]; ok {
		return m
	}
	return c.markers[Reference]
}

// Markers returns every translation marker the locales define (each
// translation.marker, then the lines of each translation.also), each once:
// text holding any of them, in any locale, is not translated yet.
func (c *Catalog) Markers() []string { return append([]string(nil), c.allMarkers...) }

// check reports messages of the reference locale missing from loc and
// messages of loc unknown to the reference (most likely misspelt keys).
func (c *Catalog) check(loc string, texts map[string]map[string]*i18n.Message) Errors {
	var errs Errors
	ref := texts[Reference]
	// A missing message is reported against the locale's last file: the
	// user's own, when they have one.
	last := c.files[loc][len(c.files[loc])-1]
	for _, id := range sortedKeys(ref) {
		if _, ok := texts[loc][id]; !ok {
			errs = append(errs, &Error{Origin{File: last}, fmt.Sprintf("locale %q has no message %q (defined at %s)", loc, id, c.origin[Reference][id])})
		}
	}
	for _, id := range sortedKeys(texts[loc]) {
		if _, ok := ref[id]; !ok {
			errs = append(errs, &Error{c.origin[loc][id], fmt.Sprintf("message %q is not defined in the reference locale %q (misspelt key?)", id, Reference)})
		}
	}
	return errs
}

type located struct {
	msg    *i18n.Message
	origin Origin
}

// parseFile reads a message file with positions. Values are strings, or
// mappings of plural forms ("one", "other", ...), or groups whose keys are
// joined to the id with a dot: {heading: {scope: Scope}} is "heading.scope".
func parseFile(file string, data []byte) ([]located, Errors) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{{Origin{File: file}, "YAML syntax: " + strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	var out []located
	var errs Errors
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		at := Origin{file, n.Line, n.Column}
		if n.Kind != yaml.MappingNode {
			errs = append(errs, &Error{at, "want a mapping of message ids to text"})
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			id := k.Value
			if prefix != "" {
				id = prefix + "." + k.Value
			}
			at := Origin{file, v.Line, v.Column}
			switch {
			case v.Kind == yaml.ScalarNode && v.ShortTag() != "!!null":
				m := &i18n.Message{ID: id, Other: v.Value}
				if e := checkMessage(at, id, v.Value); e != nil {
					errs = append(errs, e)
					continue
				}
				out = append(out, located{m, at})
			case v.Kind == yaml.MappingNode && isPlural(v):
				m := &i18n.Message{ID: id}
				for j := 0; j+1 < len(v.Content); j += 2 {
					form, text := v.Content[j].Value, v.Content[j+1].Value
					if e := checkMessage(Origin{file, v.Content[j+1].Line, v.Content[j+1].Column}, id+"."+form, text); e != nil {
						errs = append(errs, e)
					}
					setForm(m, form, text)
				}
				out = append(out, located{m, at})
			case v.Kind == yaml.MappingNode:
				walk(v, id)
			default:
				errs = append(errs, &Error{at, fmt.Sprintf("message %q: want text", id)})
			}
		}
	}
	walk(doc.Content[0], "")
	return out, errs
}

var pluralForms = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true, "description": true}

func isPlural(n *yaml.Node) bool {
	hasOther := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !pluralForms[k] || n.Content[i+1].Kind != yaml.ScalarNode {
			return false
		}
		hasOther = hasOther || k == "other"
	}
	return hasOther
}

func setForm(m *i18n.Message, form, text string) {
	switch form {
	case "zero":
		m.Zero = text
	case "one":
		m.One = text
	case "two":
		m.Two = text
	case "few":
		m.Few = text
	case "many":
		m.Many = text
	case "other":
		m.Other = text
	case "description":
		m.Description = text
	}
}

// mustBeVisible are the messages that protect readers: the disclaimer and
// the disclosure that replaces it on approved drafts, the review gate's
// "not approved" marks and the mark of text that is not translated yet.
var mustBeVisible = map[string]bool{"disclaimer": true, "disclosure.text": true, "disclosure.review": true,
	"review.banner": true, "review.subject_prefix": true, "translation.marker": true}

// Visible reports whether s holds a character a reader sees: a letter,
// digit, punctuation mark or symbol. White space and invisible format
// characters (zero-width space, joiners, bidi marks) alone are not.
func Visible(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return true
		}
	}
	return false
}

// checkMessage rejects empty messages and ones that do not parse as
// templates, so a broken locale fails when loaded, not halfway through a
// batch. Control characters other than line breaks are refused: they could
// forge the renderer's block markers.
func checkMessage(at Origin, id, text string) *Error {
	if strings.TrimSpace(text) == "" && id != "description" {
		return &Error{at, fmt.Sprintf("message %q is empty", id)}
	}
	for _, r := range text {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return &Error{at, fmt.Sprintf("message %q contains control character %U", id, r)}
		}
	}
	if mustBeVisible[id] && !Visible(text) {
		return &Error{at, fmt.Sprintf("message %q shows nothing a reader can see; it may be reworded but never hidden", id)}
	}
	if _, err := template.New(id).Parse(text); err != nil {
		return &Error{at, fmt.Sprintf("message %q: %v", id, err)}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// ReadLayered reads the file name from the last layer that has it, and
// returns its content and a display path for messages ("templates/x").
// It is how a user's directory replaces an embedded file of the same name.
func ReadLayered(layers []Layer, name string) ([]byte, string, error) {
	for i := len(layers) - 1; i >= 0; i-- {
		data, err := fs.ReadFile(layers[i].FS, name)
		if err == nil {
			return data, path.Join(layers[i].Name, name), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("%s: %w", path.Join(layers[i].Name, name), err)
		}
	}
	return nil, "", fmt.Errorf("%s: no such file in any template directory", name)
}
