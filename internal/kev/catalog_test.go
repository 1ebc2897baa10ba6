package kev

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const fixture = "../../testdata/kev/known_exploited_vulnerabilities.json"

func TestLoadFixture(t *testing.T) {
	c, err := Load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "CISA Catalog of Known Exploited Vulnerabilities" || c.Version != "2025.02.25" || c.Released.Format("2006-01-02") != "2025-02-25" {
		t.Errorf("title %q, version %q, released %v", c.Title, c.Version, c.Released)
	}
	if len(c.Vulns) != 3 {
		t.Fatalf("%d vulnerabilities, want 3", len(c.Vulns))
	}
	bleed, ok := c.Lookup("CVE-2023-4966")
	if !ok {
		t.Fatal("CVE-2023-4966 not found")
	}
	want := Vuln{
		CVE: "CVE-2023-4966", Vendor: "Citrix", Product: "NetScaler ADC and NetScaler Gateway",
		Name: "Citrix NetScaler ADC and NetScaler Gateway Buffer Overflow Vulnerability",
	}
	if bleed.CVE != want.CVE || bleed.Vendor != want.Vendor || bleed.Product != want.Product || bleed.Name != want.Name {
		t.Errorf("entry: %+v", bleed)
	}
	if bleed.Added.String() != "2023-10-18" || bleed.Due.String() != "2023-11-08" || !bleed.Ransomware {
		t.Errorf("added %s, due %s, ransomware %v", bleed.Added, bleed.Due, bleed.Ransomware)
	}
	if !strings.Contains(bleed.Notes, "https://support.citrix.com/article/CTX579459/") || strings.Contains(bleed.Notes, `\/`) {
		t.Errorf("notes not unescaped: %q", bleed.Notes)
	}
	if got := strings.Join(bleed.CWEs, ","); got != "CWE-119" {
		t.Errorf("cwes %q", got)
	}
	if bleed.Pos.Line != 38 || bleed.Pos.Col != 9 {
		t.Errorf("entry at %d:%d, want 38:9", bleed.Pos.Line, bleed.Pos.Col)
	}
	asa, _ := c.Lookup("CVE-2024-20353")
	if asa.Ransomware || asa.Due.String() != "2024-05-01" {
		t.Errorf("CVE-2024-20353: %+v", asa)
	}
	if _, ok := c.Lookup("CVE-2024-20358"); ok {
		t.Error("CVE-2024-20358 is not in the catalog")
	}
	if got := c.Listed([]string{"CVE-2024-20358", "CVE-2024-20353", "CVE-2024-20359"}); len(got) != 2 || got[0].CVE != "CVE-2024-20353" || got[1].CVE != "CVE-2024-20359" {
		t.Errorf("Listed: %v", got)
	}
}

// entry is a valid entry; cases change one thing in it.
const entry = `{
  "cveID": "CVE-2024-20353",
  "vendorProject": "Cisco",
  "product": "ASA and FTD",
  "vulnerabilityName": "Cisco ASA and FTD Denial of Service Vulnerability",
  "dateAdded": "2024-04-24",
  "shortDescription": "An infinite loop.",
  "requiredAction": "Apply mitigations per vendor instructions.",
  "dueDate": "2024-05-01",
  "knownRansomwareCampaignUse": "Unknown",
  "notes": "",
  "cwes": ["CWE-835"]
}`

// catalog wraps entries in a catalog with the right count.
func catalog(entries ...string) string {
	return `{"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2025.02.25", "dateReleased": "2025-02-25T20:33:53.3676Z", "count": ` +
		strconv.Itoa(len(entries)) + `, "vulnerabilities": [` + strings.Join(entries, ",\n") + "]}\n"
}

func TestParseErrors(t *testing.T) {
	withEntry := func(old, new string) string {
		if !strings.Contains(entry, old) {
			t.Fatalf("entry has no %q", old)
		}
		return catalog(strings.Replace(entry, old, new, 1))
	}
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"empty", " \n", []string{"kev.json: not a KEV catalog: the file is empty"}},
		{"csv", "cveID,vendorProject,product\nCVE-2024-20353,Cisco,ASA\n", []string{"kev.json: not a KEV catalog: this is the CSV form of the catalog; give the JSON feed (known_exploited_vulnerabilities.json)"}},
		{"yaml", "id: x\npriority: high\n", []string{"kev.json: not a KEV catalog: not a JSON document (give the JSON feed, known_exploited_vulnerabilities.json)"}},
		{"array", `[{"cveID": "CVE-2024-20353"}]`, []string{"kev.json: not a KEV catalog: the file holds a list, not the catalog's object"}},
		{"no vulnerabilities", `{"title": "x", "catalogVersion": "1"}`, []string{`kev.json: not a KEV catalog: no "vulnerabilities" list`}},
		{"csaf", `{"document": {"csaf_version": "2.0"}, "vulnerabilities": [{"cve": "CVE-2024-20353"}]}`, []string{
			`kev.json: not a KEV catalog: no "catalogVersion" (this looks like a CSAF document: import it as an advisory, not as --kev)`}},
		{"osv", `{"id": "GHSA-xxxx", "vulnerabilities": []}`, []string{`kev.json: not a KEV catalog: no "catalogVersion"`}},
		{"truncated", "{\n  \"catalogVersion\": \"1\",\n  \"vulnerabilities\": [\n", []string{"kev.json:4:1: truncated JSON: the file ends inside a value"}},
		{"syntax", "{\n  \"catalogVersion\": \"1\",,\n}", []string{"kev.json:2:25: invalid JSON: invalid character ',' looking for beginning of object key string"}},
		{"trailing", catalog(entry) + "{}", []string{"kev.json:14:1: invalid JSON: more data after the catalog's object"}},
		{"deep", strings.Repeat("[", 100000), []string{"kev.json:1:66: values nested more than 64 deep: not the catalog"}},
		{"invalid utf-8", "{\"catalogVersion\": \"\xff\"}", []string{"kev.json:1:21: invalid UTF-8 (byte 0xff); the catalog is UTF-8 JSON"}},
		{"header", `{"catalogVersion": 2025, "dateReleased": "yesterday", "vulnerabilities": {}}`, []string{
			`kev.json:1:1: missing "count"`,
			`kev.json:1:20: catalogVersion: want text, got the number 2025`,
			`kev.json:1:42: dateReleased: invalid time "yesterday": want an RFC 3339 time such as 2025-02-25T20:33:53.3676Z`,
			`kev.json:1:74: vulnerabilities: want a list, got an object`,
		}},
		{"count", strings.Replace(catalog(entry), `"count": 1`, `"count": 1484`, 1), []string{
			"kev.json:1:148: count: is 1484, but the file lists 1 vulnerabilities: a cut or edited copy? Download the catalog again"}},
		{"count not a number", strings.Replace(catalog(entry), `"count": 1`, `"count": "1"`, 1), []string{
			`kev.json:1:148: count: want the number of vulnerabilities, got the text "1"`}},
		{"bad dates", withEntry(`"dueDate": "2024-05-01"`, `"dueDate": "2024-13-01"`), []string{
			`kev.json:9:14: vulnerabilities[0].dueDate: invalid date "2024-13-01": not a calendar date`}},
		{"date shape", withEntry(`"dateAdded": "2024-04-24"`, `"dateAdded": "24 April 2024"`), []string{
			`kev.json:6:16: vulnerabilities[0].dateAdded: invalid date "24 April 2024": want YYYY-MM-DD`}},
		{"due before added", withEntry(`"dueDate": "2024-05-01"`, `"dueDate": "2024-04-01"`), []string{
			`kev.json:9:14: vulnerabilities[0].dueDate: 2024-04-01 is before dateAdded 2024-04-24`}},
		{"bad cve", withEntry(`"cveID": "CVE-2024-20353"`, `"cveID": "cve-2024-20353"`), []string{
			`kev.json:2:12: vulnerabilities[0].cveID: "cve-2024-20353" is not a CVE id (want CVE-YYYY-NNNN)`}},
		{"missing fields", withEntry(`"cveID": "CVE-2024-20353",`, `"cveId": "CVE-2024-20353",`), []string{
			`kev.json:1:171: vulnerabilities[0]: missing "cveID"`}},
		{"wrong types", withEntry(`"vendorProject": "Cisco"`, `"vendorProject": ["Cisco"]`), []string{
			`kev.json:3:20: vulnerabilities[0].vendorProject: want text, got a list`}},
		{"ransomware", withEntry(`"knownRansomwareCampaignUse": "Unknown"`, `"knownRansomwareCampaignUse": "Maybe"`), []string{
			`kev.json:10:33: vulnerabilities[0].knownRansomwareCampaignUse: "Maybe": want "Known" or "Unknown"`}},
		{"cwes", withEntry(`"cwes": ["CWE-835"]`, `"cwes": "CWE-835"`), []string{
			`kev.json:12:11: vulnerabilities[0].cwes: want a list of CWE ids, got the text "CWE-835"`}},
		{"entry not an object", catalog(`"CVE-2024-20353"`), []string{
			`kev.json:1:171: vulnerabilities[0]: want an object (one vulnerability), got the text "CVE-2024-20353"`}},
		{"twice", catalog(entry, entry), []string{
			`kev.json:15:12: vulnerabilities[1].cveID: CVE-2024-20353 is listed twice (also vulnerabilities[0])`}},
		{"duplicate key", withEntry(`"notes": ""`, `"notes": "", "dueDate": "2024-06-01"`), []string{
			`kev.json:11:16: vulnerabilities[0]: key "dueDate" given twice`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("kev.json", []byte(c.in))
			if err == nil {
				t.Fatal("parsed; want an error")
			}
			if diff := cmp.Diff(c.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseTolerant: keys the parser does not know (CISA adds some now
// and then), optional fields left out or null, and a byte-order mark are
// accepted.
func TestParseTolerant(t *testing.T) {
	e := strings.Replace(entry, `"notes": "",`, `"notes": null, "forensicTriage": "No", "extra": {"a": [1, 2]},`, 1)
	e = strings.Replace(e, `"knownRansomwareCampaignUse": "Unknown",`, "", 1)
	e = strings.Replace(e, `, "cwes": ["CWE-835"]`, "", 1)
	in := "\ufeff" + strings.Replace(catalog(e), `"title"`, `"new": true, "title"`, 1)
	c, err := Parse("kev.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := c.Lookup("CVE-2024-20353"); !ok || v.Ransomware || v.Notes != "" {
		t.Errorf("%+v", v)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	if _, err := Load(missing); err == nil || err.Error() != missing+": no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Load(dir); err == nil || !strings.HasSuffix(err.Error(), ": is a directory, not the catalog file") {
		t.Errorf("directory: %v", err)
	}
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Load(huge); err == nil || !strings.Contains(err.Error(), "the catalog may be at most") {
		t.Errorf("huge file: %v", err)
	}
}
