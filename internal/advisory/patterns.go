package advisory

import (
	"fmt"
	"regexp"

	"golang.org/x/text/language"
)

// The shapes of the values records hold, each defined once here: the
// decoder checks values with them, the JSON Schema publishes them, and the
// importer, check, review and mail use these functions instead of copies.

// CVEPattern is a CVE id without anchors ("CVE-2024-3094"), for finding
// CVE ids in running text; IsCVE checks a whole value.
const CVEPattern = `CVE-[0-9]{4}-[0-9]{4,}`

var (
	idRE     = regexp.MustCompile(`^[a-z0-9]+([-_.][a-z0-9]+)*$`)
	cveRE    = regexp.MustCompile(`^` + CVEPattern + `$`)
	rankRE   = regexp.MustCompile(`^[A-E]$`)
	sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)
	ruleRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// localeRE is a locale as noticegen names them: the keys of Text, the
	// message files (ja.yaml, pt-BR.yaml) and the drafts rendered from
	// them. A language of two or three lower-case letters and subtags of
	// two to eight letters or digits.
	localeRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	// languageRE is the looser shape of a source document's language
	// (source.language): any case, and one-letter subtags (extensions,
	// private use). ValidLanguage also asks golang.org/x/text/language.
	languageRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	// windowsReserved matches device names Windows refuses as file names,
	// with or without an extension.
	windowsReserved = regexp.MustCompile(`^(con|prn|aux|nul|com[0-9]|lpt[0-9])([.].*)?$`)
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

// IsCVE reports whether s is a CVE id, CVE-YYYY-NNNN with four or more
// digits at the end, in upper case.
func IsCVE(s string) bool { return cveRE.MatchString(s) }

// ValidRank reports whether s is a digest rank: one letter A to E.
func ValidRank(s string) bool { return rankRE.MatchString(s) }

// IsSHA256 reports whether s is a SHA-256 in lower-case hex.
func IsSHA256(s string) bool { return sha256RE.MatchString(s) }

// ValidLocale reports whether s is a locale tag as noticegen uses them:
// a key of localized text ("ja", "en", "zh-TW"), the name of a message
// file, the locale of a draft.
func ValidLocale(s string) bool { return localeRE.MatchString(s) }

// ValidLanguage reports whether s is a well-formed BCP 47 language tag as
// records write them: letters and digits in hyphen-separated subtags
// ("en", "ja", "zh-TW"; not "en_US").
func ValidLanguage(s string) bool {
	_, err := language.Parse(s)
	return err == nil && languageRE.MatchString(s)
}

// A shape is a pattern a field's values must match, named by the field's
// pattern tag. check returns why a value does not fit ("" when it does);
// a shape without check is published in the schema only.
type shape struct {
	re        *regexp.Regexp
	maxLength int
	check     func(s string) string
}

var shapes = map[string]shape{
	"id": {re: idRE, maxLength: MaxIDLength, check: ValidID},
	"cve": {re: cveRE, check: func(s string) string {
		if IsCVE(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a CVE id (want CVE-YYYY-NNNN)", s)
	}},
	"rank": {re: rankRE, check: func(s string) string {
		if ValidRank(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a rank: want one letter A to E", s)
	}},
	"sha256": {re: sha256RE, check: func(s string) string {
		if IsSHA256(s) {
			return ""
		}
		return fmt.Sprintf("%q is not a SHA-256: want 64 lower-case hex digits", s)
	}},
	// Rule ids are checked by check itself (rule lint-disable), which
	// knows which rules exist and says so; a record that lists a
	// misspelt rule still renders.
	"rule": {re: ruleRE},
}
