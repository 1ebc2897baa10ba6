package advisory

import (
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validate checks the content of a decoded record: what it says must be
// safe to put in a mail header or a file name, and consistent. The field
// table says what each field must be (pattern, check, minItems, single);
// what relates fields to each other is checked here, in validateStatus
// and in validateExploited.
//
// It runs after decoding even when decoding found problems, and checks only
// fields that were present and decoded cleanly, so nothing is reported
// twice.
func validate(r *Record, e *errs) {
	v := &validator{errs: e, pos: r.Positions}
	v.fields(reflect.ValueOf(r).Elem(), recordInfo(), "")
	at, ok := v.at, v.ok
	if ok("updated") && ok("published") && r.Updated.Before(r.Published.Time) {
		e.add(at("updated"), "updated", "%s is before the publication date %s", r.Updated, r.Published)
	}
	if ok("deadline") && ok("published") && r.Deadline.Kind == DeadlineDate && r.Deadline.Date.Before(r.Published.Time) {
		due := r.Deadline.Date
		e.add(at("deadline"), "deadline", "%s is before the publication date %s", due, r.Published)
	}
	validateRevisions(r, e, ok, at)
	seen := map[string]int{}
	for i, c := range r.CVEs {
		path := indexPath("cves", i)
		if !ok(path) {
			continue // not a CVE id: reported
		}
		if j, dup := seen[c]; dup {
			e.add(at(path), path, "%s is listed twice (also cves[%d])", c, j)
		}
		seen[c] = i
	}
	validateStatus(r, e, ok, at)
	validateExploited(r, e, ok, at)
}

// validateRevisions checks the dates of revisions: none before the
// publication date or after the last update (updated, when given: the
// newest revision is at most as new as the record), and each not before
// the one before it, so that the last revision is the newest one.
func validateRevisions(r *Record, e *errs, ok func(string) bool, at func(string) Pos) {
	prev := -1 // index of the previous revision with a valid date
	for i, rv := range r.Revisions {
		p := fmt.Sprintf("revisions[%d].date", i)
		if !ok(p) {
			continue
		}
		switch {
		case ok("published") && rv.Date.Before(r.Published.Time):
			e.add(at(p), p, "%s is before the publication date %s", rv.Date, r.Published)
		case ok("updated") && rv.Date.After(r.Updated.Time):
			e.add(at(p), p, "%s is after the record's last update (updated: %s): set updated to the newest revision's date", rv.Date, r.Updated)
		case prev >= 0 && rv.Date.Before(r.Revisions[prev].Date.Time):
			e.add(at(p), p, "%s is before the revision above it (revisions[%d], %s): list revisions oldest first, each new one at the end", rv.Date, prev, r.Revisions[prev].Date)
		}
		prev = i
	}
}

// Latest returns the newest revision (the last one: revisions are listed
// oldest first), or nil for a record without revisions.
func (r *Record) Latest() *Revision {
	if len(r.Revisions) == 0 {
		return nil
	}
	return &r.Revisions[len(r.Revisions)-1]
}

// validator checks values against the field table.
type validator struct {
	*errs
	pos map[string]Pos
}

func (v *validator) at(path string) Pos { return v.pos[path] }

// ok reports whether the field at path was written and decoded cleanly.
func (v *validator) ok(path string) bool {
	_, present := v.pos[path]
	return present && !v.failed[path]
}

func (v *validator) fields(rv reflect.Value, ti *typeInfo, path string) {
	for _, f := range ti.fields {
		if p := joinPath(path, f.key); v.ok(p) {
			v.value(rv.Field(f.index), f, f.info, p)
		}
	}
}

func (v *validator) value(rv reflect.Value, f *field, ti *typeInfo, path string) {
	switch ti.kind {
	case kindString:
		v.str(rv.String(), f, path)
	case kindText:
		v.text(rv.Interface().(Text), f.single, path)
	case kindStruct:
		v.fields(rv, ti, path)
	case kindList:
		if rv.Len() < f.minItems {
			if f.minItems == 1 {
				v.add(v.at(path), path, "needs at least one %s", f.item)
			} else {
				v.add(v.at(path), path, "needs at least %d %ss", f.minItems, f.item)
			}
		}
		for i := 0; i < rv.Len(); i++ {
			if p := indexPath(path, i); v.ok(p) {
				v.value(rv.Index(i), f, ti.elem, p)
			}
		}
	}
}

// str checks a text value by the field's pattern and check.
func (v *validator) str(s string, f *field, path string) {
	pos := v.at(path)
	if sh := shapes[f.pattern]; sh.check != nil {
		if msg := sh.check(s); msg != "" {
			v.add(pos, path, "%s", msg)
			return
		}
	}
	switch f.check {
	case "name", "version":
		if strings.TrimSpace(s) == "" {
			v.add(pos, path, "is empty")
			return
		}
		checkText(v.errs, pos, path, s, true)
		if f.check == "version" {
			if _, err := ParseVersion(s); err != nil {
				v.add(pos, path, "%v", err)
			}
		}
	case "line":
		checkText(v.errs, pos, path, s, true)
	case "url":
		checkURL(v.errs, pos, path, s)
	case "language":
		if !ValidLanguage(s) {
			v.add(pos, path, "%q is not a BCP 47 language tag (e.g. en, ja, zh-TW)", s)
		}
	}
}

// text checks localized text: some locale, none empty, and characters
// safe for a mail (one line when single).
func (v *validator) text(t Text, single bool, path string) {
	if len(t) == 0 {
		v.add(v.at(path), path, "has no text in any locale")
	}
	for _, l := range t.Locales() {
		p := path + "." + l
		if !v.ok(p) {
			continue
		}
		if strings.TrimSpace(t[l]) == "" {
			v.add(v.at(p), p, "is empty")
			continue
		}
		checkText(v.errs, v.at(p), p, t[l], single)
	}
}

// EachText calls fn for every localized field the record has, with its
// path and whether it must be a single line. Optional fields left out
// (timeframe, response) are skipped.
func (r *Record) EachText(fn func(path string, t Text, single bool)) {
	eachText(reflect.ValueOf(r).Elem(), recordInfo(), "", false, fn)
}

func eachText(v reflect.Value, ti *typeInfo, path string, single bool, fn func(string, Text, bool)) {
	if !ti.hasText {
		return
	}
	switch ti.kind {
	case kindText:
		if t, _ := v.Interface().(Text); t != nil {
			fn(path, t, single)
		}
	case kindStruct:
		for _, f := range ti.fields {
			eachText(v.Field(f.index), f.info, joinPath(path, f.key), f.single, fn)
		}
	case kindList:
		for i := 0; i < v.Len(); i++ {
			eachText(v.Index(i), ti.elem, indexPath(path, i), single, fn)
		}
	}
}

// textsHave reports whether every localized field of v (as EachText
// walks them) has text in every one of locales.
func textsHave(v reflect.Value, ti *typeInfo, locales []string) bool {
	if !ti.hasText {
		return true
	}
	switch ti.kind {
	case kindText:
		if t, _ := v.Interface().(Text); t != nil {
			for _, l := range locales {
				if _, ok := t[l]; !ok {
					return false
				}
			}
		}
	case kindStruct:
		for _, f := range ti.fields {
			if !textsHave(v.Field(f.index), f.info, locales) {
				return false
			}
		}
	case kindList:
		for i := 0; i < v.Len(); i++ {
			if !textsHave(v.Index(i), ti.elem, locales) {
				return false
			}
		}
	}
	return true
}

func checkURL(e *errs, pos Pos, path, s string) {
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\r\n"):
		e.add(pos, path, "%q is not a valid URL", s)
	case u.Scheme != "https" && u.Scheme != "http":
		e.add(pos, path, "%q: want an http or https URL", s)
	case u.Host == "":
		e.add(pos, path, "%q has no host", s)
	}
}

// checkText rejects characters that would corrupt a mail header or spoof
// what a reader sees: control characters (line breaks too, in single-line
// fields such as the title that becomes the subject) and bidirectional
// overrides ("Trojan Source", CVE-2021-42574).
func checkText(e *errs, pos Pos, path, s string, single bool) {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7F {
			i++ // printable ASCII: none of the cases below
			continue
		}
		at := i
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n' && !single:
		case r == '\t' && !single:
		case r == '\r' && !single:
			e.add(pos, path, "carriage return (U+000D) at character %d: end lines with a plain line feed", utf8.RuneCountInString(s[:at])+1)
			return
		case r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029':
			e.add(pos, path, "line break at character %d: this text must be one line", utf8.RuneCountInString(s[:at])+1)
			return
		case unicode.IsControl(r):
			e.add(pos, path, "control character %U at character %d", r, utf8.RuneCountInString(s[:at])+1)
			return
		case IsBidiControl(r):
			e.add(pos, path, "bidirectional control character %U at character %d could disguise the text", r, utf8.RuneCountInString(s[:at])+1)
			return
		case single && unicode.Is(unicode.Cf, r) && r != '\u200d':
			// Zero-width and other invisible format characters would make
			// a subject (or name) look like another: "paypal\u200b.com".
			// The zero-width joiner stays allowed for emoji sequences.
			e.add(pos, path, "invisible character %U at character %d: this text must show what it says", r, utf8.RuneCountInString(s[:at])+1)
			return
		case r == utf8.RuneError:
			e.add(pos, path, "replacement character U+FFFD at character %d: the text was mis-decoded somewhere", utf8.RuneCountInString(s[:at])+1)
			return
		}
	}
}

// IsBidiControl reports whether r is a bidirectional control character
// (embeddings, overrides, isolates, and the LRM/RLM/ALM marks): text that
// shows differently from what it holds ("Trojan Source", CVE-2021-42574).
func IsBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// CheckLocales reports every localized field that lacks text in one of the
// given locales. It is separate from decoding because which locales are
// needed depends on the command, not on the record.
func (r *Record) CheckLocales(locales []string) error {
	if textsHave(reflect.ValueOf(r).Elem(), recordInfo(), locales) {
		return nil // the common case, found without building paths
	}
	e := &errs{file: r.File}
	r.EachText(func(path string, t Text, _ bool) {
		for _, l := range locales {
			if _, ok := t[l]; !ok {
				e.add(r.Positions[path], path, "no %q text", l)
			}
		}
	})
	return e.list.Err()
}

// FileStem is the id a record file's name stands for: its base name
// without the .yaml or .yml extension.
func FileStem(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(strings.TrimSuffix(b, ".yaml"), ".yml")
}

// CheckFileName reports, located at the id, a record whose id is not its
// file name: export writes a record to a directory named after its id and
// review finds a record by id, so both need the two to match.
func (r *Record) CheckFileName() *Error {
	if FileStem(r.File) == r.ID {
		return nil
	}
	return &Error{File: r.File, Pos: r.Positions["id"], Field: "id",
		Msg: fmt.Sprintf("%q differs from the file name %s: name the file %s.yaml (export and review find records by id)", r.ID, filepath.Base(r.File), r.ID)}
}
