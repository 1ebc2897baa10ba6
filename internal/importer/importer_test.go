package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
)

// importErr imports data and returns the error message, failing the test
// if it succeeds.
func importErr(t *testing.T, name, data string) string {
	t.Helper()
	_, err := Import(name, []byte(data), testOptions)
	if err == nil {
		t.Fatalf("%s: imported; want an error", name)
	}
	return err.Error()
}

func TestErrors(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"truncated.json", "{\n  \"document\": {\n    \"csaf_version\": \"2.0\",\n    \"title\": \"x", "truncated.json:4:16: truncated JSON"},
		{"truncated2.json", "{\"id\": \"GO-1\", \"modified\": ", "truncated JSON"},
		{"syntax.json", "{\n\"id\": \"GO-1\",,\n}", "syntax.json:2:14: invalid JSON"},
		{"type.json", "{\"id\": \"GO-1\", \"modified\": \"x\", \"affected\": {\"a\": 1}}", "type.json:1:"},
		{"empty.json", "  \n", "empty file"},
		{"array.json", "[{\"id\": \"GO-1\"}]", "a JSON array"},
		{"unknown.json", "{\"hello\": 1}", "unrecognised JSON"},
		{"nocsafversion.json", "{\"document\": {\"title\": \"x\"}}", "not a CSAF document"},
		{"noid.json", "{\"document\": {\"csaf_version\": \"2.0\", \"tracking\": {}}}", "document.tracking.id is missing"},
		{"xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"><Vulinfo><VulinfoID>&xxe;</VulinfoID></Vulinfo></VULDEF-Document>", "xxe.xml:2:1: XML with a DOCTYPE declaring entities"},
		{"bomb.xml", "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"/>", "DOCTYPE declaring entities"},
		{"entity.xml", "<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"><Vulinfo><VulinfoID>&xxe;</VulinfoID></Vulinfo></VULDEF-Document>", "invalid XML"},
		{"truncated.xml", "<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"><Vulinfo><VulinfoID>JVNDB-2022-000097</Vuli", "truncated.xml:1:"},
		{"other.xml", "<rss version=\"2.0\"><channel/></rss>", "unsupported XML document (root element <rss>"},
		{"cvrf.xml", "<cvrfdoc xmlns=\"http://www.icasi.org/CVRF/schema/cvrf/1.1\"/>", "a CVRF document"},
		{"novulinfo.xml", "<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"></VULDEF-Document>", "without Vulinfo entries"},
		{"apierror.xml", "<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\" xmlns:status=\"http://jvndb.jvn.jp/myjvn/Status\"><status:Status retCd=\"1\" errCd=\"1001\" errMsg=\"bad request\"/></VULDEF-Document>", "MyJVN API error response"},
		{"latin1.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"/>", "convert the file to UTF-8"},
		{"bad-utf8.json", "{\"id\": \"GO-\xff\"}", "bad-utf8.json:1:12: invalid UTF-8 (byte 0xff)"},
		{"alias.yaml", "id: &a PYSEC-1\nmodified: *a\n", "YAML aliases are not accepted"},
		{"record.yaml", "id: x\npriority: high\n", "looks like a noticegen record"},
		{"text.txt", "just some text", "not an advisory"},
		{"bad.yaml", "id: [\n", "invalid YAML"},
		{"noid.yaml", "id: ''\nmodified: 2024-01-01T00:00:00Z\n", "OSV record without an id"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := importErr(t, c.name, c.data)
			if !strings.Contains(msg, c.want) || !strings.HasPrefix(msg, c.name+":") {
				t.Errorf("error %q, want it to name the file and say %q", msg, c.want)
			}
		})
	}
}

func TestRSSListRefused(t *testing.T) {
	msg := importErr(t, "list.xml", `<rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sec="http://jvn.jp/rss/mod_sec/3.0/">
<item><title>a</title><sec:identifier>JVNDB-2025-000001</sec:identifier></item></rdf:RDF>`)
	if !strings.Contains(msg, "JVNRSS overview list") || !strings.Contains(msg, "JVNDB-2025-000001") {
		t.Error(msg)
	}
}

// TestSizeLimit: a file over the limit is refused by its size, before it
// is read (the sparse 100 MB file takes no disk space and is never read).
func TestSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ImportFile(path, testOptions)
	if err == nil || !strings.Contains(err.Error(), "file is 104,857,600 bytes; the import limit is 33,554,432 bytes (32 MiB)") {
		t.Fatalf("got %v", err)
	}
	if _, err := ImportFile(filepath.Join(t.TempDir(), "missing.json"), testOptions); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestSafeID(t *testing.T) {
	for in, want := range map[string]string{
		"BSI-2022-0001":                         "bsi-2022-0001",
		"RHSA-2024:4546":                        "rhsa-2024-4546",
		"SUSE-FU-2022:0444-1":                   "suse-fu-2022-0444-1",
		"OASIS_CSAF_TC-CSAF_2.0-2021-6-1-15-11": "oasis_csaf_tc-csaf_2.0-2021-6-1-15-11",
		"  ../../etc/passwd ":                   "etc-passwd",
		"a__b..c--d":                            "a-b-c-d",
		"JVN#96321933":                          "jvn-96321933",
		"脆弱性":                                   "",
		"CON":                                   "con",
		strings.Repeat("ab-", 60):               strings.TrimRight(strings.Repeat("ab-", 60)[:100], "-"),
	} {
		if got := SafeID(in); got != want {
			t.Errorf("SafeID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnsafeIDs: an id that gives no safe file name falls back to one made
// from the file's hash, with a warning.
func TestUnsafeIDs(t *testing.T) {
	for _, id := range []string{"脆弱性", "CON", "nul.txt"} {
		res, err := Import("x.json", []byte(`{"id": "`+id+`", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"name": "p", "ecosystem": "PyPI"}}]}`), testOptions)
		if err != nil {
			t.Fatal(err)
		}
		rid := res.Records[0].Record.ID
		if !strings.HasPrefix(rid, "import-") || advisory.ValidID(rid) != "" {
			t.Errorf("%q gave id %q", id, rid)
		}
	}
}

func TestPriorityWords(t *testing.T) {
	for word, want := range map[string]advisory.Priority{
		"Critical": "critical", "緊急": "critical", "Important": "high", "HIGH": "high", "重要": "high",
		"Moderate": "medium", "MODERATE": "medium", "警告": "medium", "Low": "low", "注意": "low",
	} {
		if got, ok := priorityWord(word); !ok || got != want {
			t.Errorf("priorityWord(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	if _, ok := priorityWord("severe-ish"); ok {
		t.Error("unknown words must not map")
	}
	for score, want := range map[float64]advisory.Priority{9.8: "critical", 9.0: "critical", 8.9: "high", 7.0: "high", 6.1: "medium", 4.0: "medium", 3.9: "low", 0: "low"} {
		if got := scorePriority(score); got != want {
			t.Errorf("scorePriority(%.1f) = %s, want %s", score, got, want)
		}
	}
}

// TestTextSurvivesYAML writes awkward text through the record writer and
// reads it back with the strict decoder.
func TestTextSurvivesYAML(t *testing.T) {
	awkward := []string{
		"yes", "no", "null", "~", "123", "1.5", "2024-01-01", "0x1F", "- a list?", "key: value", "#not a comment",
		"'quoted'", "\"double\"", "[要翻訳] x", "a\n\nb", "  leading spaces\nline", "tab\tinside", "ends with colon:",
		"*star", "&amp", "!tag", "%percent", "@at", "`tick`", "|pipe", ">gt", "{brace}", "ü and 日本語", "line\n  indented",
	}
	for _, s := range awkward {
		res, err := Import("x.json", []byte(`{"id": "GO-2024-0001", "modified": "2024-01-01T00:00:00Z", "summary": `+jsonString(oneLine(s))+`, "details": `+jsonString(s)+`,
			"affected": [{"package": {"name": "p", "ecosystem": "Go"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": `+jsonString(oneLine(s))+`}]}]}]}`), testOptions)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		r := res.Records[0].Record
		if got, want := r.Overview["en"], cleanText(s); !strings.HasPrefix(got, want) {
			t.Errorf("%q: overview came back as %q", s, got)
		}
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestHostileText: control characters, bidirectional overrides and CR LF
// in the source never reach a record (the decoder would refuse them), and
// a title stays one line.
func TestHostileText(t *testing.T) {
	res, err := Import("x.json", []byte(`{"id": "GO-2024-0002", "modified": "2024-01-01T00:00:00Z",
		"summary": "Subject\r\nBcc: victim@example.com \u202eevil\u0000", "details": "a\u001eb\r\nc",
		"affected": [{"package": {"name": "p\u202e", "ecosystem": "Go"}}],
		"references": [{"type": "WEB", "url": "javascript:alert(1)"}, {"type": "WEB", "url": "https://ok.example/x y"}]}`), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	imp := res.Records[0]
	check(t, "title", imp.Record.Title["en"], "Subject Bcc: victim@example.com evil")
	for _, r := range imp.Record.References {
		if strings.HasPrefix(r.URL, "javascript") || strings.Contains(r.URL, " ") {
			t.Errorf("unsafe URL kept: %q", r.URL)
		}
	}
	if len(res.Warnings) == 0 {
		t.Error("dropped URLs must be warned about")
	}
}

func TestPending(t *testing.T) {
	res, err := ImportFile(filepath.Join(corpusDir(t), "osv-golang__GO-2024-2687.json"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Join(Pending(nil, res.Records[0].Record), "\n")
	for _, want := range []string{"title.ja: untranslated", "overview.ja: untranslated", "priority: default to confirm", "deadline: default to confirm"} {
		if !strings.Contains(p, want) {
			t.Errorf("pending lacks %q:\n%s", want, p)
		}
	}
	if strings.Contains(p, ".en: untranslated") || strings.Contains(p, "actions[1].ja") {
		t.Errorf("generated text in both languages is not pending:\n%s", p)
	}
}

func TestTextHelpers(t *testing.T) {
	check(t, "unwrap", unwrap("a long line that was\nwrapped here\n\n* item one\n* item two\ncontinued"), "a long line that was wrapped here\n\n* item one\n* item two continued")
	check(t, "html", cleanText(htmlText("前文<ul><li>一</li><li>二 &amp; 三</li></ul>")), "前文\n・一\n・二 & 三")
	check(t, "clip", clip("One sentence. Two sentences here. Three", 30), "One sentence. Two sentences …")
	check(t, "clip at sentence", clip("One sentence here. Two sentences here. Three", 30), "One sentence here. …")
	check(t, "itoa", itoa(1878), "1,878")
	check(t, "list en", listWords("en", []string{"a", "b", "c", "d"}, 2), "a, b and 2 more")
	check(t, "list ja", listWords("ja", []string{"a", "b", "c"}, 2), "a、bほか1件")
}

// TestDistroErrata: a distribution advisory points to its own errata page,
// found among the ADVISORY references by its id with only letters and
// digits (SUSE writes SUSE-SU-2099:0002-1 as suse-su-20990002-1); when its
// text gives the update commands, the action points to them instead of
// naming one.
func TestDistroErrata(t *testing.T) {
	var pkgs []string
	for _, p := range []string{"curl", "libcurl4", "libcurl4-32bit", "libcurl-devel", "curl-debuginfo", "curl-debugsource"} {
		pkgs = append(pkgs, `{"package": {"ecosystem": "SUSE:Linux Enterprise Server 15 SP5", "name": "`+p+`"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "8.0.1-150400.5.41.1"}]}]}`)
	}
	doc := `{"id": "SUSE-SU-2099:0002-1", "modified": "2099-05-01T00:00:00Z", "published": "2099-05-01T00:00:00Z",
"summary": "Security update for curl", "related": ["CVE-2099-7001"],
"details": "This update for curl fixes CVE-2099-7001.\n\nTo install it, run the command listed for your product, e.g.\nzypper in -t patch SUSE-SLE-Module-Basesystem-15-SP5-2099-2=1",
"affected": [` + strings.Join(pkgs, ",") + `],
"references": [{"type": "ADVISORY", "url": "https://www.suse.com/support/update/announcement/2099/suse-su-20990002-1/"}, {"type": "WEB", "url": "https://www.suse.com/security/cve/CVE-2099-7001"}]}`
	res, err := Import("suse.json", []byte(doc), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Records[0].Record
	const page = "https://www.suse.com/support/update/announcement/2099/suse-su-20990002-1/"
	if rec.Source.URL != page {
		t.Errorf("source.url = %s, want the advisory's page %s", rec.Source.URL, page)
	}
	if rec.Product != "curl" {
		t.Errorf("product = %q, want the component curl", rec.Product)
	}
	want := map[string]string{
		"en": "Install the updates of SUSE-SU-2099:0002-1 for curl with the command the advisory gives for your product; it lists the fixed binary packages (6) for each product: " + page,
		"ja": "curl について、SUSE-SU-2099:0002-1 の更新を、アドバイザリに製品ごとに記載されたコマンドで適用してください。製品ごとの修正済みバイナリパッケージ（6 件）もアドバイザリに記載されています：" + page,
	}
	for loc, w := range want {
		if !slices.ContainsFunc(rec.Actions, func(a advisory.Text) bool { return a[loc] == w }) {
			t.Errorf("%s: no action %q in %v", loc, w, rec.Actions)
		}
	}
	for _, a := range rec.Actions {
		if strings.Contains(a["en"], "zypper") || strings.Contains(a["en"], "package manager") {
			t.Errorf("an action names a command of its own: %q", a["en"])
		}
	}
}

// TestCVEReferencesDeduplicated: of the pages of one CVE record on CVE.org
// (or cve.mitre.org) and on NVD, a record keeps one of each kind, the first
// the source lists, whatever the form of its address; other pages naming
// the CVE are kept.
func TestCVEReferencesDeduplicated(t *testing.T) {
	res, err := Import("x.json", []byte(`{"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z",
		"aliases": ["CVE-2024-0001", "CVE-2024-0002"], "summary": "s", "details": "d",
		"affected": [{"package": {"name": "p", "ecosystem": "npm"}}],
		"references": [
			{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2024-0001"},
			{"type": "WEB", "url": "https://www.cve.org/CVERecord?id=CVE-2024-0001"},
			{"type": "WEB", "url": "http://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2024-0001"},
			{"type": "WEB", "url": "https://web.nvd.nist.gov/view/vuln/detail?vulnId=cve-2024-0001"},
			{"type": "WEB", "url": "https://NVD.nist.gov/vuln/detail/CVE-2024-0001/"},
			{"type": "WEB", "url": "https://nvd.nist.gov/vuln/detail/CVE-2024-0002"},
			{"type": "WEB", "url": "https://cve.org/CVERecord?id=CVE-2024-0002"},
			{"type": "WEB", "url": "https://github.com/advisories/CVE-2024-0001"},
			{"type": "WEB", "url": "https://www.cve.org/CVERecord?id=CVE-2024-0002"}]}`), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Records[0].Record.References {
		got = append(got, r.URL)
	}
	want := []string{
		"https://nvd.nist.gov/vuln/detail/CVE-2024-0001",
		"https://www.cve.org/CVERecord?id=CVE-2024-0001",
		"https://nvd.nist.gov/vuln/detail/CVE-2024-0002",
		"https://cve.org/CVERecord?id=CVE-2024-0002",
		"https://github.com/advisories/CVE-2024-0001",
	}
	// The first reference is the source's own page, if it has one.
	if len(got) > 0 && !slices.Contains(want, got[0]) {
		got = got[1:]
	}
	if !slices.Equal(got, want) {
		t.Errorf("references\n%q\nwant\n%q", got, want)
	}
}

// TestSLADeadline: with a policy file, the default deadline of an import
// is the SLA of the priority, counted from the import date with the team
// calendar (here from Wednesday 2026-06-10, the team closed on 6/11–6/12);
// a priority without an SLA keeps the fixed default. Either way the
// deadline waits for a person to confirm it.
func TestSLADeadline(t *testing.T) {
	pol, err := config.Parse("recs/noticegen.yaml", []byte("calendar:\n  closed: [{from: 2026-06-11, to: 2026-06-12}]\nsla:\n  critical: 2bd\n  high: 5bd\n  low: 20d\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := testOptions
	o.Policy = pol
	for _, c := range []struct {
		vector, want, note string
	}{
		{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "2026-06-16", "default for priority critical: the sla of noticegen.yaml, 2 business days after the import"},
		{"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "2026-06-19", "default for priority high: the sla of noticegen.yaml, 5 business days after the import"},
		{"CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:P/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", "2026-06-30", "default for priority low: the sla of noticegen.yaml, 20 days after the import"},
	} {
		res, err := Import("osv.json", []byte(fmt.Sprintf(v4OnlyDocs["osv.json"], c.vector)), o)
		if err != nil {
			t.Fatal(err)
		}
		imp := res.Records[0]
		if got := imp.Record.Deadline.String(); got != c.want {
			t.Errorf("%s: deadline %s, want %s", imp.Record.Priority, got, c.want)
		}
		if !slices.Contains(imp.Record.Provenance.Unconfirmed, "deadline") {
			t.Errorf("%s: the deadline is not left to confirm", imp.Record.Priority)
		}
		if want := "deadline: " + c.want + " # noticegen: " + c.note + "; confirm"; !strings.Contains(string(imp.YAML), want) {
			t.Errorf("%s: no line %q in:\n%s", imp.Record.Priority, want, imp.YAML)
		}
	}
	// Without an SLA for it, medium keeps 30 days.
	o.Policy, err = config.Parse("noticegen.yaml", []byte("sla:\n  critical: 2bd\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import("osv.json", []byte(fmt.Sprintf(v4OnlyDocs["osv.json"], "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")), o)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Records[0].Record.Deadline.String(); got != "2026-06-17" {
		t.Errorf("high without an sla: deadline %s, want 2026-06-17 (7 days)", got)
	}
	// An advisory published after the import date (a clock behind, an
	// embargoed date): counted from the publication, and the note says so
	// rather than "after the import".
	o.Policy = pol
	o.Now = time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)
	res, err = Import("osv.json", []byte(fmt.Sprintf(v4OnlyDocs["osv.json"], "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")), o)
	if err != nil {
		t.Fatal(err)
	}
	// Published on Wednesday 2024-05-01: Thursday counts, then 5/3–5/6 are
	// holidays and a weekend (5/6 substitutes for こどもの日 on a Sunday).
	want := "deadline: 2024-05-07 # noticegen: default for priority critical: the sla of noticegen.yaml, 2 business days after publication (2024-05-01, later than the import); confirm"
	if !strings.Contains(string(res.Records[0].YAML), want) {
		t.Errorf("published after the import: no line %q in:\n%s", want, res.Records[0].YAML)
	}
}
