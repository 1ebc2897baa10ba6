package web_test

import (
	"strings"
	"testing"
)

// TestTLPMarking: the review page shows a marked record's marking (list
// and record page, JSON too), its drafts carry it, and the .eml tab says
// why export would write no .eml when the guard refuses it.
func TestTLPMarking(t *testing.T) {
	dir := t.TempDir()
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", seedID, func(s string) string {
		return strings.Replace(s, "category: vulnerability\n", "category: vulnerability\ntlp: amber+strict\n", 1)
	})
	c := newClient(t, newServer(t, dir, nil))
	expect(t, c.get("/"), 200, `<span class="tlp tlp-amber_strict">TLP:AMBER+STRICT</span>`)
	expect(t, c.get("/records/"+seedID), 200,
		`<span class="tlp tlp-amber_strict">TLP:AMBER+STRICT</span>`,
		"Marked TLP:AMBER+STRICT: every draft says so",
		"件名: [TLP:AMBER+STRICT] 【共有】Trend Micro",
		"TLP:AMBER+STRICT（自組織内で知る必要のある人に限り共有でき、",
		"Subject: [TLP:AMBER+STRICT] [Info] Behavior")
	// No policy file, so no organisation domains: the guard refuses.
	expect(t, c.get("/records/"+seedID+"?view=eml"), 200,
		"export writes no .eml of this draft: TLP:AMBER+STRICT allows only the organization's own mail domains, and the policy file names none")
	expect(t, c.get("/api/records/"+seedID), 200, `"tlp": "AMBER+STRICT"`)
}
