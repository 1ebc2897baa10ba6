package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/noticegen/noticegen/internal/weburl"
)

// URL rules: the addresses of the source and the references must be real
// http(s) URLs that say plainly where they lead, and should be https.

// recordURL is a URL field of the record.
type recordURL struct{ path, url string }

// urls returns the record's URL fields that are set.
func (c *checker) urls() []recordURL {
	var out []recordURL
	if c.rec.Source.URL != "" {
		out = append(out, recordURL{"source.url", c.rec.Source.URL})
	}
	for i, r := range c.rec.References {
		if r.URL != "" {
			out = append(out, recordURL{fmt.Sprintf("references[%d].url", i), r.URL})
		}
	}
	return out
}

func checkURLInvalid(c *checker) {
	for _, u := range c.urls() {
		if msg := weburl.Problem(u.url); msg != "" {
			c.report("url-invalid", u.path, "%q %s", u.url, msg)
		}
	}
}

// httpRE finds plain-http URLs written in text.
var httpRE = regexp.MustCompile(`(?i)\bhttp://[!-~]+`)

func checkURLHTTPS(c *checker) {
	for _, u := range c.urls() {
		if strings.HasPrefix(strings.ToLower(u.url), "http://") {
			c.report("url-https", u.path, "%q is not https: prefer the https address, which readers can trust", u.url)
		}
	}
	for _, t := range c.allTexts() {
		seen := map[string]bool{}
		for _, m := range httpRE.FindAllString(t.s, -1) {
			m = weburl.Trim(m)
			if !seen[m] {
				seen[m] = true
				c.report("url-https", t.path, "%q is not https: prefer the https address, which readers can trust", m)
			}
		}
	}
}
