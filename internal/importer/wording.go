package importer

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/noticegen/noticegen/internal/advisory"
)

func dateWords(t time.Time) (string, string) {
	return t.Format("January 2, 2006"), fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// subject names the advisory in generated sentences: "Red Hat Product
// Security advisory RHSA-2024:4546".
func (b *builder) publisher() string {
	if p := oneLine(b.d.publisher); p != "" {
		return p
	}
	return "the publisher"
}

func (b *builder) lead() lt {
	d := b.d
	pub, id := b.publisher(), oneLine(d.id)
	pubJA := pub
	if pub == "the publisher" {
		pubJA = "公開元"
	}
	switch d.kind {
	case kindNotAffected:
		cves := b.cves()
		what, whatJA := "the vulnerability it describes", "記載の脆弱性"
		if len(cves) > 0 {
			what, whatJA = listWords("en", cves, 5), listWords("ja", cves, 5)
		}
		return lt{
			"en": fmt.Sprintf("%s states in %s that the products listed below are not affected by %s; we are informing you that no action is needed.", pub, id, what),
			"ja": fmt.Sprintf("%s は %s において、下記の製品は %s の影響を受けないと表明しています。対応は不要であることをお知らせいたします。", pubJA, id, whatJA),
		}
	case kindWithdrawn:
		return words("%s has withdrawn advisory %s; we are informing you so that no one acts on it.",
			"%s はアドバイザリ %s を取り下げました。これに基づく対応は不要であることをお知らせいたします。", pub, id)
	case kindInfo:
		return lt{
			"en": fmt.Sprintf("We are sharing information published by %s (%s).", pub, id),
			"ja": fmt.Sprintf("%s が公開した情報（%s）を共有いたします。", pubJA, id),
		}
	}
	return lt{
		"en": fmt.Sprintf("We are informing you of security advisory %s, published by %s.", id, pub),
		"ja": fmt.Sprintf("%s が公開したセキュリティアドバイザリ %s についてお知らせいたします。", pubJA, id),
	}
}

// groupLines words product groups, one per line, within the limits.
func groupLines(loc string, gs []group) []string {
	var lines []string
	for i, g := range gs {
		if i == maxGroups {
			more := len(gs) - maxGroups
			if loc == "ja" {
				lines = append(lines, fmt.Sprintf("ほか %s 製品（原文を参照）", itoa(more)))
			} else {
				lines = append(lines, fmt.Sprintf("and %s more products (see the source)", itoa(more)))
			}
			break
		}
		line := oneLine(g.name)
		items := readable(g.items)
		if len(items) > maxGroupItems && len(g.short) > 0 {
			items = readable(g.short)
		}
		if len(g.ranges) > 0 {
			items = nil
			for _, r := range g.ranges {
				items = uniq(items, r[loc])
			}
		}
		if len(items) > 0 {
			sep := ": "
			if loc == "ja" {
				sep = "："
			}
			words := listWords(loc, items, maxGroupItems)
			if line == "" {
				line = words
			} else {
				line += sep + words
			}
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

// readable drops debug-information packages from a list of packages, as
// long as something else is left: they follow their main package.
func readable(items []string) []string {
	var out []string
	for _, it := range items {
		name, _, _ := strings.Cut(it, " ")
		if !strings.HasSuffix(name, "-debuginfo") && !strings.HasSuffix(name, "-debugsource") {
			out = append(out, it)
		}
	}
	if len(out) == 0 {
		return items
	}
	return out
}

func (b *builder) scopeProduct() lt {
	d := b.d
	out := lt{}
	for _, loc := range []string{"en", "ja"} {
		lines := groupLines(loc, d.scope)
		if len(lines) == 0 {
			names := d.products
			if len(names) == 0 && len(d.vendors) > 0 {
				names = d.vendors
			}
			if len(names) == 0 {
				names = []string{oneLine(d.title)}
			}
			lines = []string{listWords(loc, names, maxGroupItems)}
			if strings.TrimSpace(lines[0]) == "" {
				lines = []string{d.id}
			}
		}
		if len(d.notAffected) > 0 && d.kind != kindNotAffected {
			na := groupLines(loc, d.notAffected)
			label := "Not affected: "
			if loc == "ja" {
				label = "影響を受けない製品："
			}
			lines = append(lines, label+strings.Join(na, "; "))
		}
		out[loc] = strings.Join(lines, "\n")
		if strings.TrimSpace(out[loc]) == "" {
			out[loc] = d.id
		}
	}
	return out
}

func (b *builder) condition() lt {
	d := b.d
	switch d.kind {
	case kindNotAffected:
		return words("None: the vendor states that these products are not affected.", "なし（ベンダーは上記の製品が影響を受けないと表明しています）")
	case kindWithdrawn:
		return words("None: the advisory was withdrawn.", "なし（アドバイザリは取り下げられました）")
	case kindInfo:
		return words("See the overview.", "概要をご確認ください。")
	}
	switch d.scopeKind {
	case scopeFixed:
		return words("Systems running the products above on which the updated versions listed are not yet installed.",
			"上記の製品を使用し、記載の更新版がまだ適用されていないシステム")
	case scopePackages:
		return words("Software that uses an affected version of the packages above.", "上記パッケージの影響を受けるバージョンを使用しているソフトウェア")
	case scopeMalicious:
		return words("Systems on which one of the package versions above was installed.", "上記のパッケージのバージョンがインストールされたシステム")
	}
	return words("You use one of the products or versions above.", "上記の製品・バージョンを使用している場合")
}

// productNames names the products for applicability conditions.
func (b *builder) productNames(loc string) string {
	var names []string
	for _, g := range b.d.scope {
		names = uniq(names, oneLine(g.name))
	}
	if len(names) == 0 {
		names = b.d.products
	}
	if len(names) == 0 {
		names = b.d.vendors
	}
	if len(names) == 0 {
		if loc == "ja" {
			return "記載の製品"
		}
		return "the products concerned"
	}
	s := listWords(loc, names, maxNameInField)
	if loc == "en" && len(names) <= maxNameInField {
		// "You use A or B": any of them is enough.
		if i := strings.LastIndex(s, " and "); i >= 0 {
			s = s[:i] + " or " + s[i+len(" and "):]
		}
	}
	return s
}

func (b *builder) applicability() advisory.Applicability {
	d := b.d
	use := lt{"en": "You use " + b.productNames("en"), "ja": b.productNames("ja") + " を使用している"}
	var conds []lt
	switch d.kind {
	case kindWithdrawn:
		conds = []lt{words("You took measures based on %s while it was published", "公開中の %s に基づいて対応を行った", oneLine(d.id))}
	case kindVuln:
		conds = []lt{use}
		if d.hasFix {
			conds = append(conds, words("The fixed versions are not yet installed", "修正版をまだ適用していない"))
		}
	default:
		conds = []lt{use}
	}
	a := advisory.Applicability{Otherwise: b.gen(words("No action needed", "対応は不要です"))}
	for _, c := range conds {
		a.Conditions = append(a.Conditions, b.gen(c))
	}
	return a
}

// categoryOrder is the order remediation categories are listed in: fixes
// first, then what to do until a fix is installed, then what to do when
// there is none.
var categoryOrder = []string{"vendor_fix", "optional_patch", "mitigation", "workaround", "fix_planned", "none_available", "no_fix_planned", ""}

func categoryPrefix(cat, loc string) string {
	en := map[string]string{"mitigation": "Mitigation: ", "workaround": "Workaround: ", "none_available": "No fix available: ",
		"no_fix_planned": "No fix planned: ", "fix_planned": "Fix planned: ", "optional_patch": "Optional patch: "}
	ja := map[string]string{"mitigation": "緩和策：", "workaround": "回避策：", "none_available": "修正版なし：",
		"no_fix_planned": "修正予定なし：", "fix_planned": "修正予定：", "optional_patch": "任意のパッチ："}
	if loc == "ja" {
		return ja[cat]
	}
	return en[cat]
}

func (b *builder) actions() []advisory.Text {
	d := b.d
	var out []advisory.Text
	switch d.kind {
	case kindNotAffected:
		return []advisory.Text{b.gen(words("No action is needed for the products listed: the vendor states that they are not affected.",
			"記載の製品については対応は不要です（ベンダーは影響を受けないと表明しています）。"))}
	case kindWithdrawn:
		en, ja := "", ""
		if !d.withdrawn.IsZero() {
			e, j := dateWords(d.withdrawn)
			en, ja = " on "+e, " "+j+"に"
		}
		return []advisory.Text{b.gen(lt{
			"en": fmt.Sprintf("No action is needed: %s withdrew this advisory%s.", b.publisher(), en),
			"ja": fmt.Sprintf("対応は不要です。%s は%sこのアドバイザリを取り下げました。", b.publisher(), ja),
		})}
	case kindVuln:
		out = append(out, b.gen(words("Check whether you use the products and versions listed under Scope.",
			"「影響範囲」に記載の製品・バージョンを使用しているか確認してください。")))
	}
	acts := slices.Clone(d.actions)
	slices.SortStableFunc(acts, func(x, y action) int {
		return slices.Index(categoryOrder, x.category) - slices.Index(categoryOrder, y.category)
	})
	for i, a := range acts {
		if i == maxActions {
			out = append(out, b.gen(words("%d more remediations are given in the source advisory.", "原文にはほか %d 件の対策が記載されています。", len(acts)-maxActions)))
			break
		}
		if a.gen != nil {
			out = append(out, b.gen(a.gen))
			continue
		}
		text := categoryPrefix(a.category, b.textLoc) + clip(unwrap(cleanText(a.text)), maxParagraph)
		if len(a.products) > 0 {
			sep := ": "
			if b.textLoc == "ja" {
				sep = "："
			}
			text = listWords(b.textLoc, a.products, maxNameInField) + sep + text
		}
		if u := b.checkURL(a.url); u != "" && !strings.Contains(text, u) {
			text += "\n" + u
		}
		out = append(out, b.srcText(text))
	}
	if len(out) == 0 || (d.kind == kindVuln && len(acts) == 0) {
		if d.kind == kindInfo {
			out = append(out, b.gen(words("Read the overview and the references, and check whether they concern your systems.",
				"概要と参考情報を確認し、自組織のシステムに関係するかを確認してください。")))
		} else {
			out = append(out, b.gen(words("The source gives no remediation: follow the vendor's advisory (see References) and watch for a fix.",
				"原文には対策が示されていません。参考情報のベンダー情報を確認し、修正版の提供に注意してください。")))
		}
	}
	return out
}

func (b *builder) references() []advisory.Reference {
	d := b.d
	var out []advisory.Reference
	seen := map[string]bool{}
	srcURL := b.checkURL(d.sourceURL)
	first := oneLine(b.publisher() + " " + d.id)
	if b.d.publisher == "" {
		first = oneLine(d.id)
	}
	out = append(out, advisory.Reference{Title: b.name(clip(first, maxTitle)), URL: srcURL})
	seen[srcURL] = srcURL != ""
	more := 0
	for _, r := range d.refs {
		u := b.checkURL(r.url)
		title := refName(oneLine(r.title), u)
		if title == "" || (u != "" && seen[u]) {
			continue
		}
		if u != "" {
			seen[u] = true
		}
		if len(out) == maxReferences {
			more++
			continue
		}
		t := b.name(title)
		if r.gen != nil {
			t = b.gen(r.gen)
		}
		out = append(out, advisory.Reference{Title: t, URL: u})
	}
	if len(out) == 1 {
		// The source gives no references: point to the CVE records.
		for i, c := range b.cves() {
			if i == 5 {
				break
			}
			out = append(out, advisory.Reference{Title: b.name(c + " (CVE.org)"), URL: "https://www.cve.org/CVERecord?id=" + c})
		}
	}
	if more > 0 {
		out = append(out, advisory.Reference{Title: b.gen(words("%s more references in the source document", "原文にはほか %s 件の参考情報があります", itoa(more)))})
	}
	return out
}

// refName makes a reference title readable: a title that is only the URL
// becomes the host and what identifies the page; a bare number gets the
// host it is a number on (a bug tracker's).
func refName(title, u string) string {
	host, rest := "", ""
	if p, err := url.Parse(u); err == nil {
		host, rest = p.Host, strings.TrimSuffix(p.Path, "/")
		if p.RawQuery != "" {
			rest += "?" + p.RawQuery
		}
		if p.Fragment != "" {
			rest += "#" + p.Fragment
		}
	}
	switch {
	case title == "":
		title = u
		fallthrough
	case (title == u || strings.EqualFold(title, "Canonical URL")) && host != "":
		if m := cveInRE.FindString(u); m != "" {
			return host + ": " + m
		}
		return clip(host+rest, 100)
	case strings.IndexFunc(title, unicode.IsLetter) < 0 && host != "":
		return host + " " + title
	}
	return clip(title, maxTitle)
}

var cveInRE = regexp.MustCompile(`CVE-[0-9]{4}-[0-9]{4,}`)

// header is the comment at the top of the record file.
func (b *builder) header() string {
	d := b.d
	lines := []string{
		fmt.Sprintf("Imported by noticegen import from %s: %s, id %s.", oneLine(b.src.baseName()), d.detected, oneLine(d.id)),
		"Check every field before sending: text marked " + Marker("ja") + " / " + Marker("en") + " is the source's",
		"own text awaiting translation, and the fields listed in provenance.unconfirmed",
		"are defaults to confirm (remove each from the list once confirmed).",
	}
	return strings.Join(lines, "\n")
}
