package importer

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/golden"
)

// goldenFiles are the representative corpus documents whose records are
// kept in testdata/import/<file>.yaml (go test ./internal/importer -update
// rewrites them).
var goldenFiles = []string{
	"csaf-oasis__bsi-2022-0001.json",                    // BSI CSAF: the happy path
	"csaf-redhat__rhsa-2024_4546.json",                  // Red Hat CSAF: relationships, fixed packages
	"csaf-oasis__2022-evd-uc-01-na-001.json",            // VEX, not affected
	"osv-golang__GO-2024-2687.json",                     // Go OSV: stdlib and x/net
	"osv-golang__GO-2022-0617.json",                     // withdrawn OSV, zero dates
	"osv-pypa__PYSEC-2023-221.yaml",                     // PyPI OSV YAML: GIT and ECOSYSTEM ranges
	"jvn__getVulnDetailInfo_hnd_JVNDB-2022-000097.xml",  // JVN VULDEF XML: HTML in text, CVSS v2 and v3
	"jvn__getVulnDetailInfo_oka_JVNDB-2021-002774.json", // JVN JSON
}

func TestGolden(t *testing.T) {
	dir := corpusDir(t)
	r := newRenderer(t)
	for _, name := range goldenFiles {
		t.Run(name, func(t *testing.T) {
			res, err := ImportFile(filepath.Join(dir, name), testOptions)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Records) != 1 {
				t.Fatalf("%d records, want 1", len(res.Records))
			}
			imp := res.Records[0]
			golden.Check(t, "../../testdata/import/"+strings.TrimSuffix(name, filepath.Ext(name))+".yaml", imp.YAML)
			if _, err := r.Render(imp.Record, imp.Locale); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestGoldenFacts pins what the goldens must say, so an -update cannot
// silently lose it.
func TestGoldenFacts(t *testing.T) {
	dir := corpusDir(t)
	load := func(name string) *Imported {
		t.Helper()
		res, err := ImportFile(filepath.Join(dir, name), testOptions)
		if err != nil {
			t.Fatal(err)
		}
		return res.Records[0]
	}
	bsi := load("csaf-oasis__bsi-2022-0001.json").Record
	check(t, "bsi id", bsi.ID, "bsi-2022-0001")
	check(t, "bsi priority", string(bsi.Priority), "medium") // aggregate "Moderate"
	check(t, "bsi cves", strings.Join(bsi.CVEs, ","), "CVE-2022-27193")
	if st := fmt.Sprint(bsi.Scope.Status); !strings.Contains(st, "1.0.0-rc1") || strings.Contains(st+bsi.Scope.Product["en"], "CSAFPID") {
		t.Errorf("bsi status must name versions, not product ids: %s / %q", st, bsi.Scope.Product["en"])
	}
	check(t, "bsi sha256", bsi.Provenance.SHA256, "224cdc082cffe0d6d587a5241fdb37d88b77b2cff378c69b675c605d2e288891")

	rh := load("csaf-redhat__rhsa-2024_4546.json").Record
	check(t, "rh id", rh.ID, "rhsa-2024-4546")
	check(t, "rh priority", string(rh.Priority), "high") // aggregate "Important"
	if st := rh.Scope.Status; len(st) != 1 || st[0].Status != advisory.StatusFixed || len(st[0].Products) != 3 || strings.Join(st[0].Versions, ",") != "git-lfs 2.13.3-3.el8_6.1" {
		t.Errorf("rh status: %+v", st)
	}

	na := load("csaf-oasis__2022-evd-uc-01-na-001.json").Record
	check(t, "vex priority", string(na.Priority), "low")
	check(t, "vex deadline", na.Deadline.String(), advisory.AsNeeded)
	check(t, "vex category", string(na.Category), "info")
	if len(na.Actions) != 1 || !strings.Contains(na.Actions[0]["en"], "No action is needed") || strings.Contains(strings.ToLower(na.Actions[0]["en"]), "update") {
		t.Errorf("vex not affected must not ask for a patch: %q", na.Actions)
	}

	goOSV := load("osv-golang__GO-2024-2687.json").Record
	found := false
	for _, a := range goOSV.Actions {
		if a["en"] == "Upgrade golang.org/x/net to 0.23.0 or later." && a["ja"] == "golang.org/x/net を 0.23.0 以降に更新してください。" {
			found = true
		}
	}
	if !found {
		t.Errorf("go: no upgrade action for x/net in both languages: %q", goOSV.Actions)
	}
	check(t, "go unconfirmed", strings.Join(goOSV.Provenance.Unconfirmed, ","), "published,priority,deadline")

	wd := load("osv-golang__GO-2022-0617.json").Record
	check(t, "withdrawn category", string(wd.Category), "info")
	check(t, "withdrawn published", wd.Published.String(), "2024-08-21") // zero dates are unknown
	if !strings.Contains(wd.Actions[0]["en"], "withdrew") {
		t.Errorf("withdrawn: %q", wd.Actions)
	}

	py := load("osv-pypa__PYSEC-2023-221.yaml").Record
	check(t, "pypi published", py.Published.String(), "2023-10-25")
	check(t, "pypi priority", string(py.Priority), "high") // CVSS 7.5 from the vector

	xml := load("jvn__getVulnDetailInfo_hnd_JVNDB-2022-000097.xml")
	check(t, "jvn locale", xml.Locale, "ja")
	check(t, "jvn title ja", xml.Record.Title["ja"], "電子入札コアシステムにおける複数の脆弱性")
	check(t, "jvn title en", xml.Record.Title["en"], "[TRANSLATE] 電子入札コアシステムにおける複数の脆弱性")
	if strings.Contains(xml.Record.Overview["ja"], "<li>") || !strings.Contains(xml.Record.Overview["ja"], "・クロスサイトスクリプティング") {
		t.Errorf("jvn overview HTML not turned into text: %q", xml.Record.Overview["ja"])
	}
	check(t, "jvn priority", string(xml.Record.Priority), "medium") // CVSS v3 6.1 wins over v2 4.3
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
