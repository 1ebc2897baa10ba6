package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz tests feed each parser arbitrary bytes. Import must never panic,
// and whatever it accepts must give records the strict decoder loads (the
// importer checks that itself and reports an "internal error" otherwise).

func seedCorpus(f *testing.F, prefix string) {
	_, err := os.Stat(filepath.Join("..", "..", "..", "shared", "corpus"))
	if err != nil {
		return
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", prefix+"*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
}

func fuzzImport(t *testing.T, name string, data []byte) {
	res, err := Import(name, data, testOptions)
	if err != nil {
		if strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
		return
	}
	for _, imp := range res.Records {
		if err := imp.Record.CheckLocales([]string{imp.Locale}); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzCSAF(f *testing.F) {
	f.Add([]byte(`{"document": {"csaf_version": "2.0", "category": "csaf_vex", "title": "t", "publisher": {"name": "p"}, "tracking": {"id": "X-1", "initial_release_date": "2024-01-01T00:00:00Z"}},
		"product_tree": {"branches": [{"category": "vendor", "name": "V", "branches": [{"category": "product_name", "name": "P", "product": {"name": "P 1", "product_id": "P1"}}]}]},
		"vulnerabilities": [{"cve": "CVE-2024-0001", "product_status": {"known_not_affected": ["P1"]}, "scores": [{"cvss_v3": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}]}]}`))
	seedCorpus(f, "csaf-oasis__")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.json", data) })
}

func FuzzOSV(f *testing.F) {
	f.Add([]byte(`{"id": "GO-2024-0001", "modified": "0001-01-01T00:00:00Z", "affected": [{"package": {"name": "m", "ecosystem": "Go"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.3"}]}]}], "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}`))
	f.Add([]byte("id: PYSEC-1\nmodified: 2024-01-01T00:00:00Z\naffected:\n- package: {name: p, ecosystem: PyPI}\n  versions: [1.0, '2']\n"))
	seedCorpus(f, "osv-")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.osv", data) })
}

func FuzzVULDEF(f *testing.F) {
	f.Add([]byte(`<VULDEF-Document xmlns="http://jvn.jp/vuldef/" xml:lang="ja"><Vulinfo><VulinfoID>JVNDB-2024-000001</VulinfoID><VulinfoData><Title>題</Title><VulinfoDescription><Overview>&lt;ul&gt;&lt;li&gt;一&lt;/li&gt;&lt;/ul&gt;</Overview></VulinfoDescription><Impact><Cvss version="3.0"><Base>9.8</Base><Vector>CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</Vector></Cvss></Impact></VulinfoData></Vulinfo></VULDEF-Document>`))
	seedCorpus(f, "jvn__getVulnDetailInfo_hnd")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.xml", data) })
}

func FuzzJVNJSON(f *testing.F) {
	f.Add([]byte(`{"document": {"category": "myjvn_security_advisory", "csaf_version": "2.1", "lang": "ja", "title": "題", "publisher": {"name": "IPA"}, "tracking": {"id": "JVNDB-2024-000001"}}, "vulnerabilities": [{"cve": "", "metrics": [{"content": {"cvss_v4": {"vectorString": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}}}]}], "jvn_extension": {}}`))
	seedCorpus(f, "jvn__getVulnDetailInfo_oka")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, "fuzz.json", data) })
}
