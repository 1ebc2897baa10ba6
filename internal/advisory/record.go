// Package advisory defines the advisory record, the one YAML file per
// advisory that every noticegen command starts from. It decodes records
// strictly (unknown keys, wrong types and missing fields are errors),
// reports every problem of a file at once with its line and column,
// validates content that ends up in email headers and file names, and
// describes the format as a JSON Schema generated from the same types, so
// the documentation cannot drift from the decoder.
package advisory

import (
	"fmt"
	"time"
)

// Record is one advisory as security staff write it: what happened, who is
// affected, what to do and how urgently. Text that differs per language is a
// Text (a map from locale to text); everything else is written once.
//
// The struct tags are the field table (fields.go) that decoding, encoding,
// validation and the JSON Schema follow: yaml names the key, req marks
// required keys, doc is the description shown in editors, pattern names a
// shape of patterns.go, check says how text is checked.
type Record struct {
	ID            string        `yaml:"id" req:"true" pattern:"id" doc:"Stable identifier and output file name: lower-case letters, digits and single '-', '_' or '.' between them, at most 100 characters, e.g. 2026-06-09-trend-micro-dsa-linux."`
	Category      Category      `yaml:"category" req:"true" doc:"Kind of notice."`
	TLP           TLP           `yaml:"tlp" doc:"Traffic Light Protocol 2.0 marking: who the readers may share the notice with (clear, green, amber, amber+strict, red). Shown in every draft's subject and body; export checks the .eml recipients against it. Left out, the notice is unmarked."`
	Author        string        `yaml:"author" req:"true" check:"name" doc:"Who wrote the record (a user name); reviewers other than the author approve it."`
	Published     Date          `yaml:"published" req:"true" doc:"Date the advisory was published (YYYY-MM-DD). Relative deadlines count from it."`
	Updated       Date          `yaml:"updated" doc:"Date the advisory was last updated (YYYY-MM-DD); not before published."`
	Source        Source        `yaml:"source" req:"true" doc:"Where the information comes from."`
	Vendor        string        `yaml:"vendor" req:"true" check:"name" doc:"Vendor of the affected product, e.g. Trend Micro."`
	Product       string        `yaml:"product" req:"true" check:"name" doc:"Affected product, e.g. Deep Security Agent (DSA)."`
	Platforms     []string      `yaml:"platforms" check:"line" doc:"Platforms concerned, e.g. [Linux]."`
	CVEs          []string      `yaml:"cves" pattern:"cve" doc:"CVE ids (CVE-YYYY-NNNN...), if any."`
	Exploited     []Exploit     `yaml:"exploited" doc:"Vulnerabilities of cves known to be exploited, one entry per CVE id and source (noticegen import --kev fills it from CISA's KEV catalog). Drafts say so at the top of the overview; check holds a vulnerability or incident notice to a priority of at least high and a deadline no later than the earliest due date."`
	Rank          string        `yaml:"rank" pattern:"rank" doc:"The digest's rank of the item, A (most severe) to E."`
	Timeframe     Text          `yaml:"timeframe" doc:"The digest's timeframe for acting, e.g. {ja: 月内に, en: Within the month}."`
	Priority      Priority      `yaml:"priority" req:"true" doc:"Response priority; chooses the subject prefix."`
	Deadline      Deadline      `yaml:"deadline" req:"true" doc:"Response deadline: a date (YYYY-MM-DD), a date and time with its zone (2026-05-11T17:00+09:00), a span after the publication date (+14d, +2w, or +5bd business days), policy (the SLA the policy file gives the priority), or as-needed."`
	Revisions     []Revision    `yaml:"revisions" section:"true" doc:"Follow-ups of a notice already sent, oldest first (append each new one at the end): the newest one's kind puts [Update] or [Correction] before the subject, and the draft lists them, newest first, in a first section. noticegen diff drafts an entry."`
	Title         Text          `yaml:"title" req:"true" single:"true" section:"true" doc:"Title; becomes the email subject after the priority prefix. One line."`
	Summary       Text          `yaml:"summary" req:"true" section:"true" doc:"One-paragraph summary (一言でいうと)."`
	Lead          Text          `yaml:"lead" req:"true" section:"true" doc:"Opening sentence after the greeting, saying what the mail is about."`
	Overview      Text          `yaml:"overview" req:"true" section:"true" doc:"Overview (概要): what happened and what the vendor says."`
	Scope         Scope         `yaml:"scope" req:"true" section:"true" doc:"Who is affected (影響範囲)."`
	Applicability Applicability `yaml:"applicability" req:"true" section:"true" doc:"Applicability check (該当判定): conditions and the outcome when none apply."`
	Response      Text          `yaml:"response" section:"true" doc:"What to do when affected (該当時の対応), as prose for the digest page."`
	Actions       []Text        `yaml:"actions" req:"true" minItems:"1" item:"action" section:"true" doc:"Recommended actions (対応手順), in order; numbered in the email."`
	References    []Reference   `yaml:"references" req:"true" minItems:"1" item:"reference" section:"true" doc:"References (参考情報)."`
	Provenance    Provenance    `yaml:"provenance" section:"true" doc:"Where an imported record came from (written by noticegen import; absent in records written by hand)."`
	Lint          LintOptions   `yaml:"lint" doc:"Settings for noticegen check on this record: warning rules to silence."`

	// Positions maps field paths ("title", "actions[1]", "title.en") to
	// where they were written, for located messages after decoding.
	Positions map[string]Pos `yaml:"-"`
	// File is the path the record was loaded from.
	File string `yaml:"-"`
}

// Revision is one follow-up of a notice already sent: when it was revised,
// whether it is an update (new information) or a correction (something
// said was wrong), and what changed.
type Revision struct {
	Date    Date         `yaml:"date" req:"true" doc:"Date of the revision (YYYY-MM-DD): not before published, not after updated; not before the revision before it."`
	Kind    RevisionKind `yaml:"kind" req:"true" doc:"update (new information: a fix released, a deadline moved) or correction (something the notice said was wrong)."`
	Summary Text         `yaml:"summary" req:"true" doc:"What changed, per locale; one sentence per line (noticegen diff drafts it)."`
}

// Source names the origin of the information.
type Source struct {
	Name     string `yaml:"name" req:"true" check:"name" doc:"Name of the source, e.g. iThome."`
	URL      string `yaml:"url" check:"url" doc:"Address of the original report (http or https)."`
	Language string `yaml:"language" req:"true" check:"language" doc:"Language of the original report as a BCP 47 tag, e.g. en, ja, zh-TW."`
}

// Scope says which products and conditions the notice is about.
type Scope struct {
	Product   Text `yaml:"product" req:"true" doc:"Affected product as the email names it (対象製品)."`
	Condition Text `yaml:"condition" req:"true" doc:"Condition under which it matters (条件)."`
	// Status is optional: hand-written records usually leave it out.
	Status []ProductStatus `yaml:"status" doc:"Optional: what the source says per product (affected, fixed, not_affected, under_investigation), where it matters; drafts list affected products and their fixes first and not-affected products on a line of their own."`
}

// Applicability is the digest's check: if any condition applies, act; if
// none applies, Otherwise says what to do (usually nothing).
type Applicability struct {
	Conditions []Text `yaml:"conditions" req:"true" minItems:"1" item:"condition" doc:"Conditions; the reader is concerned if any applies."`
	Otherwise  Text   `yaml:"otherwise" req:"true" doc:"Outcome when none applies, e.g. {ja: 静観でOK, en: No action needed}."`
}

// Reference is a document a reader can consult.
type Reference struct {
	Title Text   `yaml:"title" req:"true" single:"true" doc:"What the reference is. One line."`
	URL   string `yaml:"url" check:"url" doc:"Address (https preferred). Optional for references known only by name."`
}

// LintOptions tune noticegen check for one record. Only warning rules can
// be silenced: a record with an error cannot be made to pass.
type LintOptions struct {
	Disable []string `yaml:"disable" pattern:"rule" doc:"Ids of warning rules of noticegen check to silence for this record (noticegen check --rules lists them), e.g. [subject-length]. Unknown ids and error rules are errors."`
}

// Provenance says where an imported record came from. noticegen import
// writes it; records written by hand leave it out.
type Provenance struct {
	Format      string    `yaml:"format" req:"true" doc:"Format of the source document: csaf (CSAF 2.0/2.1), osv (OSV JSON or YAML), jvn-vuldef (MyJVN VULDEF XML) or jvn-json (JVN's CSAF-like JSON)."`
	ID          string    `yaml:"id" req:"true" doc:"The source document's own id, e.g. RHSA-2024:4546, GO-2024-2687, JVNDB-2021-002774."`
	File        string    `yaml:"file" doc:"Base name of the imported file."`
	SHA256      string    `yaml:"sha256" req:"true" pattern:"sha256" doc:"SHA-256 of the imported file, lower-case hex: which exact version of the source the record was made from."`
	Imported    Timestamp `yaml:"imported" req:"true" doc:"When the record was imported (RFC 3339)."`
	TLP         string    `yaml:"tlp" doc:"Traffic Light Protocol label of the source as it writes it (CLEAR, WHITE, GREEN, AMBER, AMBER+STRICT, RED), if it gives one; the record's tlp carries it over."`
	Unconfirmed []string  `yaml:"unconfirmed" doc:"Fields the importer filled with defaults or guesses that a person must confirm (e.g. priority, deadline); remove each entry once confirmed. check reports the record while the list is not empty."`
}

// Timestamp is a point in time written in RFC 3339, e.g.
// 2026-06-09T09:00:00+09:00.
type Timestamp struct {
	time.Time
}

func (t *Timestamp) parse(s string) error {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("invalid time %q: want RFC 3339, e.g. 2026-06-09T09:00:00+09:00", s)
	}
	t.Time = v
	return nil
}

func (Timestamp) schema() map[string]any {
	return map[string]any{"type": "string", "format": "date-time"}
}

// String returns the time in RFC 3339.
func (t Timestamp) String() string { return t.Format(time.RFC3339) }

// MarshalText writes the time in RFC 3339.
func (t Timestamp) MarshalText() ([]byte, error) { return []byte(t.String()), nil }
