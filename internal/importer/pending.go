package importer

import (
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
)

// Translation markers start a localized field whose text is still in the
// source's language. check reports fields that start with one.
var markers = map[string]string{"ja": "[要翻訳]", "en": "[TRANSLATE]"}

// Marker returns the marker that flags untranslated text in locale loc.
func Marker(loc string) string {
	if m, ok := markers[loc]; ok {
		return m
	}
	return "[TRANSLATE]"
}

// IsUntranslated reports whether localized text s is a placeholder the
// importer left for a translator.
func IsUntranslated(s string) bool {
	for _, m := range markers {
		if strings.HasPrefix(s, m) {
			return true
		}
	}
	return false
}

// Pending lists what a person must still do to an imported record before
// it is sent: every localized field still holding an untranslated
// placeholder ("title.en: untranslated") and every field listed in
// provenance.unconfirmed ("priority: default to confirm"). A record with
// nothing pending gives nil.
func Pending(r *advisory.Record) []string {
	var out []string
	r.EachText(func(path string, t advisory.Text, _ bool) {
		for _, l := range t.Locales() {
			if IsUntranslated(t[l]) {
				out = append(out, path+"."+l+": untranslated")
			}
		}
	})
	for _, f := range r.Provenance.Unconfirmed {
		out = append(out, f+": default to confirm")
	}
	return out
}
