package workflow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/workflow"
)

// TestGuard is the distribution guard's table: every label × an address
// in the organisation's domain, in a subdomain of it, in a look-alike
// domain that only ends the same, in the audience's client domain, and
// elsewhere, with and without an audience, and without organisation
// domains.
func TestGuard(t *testing.T) {
	org := []string{"example.co.jp"}
	clients := []string{"client.example.com"}
	addrs := map[string]string{
		"org":       "admins@example.co.jp",
		"subdomain": "Admins <admins@Tokyo.Example.co.jp>",
		"lookalike": "admins@badexample.co.jp",
		"suffix":    "admins@example.co.jp.evil.example",
		"client":    "partner@client.example.com",
		"clientsub": "partner@eu.client.example.com",
		"other":     "someone@other.example.net",
		// Address forms: upper case, a group with one member outside, a
		// quoted local part holding an allowed address, a comment that
		// names one.
		"upper":   "ADMINS@EXAMPLE.CO.JP",
		"group":   "Team: admins@example.co.jp, someone@other.example.net;",
		"quoted":  `"admins@example.co.jp"@other.example.net`,
		"comment": "someone@other.example.net (admins@example.co.jp)",
	}
	// What each label allows: without an audience, with one, and without
	// organisation domains (with an audience).
	type allow struct{ plain, audience, noOrg map[string]bool }
	all := map[string]bool{"org": true, "subdomain": true, "lookalike": true, "suffix": true, "client": true, "clientsub": true, "other": true,
		"upper": true, "group": true, "quoted": true, "comment": true}
	orgOnly := map[string]bool{"org": true, "subdomain": true, "upper": true}
	orgClients := map[string]bool{"org": true, "subdomain": true, "client": true, "clientsub": true, "upper": true}
	none := map[string]bool{}
	rules := map[advisory.TLP]allow{
		"":                      {all, all, all},
		advisory.TLPClear:       {all, all, all},
		advisory.TLPGreen:       {all, all, all},
		advisory.TLPAmber:       {orgOnly, orgClients, none},
		advisory.TLPAmberStrict: {orgOnly, orgOnly, none},
		advisory.TLPRed:         {none, none, none},
	}
	for label, want := range rules {
		for name, addr := range addrs {
			for _, c := range []struct {
				what string
				d    workflow.Distribution
				want bool
			}{
				{"no audience", workflow.Distribution{To: addr, ToFrom: "mail.to", Org: org}, want.plain[name]},
				{"audience", workflow.Distribution{To: addr, ToFrom: "audiences[0].to", Org: org, Clients: clients, ClientsFrom: "audiences[0].domains", Audience: "clients"}, want.audience[name]},
				{"audience, in Cc", workflow.Distribution{To: "admins@example.co.jp", Cc: addr, ToFrom: "audiences[0].to", CcFrom: "audiences[0].cc", Org: org, Clients: clients, ClientsFrom: "audiences[0].domains", Audience: "clients"}, want.audience[name]},
				{"no organisation domains", workflow.Distribution{To: addr, ToFrom: "audiences[0].to", Clients: clients, ClientsFrom: "audiences[0].domains", Audience: "clients"}, want.noOrg[name]},
			} {
				err := c.d.Check(label)
				if (err == nil) != c.want {
					t.Errorf("%q to %s (%s), %s: err = %v, want allowed %v", label, name, addr, c.what, err, c.want)
				}
				if err == nil || label == advisory.TLPRed || c.what == "no organisation domains" {
					continue
				}
				bare := map[string]string{"group": "someone@other.example.net", "quoted": "admins@example.co.jp@other.example.net", "comment": "someone@other.example.net"}[name]
				if bare == "" {
					bare = addr
				}
				if i := strings.Index(addr, "<"); i >= 0 {
					bare = addr[i+1 : len(addr)-1]
				}
				from := c.d.ToFrom
				if c.d.Cc != "" {
					from = c.d.CcFrom
				}
				if msg := err.Error(); !strings.Contains(msg, "TLP:"+label.Label()+" allows only example.co.jp (organisation.domains)") || !strings.HasSuffix(msg, `; "`+bare+`" (`+from+`) is outside it`) {
					t.Errorf("%q to %s, %s: message %q", label, name, c.what, msg)
				}
			}
		}
	}
}

// TestGuardUnicode: a domain is matched in ASCII only. Unicode case
// folding makes the Kelvin sign (U+212A) lower-case to "k", so an address
// at "\u212Addi.example" must not pass as one at kddi.example: it is
// another name (mail cannot carry it unencoded anyway).
func TestGuardUnicode(t *testing.T) {
	for _, addr := range []string{"a@\u212Addi.example", "a@kdd\u0131.example", "a@ｋddi.example"} {
		d := workflow.Distribution{To: addr, ToFrom: "mail.to", Org: []string{"kddi.example"}}
		if err := d.Check(advisory.TLPAmberStrict); err == nil {
			t.Errorf("%q passes as kddi.example", addr)
		}
	}
}

func TestGuardMessages(t *testing.T) {
	org := []string{"example.co.jp", "example-group.com"}
	for _, c := range []struct {
		label advisory.TLP
		d     workflow.Distribution
		want  string
	}{
		{advisory.TLPAmberStrict, workflow.Distribution{To: "a@example.co.jp, b@client.example.com", Cc: "c@x.example", ToFrom: "mail.to", CcFrom: "mail.cc", Org: org},
			`TLP:AMBER+STRICT allows only example.co.jp, example-group.com (organisation.domains); "b@client.example.com" (mail.to), "c@x.example" (mail.cc) are outside it`},
		{advisory.TLPAmber, workflow.Distribution{To: "b@client.example.com", ToFrom: "mail.to", Org: org},
			`TLP:AMBER allows only example.co.jp, example-group.com (organisation.domains) and the client domains of an audience (export --audience NAME); "b@client.example.com" (mail.to) is outside it`},
		{advisory.TLPAmber, workflow.Distribution{To: "b@client.example.com", ToFrom: "audiences[1].to", Org: org, ClientsFrom: "audiences[1].domains", Audience: "admins"},
			`TLP:AMBER allows only example.co.jp, example-group.com (organisation.domains), as audience admins names no client domains; "b@client.example.com" (audiences[1].to) is outside it`},
		{advisory.TLPAmber, workflow.Distribution{To: "b@other.example", ToFrom: "audiences[1].to", Org: org[:1], Clients: []string{"client.example.com"}, ClientsFrom: "audiences[1].domains", Audience: "clients"},
			`TLP:AMBER allows only example.co.jp (organisation.domains) and client.example.com (audiences[1].domains); "b@other.example" (audiences[1].to) is outside it`},
		{advisory.TLPAmber, workflow.Distribution{To: "b@client.example.com", ToFrom: "mail.to"},
			`TLP:AMBER allows only the organization's mail domains and its clients', and the policy file names no organisation.domains: set them in noticegen.yaml so that the recipients can be checked`},
		{advisory.TLPRed, workflow.Distribution{To: "a@example.co.jp", ToFrom: "mail.to", Org: org},
			`TLP:RED is for the individual recipients only, and an .eml draft goes to a distribution list: none is written for a TLP:RED record; share it in person or with each recipient by name`},
	} {
		if err := c.d.Check(c.label); err == nil || err.Error() != c.want {
			t.Errorf("%s: %v\nwant %s", c.label, err, c.want)
		}
	}
}

// TestDistributionFromPolicy: the addresses and domains come from the
// policy file's mail settings, or the audience's; without mail.to the
// placeholder is checked (and named as such).
func TestDistributionFromPolicy(t *testing.T) {
	cfg, err := config.Parse("noticegen.yaml", []byte(`mail:
  from: Security <sec@example.co.jp>
  cc: ciso@example.co.jp
organisation:
  domains: [example.co.jp]
audiences:
  - name: admins
    to: admins@example.co.jp
  - name: clients
    to: partner@client.example.com
    cc: sec@example.co.jp
    domains: [client.example.com]
`))
	if err != nil {
		t.Fatal(err)
	}
	k, err := workflow.New(workflow.Settings{Now: now, NowSet: true, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	d := k.Distribution(nil)
	if err := d.Check(advisory.TLPAmberStrict); err == nil || !strings.HasSuffix(err.Error(), `"admins@example.invalid" (the placeholder To: mail.to is not set) is outside it`) {
		t.Errorf("no mail.to: %v", err)
	}
	aud, err := cfg.Audience("clients")
	if err != nil {
		t.Fatal(err)
	}
	d = k.Distribution(aud)
	if d.To != "partner@client.example.com" || d.ToFrom != "audiences[1].to" || d.CcFrom != "audiences[1].cc" || d.ClientsFrom != "audiences[1].domains" {
		t.Errorf("audience: %+v", d)
	}
	if err := d.Check(advisory.TLPAmber); err != nil {
		t.Errorf("clients, AMBER: %v", err)
	}
	// The EML function refuses with an export.Refusal, which export
	// leaves out without failing the record.
	rec, err := advisory.Load("../../testdata/tlp/dsa-amber.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rec.TLP = advisory.TLPAmberStrict
	dr, err := k.Renderer.Render(rec, "en")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = k.EMLFor("utf-8", aud)(rec, dr, []byte("x"), nil)
	var ref *export.Refusal
	if !errors.As(err, &ref) {
		t.Errorf("EMLFor: %v, want a Refusal", err)
	}
}
