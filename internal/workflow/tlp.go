package workflow

import (
	"fmt"
	netmail "net/mail"
	"strings"
	"unicode/utf8"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/mail"
)

// Distribution is who send-ready .eml drafts go to, and where a TLP
// marking lets them go: the To and Cc address lists with the settings
// they come from (for messages), the organisation's mail domains and the
// client domains of the audience in use.
//
// The rules (TLP 2.0 as a team that mails distribution lists applies it):
//
//   - unmarked, TLP:CLEAR and TLP:GREEN: any recipient;
//   - TLP:AMBER+STRICT: only addresses in organisation.domains;
//   - TLP:AMBER: those, and addresses in the domains of the audience in use
//     (audiences[].domains: its clients);
//   - TLP:RED: never. noticegen writes drafts for lists, and TLP:RED is for
//     the individual recipients only: share it in person or by name.
//
// A domain includes its subdomains (example.co.jp allows
// tokyo.example.co.jp). Without organisation.domains the recipients of an
// AMBER or AMBER+STRICT draft cannot be checked, and it is refused.
type Distribution struct {
	To, Cc         string // address lists, as the headers carry them
	ToFrom, CcFrom string // the settings they come from: "mail.to", "audiences[1].cc"
	Org            []string
	Clients        []string
	ClientsFrom    string // "audiences[1].domains"; "" without an audience
	Audience       string // the audience's name; "" without one
}

// Distribution returns the distribution of .eml drafts with the policy
// file's mail settings, or, when aud is set, with that audience's To and
// Cc and client domains.
func (k *Kit) Distribution(aud *config.Audience) Distribution {
	c := k.Config
	d := Distribution{To: c.Mail.To, Cc: c.Mail.Cc, ToFrom: "mail.to", CcFrom: "mail.cc", Org: c.Organisation.Domains}
	if d.To == "" {
		d.To, d.ToFrom = mail.DefaultTo, "the placeholder To: mail.to is not set"
	}
	if aud == nil {
		return d
	}
	at := "audiences"
	for i := range c.Audiences {
		if c.Audiences[i].Name == aud.Name {
			at = fmt.Sprintf("audiences[%d]", i)
		}
	}
	d.To, d.Cc, d.ToFrom, d.CcFrom = aud.To, aud.Cc, at+".to", at+".cc"
	d.Clients, d.ClientsFrom, d.Audience = aud.Domains, at+".domains", aud.Name
	return d
}

// Check returns nil when every recipient may receive a notice marked t,
// else an error saying the rule and every address outside it.
func (d Distribution) Check(t advisory.TLP) error {
	var allowed []string
	var rule string
	switch t {
	case "", advisory.TLPClear, advisory.TLPGreen:
		return nil
	case advisory.TLPRed:
		return fmt.Errorf("TLP:RED is for the individual recipients only, and an .eml draft goes to a distribution list: none is written for a TLP:RED record; share it in person or with each recipient by name")
	case advisory.TLPAmberStrict:
		if len(d.Org) == 0 {
			return fmt.Errorf("TLP:AMBER+STRICT allows only the organization's own mail domains, and the policy file names none: set organisation.domains in noticegen.yaml so that the recipients can be checked")
		}
		allowed = d.Org
		rule = fmt.Sprintf("TLP:AMBER+STRICT allows only %s (organisation.domains)", strings.Join(d.Org, ", "))
	case advisory.TLPAmber:
		if len(d.Org) == 0 {
			return fmt.Errorf("TLP:AMBER allows only the organization's mail domains and its clients', and the policy file names no organisation.domains: set them in noticegen.yaml so that the recipients can be checked")
		}
		allowed = append(append(allowed, d.Org...), d.Clients...)
		rule = fmt.Sprintf("TLP:AMBER allows only %s (organisation.domains)", strings.Join(d.Org, ", "))
		if d.ClientsFrom == "" {
			rule += " and the client domains of an audience (export --audience NAME)"
		} else if len(d.Clients) == 0 {
			rule += fmt.Sprintf(", as audience %s names no client domains", d.Audience)
		} else {
			rule += fmt.Sprintf(" and %s (%s)", strings.Join(d.Clients, ", "), d.ClientsFrom)
		}
	default:
		return fmt.Errorf("unknown TLP label %q", t)
	}
	var outside []string
	for _, list := range []struct{ addrs, from string }{{d.To, d.ToFrom}, {d.Cc, d.CcFrom}} {
		if list.addrs == "" {
			continue
		}
		as, err := netmail.ParseAddressList(list.addrs)
		if err != nil {
			return fmt.Errorf("%s: %q is not an address list (%v), so it cannot be checked against %s", list.from, list.addrs, strings.TrimPrefix(err.Error(), "mail: "), "TLP:"+t.Label())
		}
		for _, a := range as {
			if !inDomains(a.Address, allowed) {
				outside = append(outside, fmt.Sprintf("%q (%s)", a.Address, list.from))
			}
		}
	}
	switch len(outside) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%s; %s is outside it", rule, outside[0])
	}
	return fmt.Errorf("%s; %s are outside it", rule, strings.Join(outside, ", "))
}

// inDomains reports whether the address is in one of the domains or a
// subdomain of one. Domains are lower case ASCII (config checks them); an
// address whose domain is not ASCII is in none of them (write it in its
// xn-- form). Case is folded in ASCII only: Unicode folding would take
// the Kelvin sign (U+212A) for a "k".
func inDomains(addr string, domains []string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return false
	}
	host := addr[at+1:]
	for i := 0; i < len(host); i++ {
		if host[i] >= utf8.RuneSelf {
			return false
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
