package importer

import (
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/locale"
)

// Translation markers start a localized field whose text is still in the
// source's language. Each locale file defines its own (the message
// translation.marker), so a new locale brings its marker along; check
// reports text that holds one.

// IsUntranslated reports whether localized text s is a placeholder the
// importer left for a translator: it starts with the marker of a locale of
// cat (nil: the embedded locale files).
func IsUntranslated(cat *locale.Catalog, s string) bool {
	if cat == nil {
		cat = mustEmbedded()
	}
	for _, l := range cat.Locales() {
		if strings.HasPrefix(s, cat.Marker(l)) {
			return true
		}
	}
	return false
}

// Pending lists what a person must still do to an imported record before
// it is sent: every localized field still holding an untranslated
// placeholder ("title.en: untranslated") and every field listed in
// provenance.unconfirmed ("priority: default to confirm"). A record with
// nothing pending gives nil. cat holds the markers (nil: the embedded
// locale files).
func Pending(cat *locale.Catalog, r *advisory.Record) []string {
	var out []string
	r.EachText(func(path string, t advisory.Text, _ bool) {
		for _, l := range t.Locales() {
			if IsUntranslated(cat, t[l]) {
				out = append(out, path+"."+l+": untranslated")
			}
		}
	})
	for _, f := range r.Provenance.Unconfirmed {
		out = append(out, f+": default to confirm")
	}
	return out
}

// mustEmbedded is the catalog of the embedded locale files, which the
// tests of this package and of locale prove loads.
func mustEmbedded() *locale.Catalog {
	cat, err := embeddedCatalog()
	if err != nil {
		panic("importer: embedded locale files: " + err.Error())
	}
	return cat
}
