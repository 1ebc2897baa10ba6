// Package advisory defines the advisory record, the one YAML file per
// advisory that every noticegen command starts from. It decodes records
// strictly (unknown keys, wrong types and missing fields are errors),
// reports every problem of a file at once with its line and column,
// validates content that ends up in email headers and file names, and
// describes the format as a JSON Schema generated from the same types, so
// the documentation cannot drift from the decoder.
package advisory

// Record is one advisory as security staff write it: what happened, who is
// affected, what to do and how urgently. Text that differs per language is a
// Text (a map from locale to text); everything else is written once.
//
// The struct tags drive decoding and the JSON Schema: yaml names the key,
// req marks required keys, doc is the description shown in editors.
type Record struct {
	ID            string        `yaml:"id" req:"true" maxLength:"100" pattern:"^[a-z0-9]+([-_.][a-z0-9]+)*$" doc:"Stable identifier and output file name: lower-case letters, digits and single '-', '_' or '.' between them, at most 100 characters, e.g. 2026-06-09-trend-micro-dsa-linux."`
	Category      Category      `yaml:"category" req:"true" doc:"Kind of notice."`
	Author        string        `yaml:"author" req:"true" doc:"Who wrote the record (a user name); reviewers other than the author approve it."`
	Published     Date          `yaml:"published" req:"true" doc:"Date the advisory was published (YYYY-MM-DD). Relative deadlines count from it."`
	Updated       Date          `yaml:"updated" doc:"Date the advisory was last updated (YYYY-MM-DD); not before published."`
	Source        Source        `yaml:"source" req:"true" doc:"Where the information comes from."`
	Vendor        string        `yaml:"vendor" req:"true" doc:"Vendor of the affected product, e.g. Trend Micro."`
	Product       string        `yaml:"product" req:"true" doc:"Affected product, e.g. Deep Security Agent (DSA)."`
	Platforms     []string      `yaml:"platforms" doc:"Platforms concerned, e.g. [Linux]."`
	CVEs          []string      `yaml:"cves" pattern:"^CVE-[0-9]{4}-[0-9]{4,}$" doc:"CVE ids (CVE-YYYY-NNNN...), if any."`
	Rank          string        `yaml:"rank" pattern:"^[A-E]$" doc:"The digest's rank of the item, A (most severe) to E."`
	Timeframe     Text          `yaml:"timeframe" doc:"The digest's timeframe for acting, e.g. {ja: 月内に, en: Within the month}."`
	Priority      Priority      `yaml:"priority" req:"true" doc:"Response priority; chooses the subject prefix."`
	Deadline      Deadline      `yaml:"deadline" req:"true" doc:"Response deadline: a date (YYYY-MM-DD), a span after the publication date (+14d, +2w), or as-needed."`
	Title         Text          `yaml:"title" req:"true" single:"true" doc:"Title; becomes the email subject after the priority prefix. One line."`
	Summary       Text          `yaml:"summary" req:"true" doc:"One-paragraph summary (一言でいうと)."`
	Lead          Text          `yaml:"lead" req:"true" doc:"Opening sentence after the greeting, saying what the mail is about."`
	Overview      Text          `yaml:"overview" req:"true" doc:"Overview (概要): what happened and what the vendor says."`
	Scope         Scope         `yaml:"scope" req:"true" doc:"Who is affected (影響範囲)."`
	Applicability Applicability `yaml:"applicability" req:"true" doc:"Applicability check (該当判定): conditions and the outcome when none apply."`
	Response      Text          `yaml:"response" doc:"What to do when affected (該当時の対応), as prose for the digest page."`
	Actions       []Text        `yaml:"actions" req:"true" minItems:"1" doc:"Recommended actions (対応手順), in order; numbered in the email."`
	References    []Reference   `yaml:"references" req:"true" minItems:"1" doc:"References (参考情報)."`

	// Positions maps field paths ("title", "actions[1]", "title.en") to
	// where they were written, for located messages after decoding.
	Positions map[string]Pos `yaml:"-"`
	// File is the path the record was loaded from.
	File string `yaml:"-"`
}

// Source names the origin of the information.
type Source struct {
	Name     string `yaml:"name" req:"true" doc:"Name of the source, e.g. iThome."`
	URL      string `yaml:"url" doc:"Address of the original report (http or https)."`
	Language string `yaml:"language" req:"true" doc:"Language of the original report as a BCP 47 tag, e.g. en, ja, zh-TW."`
}

// Scope says which products and conditions the notice is about.
type Scope struct {
	Product   Text `yaml:"product" req:"true" doc:"Affected product as the email names it (対象製品)."`
	Condition Text `yaml:"condition" req:"true" doc:"Condition under which it matters (条件)."`
}

// Applicability is the digest's check: if any condition applies, act; if
// none applies, Otherwise says what to do (usually nothing).
type Applicability struct {
	Conditions []Text `yaml:"conditions" req:"true" minItems:"1" doc:"Conditions; the reader is concerned if any applies."`
	Otherwise  Text   `yaml:"otherwise" req:"true" doc:"Outcome when none applies, e.g. {ja: 静観でOK, en: No action needed}."`
}

// Reference is a document a reader can consult.
type Reference struct {
	Title Text   `yaml:"title" req:"true" single:"true" doc:"What the reference is. One line."`
	URL   string `yaml:"url" doc:"Address (https preferred). Optional for references known only by name."`
}
