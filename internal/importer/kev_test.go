package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/kev"
)

// asaCSAF is a CSAF advisory in the shape of Cisco's for ArcaneDoor:
// CVE-2024-20359 (KEV-listed, CVSS 6.0) and CVE-2024-20358 (not listed).
// The document gives no aggregate severity, so the priority comes from
// the highest score: medium.
const asaCSAF = `{
  "document": {
    "category": "csaf_security_advisory", "csaf_version": "2.0", "lang": "en",
    "title": "Cisco ASA and FTD Software Persistent Local Code Execution Vulnerability",
    "publisher": {"category": "vendor", "name": "Cisco", "namespace": "https://www.cisco.com"},
    "tracking": {"id": "cisco-sa-asaftd-persist-rce-FLsNXF4h", "status": "final", "version": "1",
      "initial_release_date": "2024-04-24T16:00:00Z", "current_release_date": "2024-04-24T16:00:00Z",
      "revision_history": [{"date": "2024-04-24T16:00:00Z", "number": "1", "summary": "Initial"}]}
  },
  "product_tree": {"branches": [{"category": "vendor", "name": "Cisco", "branches": [
    {"category": "product_name", "name": "Adaptive Security Appliance (ASA) Software", "branches": [
      {"category": "product_version", "name": "9.20.2", "product": {"name": "Cisco ASA Software 9.20.2", "product_id": "ASA-9.20.2"}}]}]}]},
  "vulnerabilities": [
    {"cve": "CVE-2024-20359", "notes": [{"category": "description", "text": "Local code execution as root."}],
     "product_status": {"known_affected": ["ASA-9.20.2"]},
     "scores": [{"cvss_v3": {"version": "3.1", "baseScore": 6.0, "baseSeverity": "MEDIUM"}, "products": ["ASA-9.20.2"]}],
     "remediations": [{"category": "vendor_fix", "details": "Upgrade to a fixed release.", "product_ids": ["ASA-9.20.2"]}]},
    {"cve": "CVE-2024-20358", "notes": [{"category": "description", "text": "Command injection in backup restore."}],
     "product_status": {"known_affected": ["ASA-9.20.2"]},
     "scores": [{"cvss_v3": {"version": "3.1", "baseScore": 6.0, "baseSeverity": "MEDIUM"}, "products": ["ASA-9.20.2"]}],
     "remediations": [{"category": "vendor_fix", "details": "Upgrade to a fixed release.", "product_ids": ["ASA-9.20.2"]}]}
  ]
}`

func kevCatalog(t *testing.T) *kev.Catalog {
	t.Helper()
	c, err := kev.Load("../../testdata/kev/known_exploited_vulnerabilities.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestImportKEV(t *testing.T) {
	cat := kevCatalog(t)
	for _, c := range []struct {
		name             string
		now              time.Time
		kev              bool
		doc              string
		priority         string
		deadline         string
		exploited        string
		comments, header []string
	}{
		{name: "without the catalog", now: time.Date(2024, 4, 25, 9, 0, 0, 0, time.UTC), doc: asaCSAF,
			priority: "medium", deadline: "2024-05-25"},
		// medium is raised to high, whose default of 7 days (May 2) is
		// brought forward to the KEV due date.
		{name: "listed", now: time.Date(2024, 4, 25, 9, 0, 0, 0, time.UTC), kev: true, doc: asaCSAF,
			priority: "high", deadline: "2024-05-01", exploited: "CVE-2024-20359 2024-04-24 2024-05-01 false",
			comments: []string{
				"priority: high # noticegen: raised from medium to high: CVE-2024-20359 is in CISA's KEV catalog (medium was from the highest CVSS base score, 6.0",
				"deadline: 2024-05-01 # noticegen: the KEV due date of CVE-2024-20359, the deadline CISA set for US federal agencies; confirm",
			},
			header: []string{"# CISA's KEV catalog (known_exploited_vulnerabilities.json, catalogVersion 2025.02.25) lists CVE-2024-20359, as exploited says;"}},
		// Imported early: the default for high (April 27) is before the
		// due date and stays.
		{name: "listed, early", now: time.Date(2024, 4, 20, 9, 0, 0, 0, time.UTC), kev: true, doc: asaCSAF,
			priority: "high", deadline: "2024-05-01", exploited: "CVE-2024-20359 2024-04-24 2024-05-01 false"},
		// A critical advisory keeps its priority; the three-day default
		// is earlier than the due date.
		{name: "critical", now: time.Date(2024, 4, 25, 9, 0, 0, 0, time.UTC), kev: true,
			doc:      strings.Replace(asaCSAF, `"lang": "en",`, `"lang": "en", "aggregate_severity": {"text": "Critical"},`, 1),
			priority: "critical", deadline: "2024-04-28", exploited: "CVE-2024-20359 2024-04-24 2024-05-01 false"},
		// Citrix Bleed, imported long after its due date: the deadline
		// is that date (check warns it has passed).
		{name: "due date passed", now: time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC), kev: true,
			doc:      strings.NewReplacer("CVE-2024-20359", "CVE-2023-4966", "2024-04-24T16", "2023-10-10T16").Replace(asaCSAF),
			priority: "high", deadline: "2023-11-08", exploited: "CVE-2023-4966 2023-10-18 2023-11-08 true"},
		// Not affected: the record says the CVE is exploited, and no more.
		{name: "not affected", now: time.Date(2024, 4, 25, 9, 0, 0, 0, time.UTC), kev: true,
			doc: strings.NewReplacer(`"csaf_security_advisory"`, `"csaf_vex"`, `"known_affected"`, `"known_not_affected"`,
				`"remediations": [{"category": "vendor_fix", "details": "Upgrade to a fixed release.", "product_ids": ["ASA-9.20.2"]}]`,
				`"flags": [{"label": "vulnerable_code_not_present", "product_ids": ["ASA-9.20.2"]}]`).Replace(asaCSAF),
			priority: "low", deadline: "as-needed", exploited: "CVE-2024-20359 2024-04-24 2024-05-01 false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := Options{Now: c.now, Author: "tester"}
			if c.kev {
				o.KEV = cat
			}
			res, err := Import("cisa-sa.json", []byte(c.doc), o)
			if err != nil {
				t.Fatal(err)
			}
			imp := res.Records[0]
			r := imp.Record
			if string(r.Priority) != c.priority || r.Deadline.String() != c.deadline {
				t.Errorf("priority %s, deadline %s; want %s, %s", r.Priority, r.Deadline, c.priority, c.deadline)
			}
			var ex []string
			for _, e := range r.Exploited {
				ex = append(ex, strings.Join([]string{e.CVE, e.Added.String(), e.Due.String(), map[bool]string{true: "true", false: "false"}[bool(e.Ransomware)]}, " "))
				if e.Source != advisory.SourceCISAKEV {
					t.Errorf("source %s", e.Source)
				}
			}
			if got := strings.Join(ex, "; "); got != c.exploited {
				t.Errorf("exploited %q, want %q", got, c.exploited)
			}
			y := string(imp.YAML)
			for _, want := range append(c.comments, c.header...) {
				if !strings.Contains(y, want) {
					t.Errorf("no %q in\n%s", want, y)
				}
			}
			if !c.kev && strings.Contains(y, "KEV") {
				t.Errorf("KEV named without a catalog:\n%s", y)
			}
		})
	}
}
