package lint

import (
	"fmt"
	"slices"
	"sort"

	"github.com/noticegen/noticegen/internal/render"
)

// Rule describes one check, as noticegen check --rules lists it.
type Rule struct {
	ID       string
	Severity Severity
	Doc      string
}

// The ids of rules that CheckRecord and CheckFile report themselves.
const (
	ruleSchema     = "schema"
	ruleRender     = "render"
	ruleDisable    = "lint-disable"
	ruleNoLocale   = "translation-missing"
	ruleIDFileName = "id-filename"
)

// ruleDef is a rule with its checks: record runs once per record, draft
// once per rendered draft. Rules reported by the driver have neither.
type ruleDef struct {
	Rule
	record func(c *checker)
	draft  func(c *checker, d *render.Draft)
}

// registry lists every rule. Checks run in this order; the findings are
// sorted afterwards, so the order only matters for reading.
var registry = []ruleDef{
	{Rule: Rule{ruleSchema, Error, "the record file must decode: YAML syntax, unknown or missing keys, wrong types, invalid values (everything the loader rejects)"}},
	{Rule: Rule{ruleRender, Error, "every draft of every checked locale must render with the templates and messages in use"}},
	{Rule: Rule{"disclaimer", Error, "every rendered draft must carry the disclaimer, in its text and Markdown forms"}, draft: checkDisclaimer},
	{Rule: Rule{"disclosure", Error, "every draft, made send-ready as export does once it is approved, must carry the disclosure (machine-generated, reviewed by whom and when) in the disclaimer's place, in its text and Markdown forms"}, draft: checkDisclosure},
	{Rule: Rule{ruleNoLocale, Error, "every localized field must have text in every checked locale"}, record: checkTranslationMissing},
	{Rule: Rule{"untranslated", Error, "no text may still carry a translation marker such as [要翻訳] or [TRANSLATE] (as noticegen import leaves them)"}, record: checkUntranslated},
	{Rule: Rule{"unconfirmed", Error, "provenance.unconfirmed must be empty: values noticegen import guessed must be confirmed and struck off the list"}, record: checkUnconfirmed},
	{Rule: Rule{"foreign-script", Warning, "text of a non-Japanese locale should hold no kana (Japanese left in the English text?)"}, record: checkForeignScript},
	{Rule: Rule{"cve-mismatch", Error, "a CVE id in one locale's text of a field must be in every other locale's text of that field"}, record: consistency(kindCVE)},
	{Rule: Rule{"url-mismatch", Error, "a URL in one locale's text of a field must be in every other locale's text of that field"}, record: consistency(kindURL)},
	{Rule: Rule{"version-mismatch", Error, "a version number (2.4.58, 14.1-8.50) in one locale's text of a field must be in every other locale's text of that field"}, record: consistency(kindVersion)},
	{Rule: Rule{"date-mismatch", Error, "a date (2026年6月30日, June 30, 2026, 2026-06-30) in one locale's text of a field must be in every other locale's text of that field"}, record: consistency(kindDate)},
	{Rule: Rule{"number-mismatch", Warning, "a number or an identifier with digits (UAT4356) in one locale's text of a field should be in every other locale's text of that field"}, record: consistency(kindNumber)},
	{Rule: Rule{"placeholder", Error, "no placeholder text may be left in: TODO, TBD, FIXME, XXX, ○○, 〇〇, ××, ＿＿, <...>, <製品名>"}, record: checkPlaceholders},
	{Rule: Rule{"angle-placeholder", Warning, "text in angle brackets such as <hostname> is usually a placeholder to fill in (silence it for command syntax)"}, record: checkAnglePlaceholders},
	{Rule: Rule{ruleUnresolved, Error, "the deadline must resolve to a date: policy needs an sla for the record's priority in noticegen.yaml, and business days can be counted only within 2000–2099"}, record: checkDeadlineUnresolved},
	{Rule: Rule{"deadline-past", Warning, "the deadline (as resolved: business days, the policy's sla, its time of day) should not have passed already (relative to --now)"}, record: checkDeadlinePast},
	{Rule: Rule{"priority-deadline", Warning, "priority and deadline should agree: not critical with as-needed, not low with a deadline within two calendar days of publication"}, record: checkPriorityDeadline},
	{Rule: Rule{"deadline-day-off", Warning, "a deadline written as a date should fall on a business day of the policy's calendar (not a weekend, holiday or closed day; the business day before is suggested) and not right after a break (4 or more of the 7 days before it off: Golden Week, the year-end break)"}, record: checkDeadlineDayOff},
	{Rule: Rule{ruleKEVDeadline, Error, "a vulnerability or incident notice about a known exploited vulnerability (exploited, or in the --kev catalog) gives a deadline, no later than its KEV due date (or the publication date when that had passed)"}, record: checkKEVDeadline},
	{Rule: Rule{ruleKEVPriority, Error, "a vulnerability or incident notice about a known exploited vulnerability (exploited, or in the --kev catalog) has priority high or critical"}, record: checkKEVPriority},
	{Rule: Rule{ruleKEVUnmarked, Error, "with --kev: every CVE of cves that the KEV catalog lists is in exploited, so that the notice says it is exploited"}, record: checkKEVUnmarked},
	{Rule: Rule{ruleKEVMismatch, Error, "with --kev: each exploited entry of source cisa-kev says what the KEV catalog says: the CVE is listed, with its dateAdded, dueDate and ransomware use"}, record: checkKEVMismatch},
	{Rule: Rule{"url-invalid", Error, "source and reference URLs must parse as http(s) URLs with a valid host and no user name or password"}, record: checkURLInvalid},
	{Rule: Rule{"url-https", Warning, "URLs in the record, in URL fields and in text, should use https://"}, record: checkURLHTTPS},
	{Rule: Rule{"subject-length", Warning, "the subject should fit what a mail client shows: about 80 display columns (40 full-width characters) in Japanese, 78 characters in other languages"}, draft: checkSubjectLength},
	{Rule: Rule{"iso-2022-jp", Warning, "Japanese text should hold only characters ISO-2022-JP mail carries: no half-width katakana, ①-style or other non-JIS X 0208 characters, emoji"}, record: checkCharsetRecord, draft: checkCharsetDraft},
	{Rule: Rule{"ja-style", Warning, "Japanese sentences should not mix です/ます and だ/である endings"}, record: checkJapaneseStyle},
	{Rule: Rule{ruleTLPText, Error, "a TLP label written in the record's text (a title \"[TLP:AMBER] …\", a sentence) is no stricter than its marking (tlp:; unmarked counts as CLEAR): only the marking restricts where export sends the .eml"}, record: checkTLPText},
	{Rule: Rule{ruleFidelity, Error, "an imported record must keep every fact of its source file (found beside the record or in --sources): each CVE id, each product with its status and version, each OSV package with its fixed, last affected and limit versions (also in the actions), the malware flag, its TLP marking (no less strict)"}, record: checkSourceFidelity},
	{Rule: Rule{ruleSourceMissing, Warning, "an imported record's source file (provenance.file) should be at hand, beside the record or in --sources, so that source-fidelity can check the record against it"}},
	{Rule: Rule{ruleSourceChanged, Warning, "the source file found should be the one the record was imported from: its SHA-256 is provenance.sha256 and its id provenance.id"}},
	{Rule: Rule{ruleRevisionMissing, Warning, "facts of the record (deadline, priority, products and their statuses and fixes, actions, CVEs, references) should not change since its last approval in the review log unless a revision is added that says so"}, record: checkRevisionMissing},
	{Rule: Rule{ruleIDFileName, Error, "the record's id must be its file name (<id>.yaml): export and review find records by id"}},
	{Rule: Rule{ruleDisable, Error, "lint.disable may list only known warning rules; error rules cannot be silenced"}},
}

// Rules returns every rule, sorted by id.
func Rules() []Rule {
	out := make([]Rule, len(registry))
	for i, r := range registry {
		out[i] = r.Rule
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// byID indexes the rules; it is filled in init, as registry's checks
// refer to it through severityOf.
var byID map[string]Rule

func init() {
	byID = make(map[string]Rule, len(registry))
	for _, r := range registry {
		byID[r.ID] = r.Rule
	}
}

// severityOf returns the severity of the rule with id; an unknown id is a
// programming error.
func severityOf(id string) Severity {
	r, ok := byID[id]
	if !ok {
		panic("lint: unknown rule " + id)
	}
	return r.Severity
}

// silence applies the record's lint.disable list: it drops the warnings of
// the rules listed, and reports every entry that names an unknown rule or
// an error rule (which stays in force).
func (c *checker) silence() []Finding {
	off := map[string]bool{}
	for i, id := range c.rec.Lint.Disable {
		path := fmt.Sprintf("lint.disable[%d]", i)
		r, ok := byID[id]
		switch {
		case !ok:
			c.report(ruleDisable, path, "unknown rule %q (noticegen check --rules lists them)", id)
		case r.Severity == Error:
			c.report(ruleDisable, path, "%s is an error rule and cannot be silenced: fix the record instead", id)
		default:
			off[id] = true
		}
	}
	return slices.DeleteFunc(c.findings, func(f Finding) bool {
		return f.Severity == Warning && off[f.Rule]
	})
}
