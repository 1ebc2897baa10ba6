package advisory

import (
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

var (
	idRE   = regexp.MustCompile(`^[a-z0-9]+([-_.][a-z0-9]+)*$`)
	cveRE  = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)
	rankRE = regexp.MustCompile(`^[A-E]$`)
	// windowsReserved matches device names Windows refuses as file names,
	// with or without an extension.
	windowsReserved = regexp.MustCompile(`^(con|prn|aux|nul|com[0-9]|lpt[0-9])([.].*)?$`)
	langRE          = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
)

// MaxIDLength is the longest id accepted; ids become file names.
const MaxIDLength = 100

// ValidID reports whether id is safe to use as a file name on every
// platform noticegen writes to. It returns a message saying why not, or "".
func ValidID(id string) string {
	switch {
	case id == "":
		return "is empty"
	case len(id) > MaxIDLength:
		return fmt.Sprintf("is %d characters long; at most %d", len(id), MaxIDLength)
	case !idRE.MatchString(id):
		return fmt.Sprintf("%q is not a safe file name: use lower-case letters, digits and single '-', '_' or '.' between them", id)
	case windowsReserved.MatchString(id):
		return fmt.Sprintf("%q is a reserved device name on Windows and cannot be a file name", id)
	}
	return ""
}

// validate checks the content of a decoded record: what it says must be
// safe to put in a mail header or a file name, and consistent.
//
// It runs after decoding even when decoding found problems, and checks only
// fields that were present and decoded cleanly, so nothing is reported
// twice.
func validate(r *Record, e *errs) {
	at := func(path string) Pos { return r.Positions[path] }
	ok := func(path string) bool {
		_, present := r.Positions[path]
		return present && !e.failed[path]
	}
	if ok("id") {
		if msg := ValidID(r.ID); msg != "" {
			e.add(at("id"), "id", "%s", msg)
		}
	}
	for _, f := range []struct{ path, s string }{{"author", r.Author}, {"vendor", r.Vendor}, {"product", r.Product}, {"source.name", r.Source.Name}} {
		path, s := f.path, f.s
		if !ok(path) {
			continue
		}
		if strings.TrimSpace(s) == "" {
			e.add(at(path), path, "is empty")
			continue
		}
		checkText(e, at(path), path, s, true)
	}
	for i, p := range r.Platforms {
		path := fmt.Sprintf("platforms[%d]", i)
		checkText(e, at(path), path, p, true)
	}
	if ok("updated") && ok("published") && r.Updated.Before(r.Published.Time) {
		e.add(at("updated"), "updated", "%s is before the publication date %s", r.Updated, r.Published)
	}
	if ok("deadline") && ok("published") && r.Deadline.Kind == DeadlineDate && r.Deadline.Date.Before(r.Published.Time) {
		due := r.Deadline.Date
		e.add(at("deadline"), "deadline", "%s is before the publication date %s", due, r.Published)
	}
	if ok("source.url") {
		checkURL(e, at("source.url"), "source.url", r.Source.URL)
	}
	if ok("source.language") && !ValidLanguage(r.Source.Language) {
		e.add(at("source.language"), "source.language", "%q is not a BCP 47 language tag (e.g. en, ja, zh-TW)", r.Source.Language)
	}
	seen := map[string]int{}
	for i, c := range r.CVEs {
		path := fmt.Sprintf("cves[%d]", i)
		if !cveRE.MatchString(c) {
			e.add(at(path), path, "%q is not a CVE id (want CVE-YYYY-NNNN)", c)
		} else if j, dup := seen[c]; dup {
			e.add(at(path), path, "%s is listed twice (also cves[%d])", c, j)
		}
		seen[c] = i
	}
	if ok("rank") && !rankRE.MatchString(r.Rank) {
		e.add(at("rank"), "rank", "%q is not a rank: want one letter A to E", r.Rank)
	}
	if ok("actions") && len(r.Actions) == 0 {
		e.add(at("actions"), "actions", "needs at least one action")
	}
	if ok("references") && len(r.References) == 0 {
		e.add(at("references"), "references", "needs at least one reference")
	}
	if ok("applicability.conditions") && len(r.Applicability.Conditions) == 0 {
		e.add(at("applicability.conditions"), "applicability.conditions", "needs at least one condition")
	}
	validateStatus(r, e, ok, at)
	for i, ref := range r.References {
		if path := fmt.Sprintf("references[%d].url", i); ok(path) {
			checkURL(e, at(path), path, ref.URL)
		}
	}
	r.EachText(func(path string, t Text, single bool) {
		if !ok(path) {
			return
		}
		if len(t) == 0 {
			e.add(at(path), path, "has no text in any locale")
		}
		for _, l := range t.Locales() {
			p := path + "." + l
			if !ok(p) {
				continue
			}
			if strings.TrimSpace(t[l]) == "" {
				e.add(at(p), p, "is empty")
				continue
			}
			checkText(e, at(p), p, t[l], single)
		}
	})
}

// EachText calls fn for every localized field the record has, with its
// path and whether it must be a single line. Optional fields left out
// (timeframe, response) are skipped.
func (r *Record) EachText(fn func(path string, t Text, single bool)) {
	eachText(reflect.ValueOf(r).Elem(), "", false, fn)
}

var textType = reflect.TypeOf(Text(nil))

func eachText(v reflect.Value, path string, single bool, fn func(string, Text, bool)) {
	switch {
	case v.Type() == textType:
		if t, _ := v.Interface().(Text); t != nil {
			fn(path, t, single)
		}
	case v.Kind() == reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			k := yamlKey(f)
			if k == "" || k == "-" || !f.IsExported() {
				continue
			}
			eachText(v.Field(i), joinPath(path, k), f.Tag.Get("single") == "true", fn)
		}
	case v.Kind() == reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			eachText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), single, fn)
		}
	}
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
	for i, r := range s {
		switch {
		case r == '\n' && !single:
		case r == '\t' && !single:
		case r == '\r' && !single:
			e.add(pos, path, "carriage return (U+000D) at character %d: end lines with a plain line feed", utf8.RuneCountInString(s[:i])+1)
			return
		case r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029':
			e.add(pos, path, "line break at character %d: this text must be one line", utf8.RuneCountInString(s[:i])+1)
			return
		case unicode.IsControl(r):
			e.add(pos, path, "control character %U at character %d", r, utf8.RuneCountInString(s[:i])+1)
			return
		case IsBidiControl(r):
			e.add(pos, path, "bidirectional control character %U at character %d could disguise the text", r, utf8.RuneCountInString(s[:i])+1)
			return
		case single && unicode.Is(unicode.Cf, r) && r != '\u200d':
			// Zero-width and other invisible format characters would make
			// a subject (or name) look like another: "paypal\u200b.com".
			// The zero-width joiner stays allowed for emoji sequences.
			e.add(pos, path, "invisible character %U at character %d: this text must show what it says", r, utf8.RuneCountInString(s[:i])+1)
			return
		case r == utf8.RuneError:
			e.add(pos, path, "replacement character U+FFFD at character %d: the text was mis-decoded somewhere", utf8.RuneCountInString(s[:i])+1)
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

// ValidLanguage reports whether s is a well-formed BCP 47 language tag as
// records write them: letters and digits in hyphen-separated subtags
// ("en", "ja", "zh-TW"; not "en_US").
func ValidLanguage(s string) bool {
	_, err := language.Parse(s)
	return err == nil && langRE.MatchString(s)
}

// CheckLocales reports every localized field that lacks text in one of the
// given locales. It is separate from decoding because which locales are
// needed depends on the command, not on the record.
func (r *Record) CheckLocales(locales []string) error {
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
