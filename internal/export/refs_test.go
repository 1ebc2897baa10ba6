package export_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/weburl"
)

// TestLinks reads the drafts exported from the bundled and imported
// records: in HTML every reference URL is the href of a link whose text
// is the URL, and so is every URL in the text that passes url-invalid's
// checks; Markdown has no bare URL (every http(s):// starts an autolink
// or is escaped), and no www. host or e-mail address a renderer would
// link; no draft lists the CVE.org or the NVD page of a CVE twice.
func TestLinks(t *testing.T) {
	out := bundledAndImported(t)
	dirs, _ := filepath.Glob(filepath.Join(out, "*", "en.html"))
	if len(dirs) < 10 {
		t.Fatalf("%d records exported", len(dirs))
	}
	autolinkRE := regexp.MustCompile(`<https?://[^<>\s]*>`)
	bareRE := regexp.MustCompile(`(?i)(^|\W)(https?://|www\.)|\w@\w`)
	hrefRE := regexp.MustCompile(`<a href="([^"]*)"[^>]*>([^<]*(?:<wbr>[^<]*)*)</a>`)
	cvePageRE := regexp.MustCompile(`https://(www\.cve\.org/CVERecord\?id=|nvd\.nist\.gov/vuln/detail/)(CVE-\d+-\d+)`)
	for _, d := range dirs {
		d = filepath.Dir(d)
		rec := loadRecord(t, d)
		for _, loc := range []string{"ja", "en"} {
			html := read(t, filepath.Join(d, loc+".html"))
			links := map[string]bool{}
			for _, m := range hrefRE.FindAllStringSubmatch(html, -1) {
				href := strings.ReplaceAll(m[1], "&amp;", "&")
				text := strings.ReplaceAll(strings.ReplaceAll(m[2], "<wbr>", ""), "&amp;", "&")
				if text != href {
					t.Errorf("%s/%s.html: link to %s reads %q", filepath.Base(d), loc, href, text)
				}
				links[href] = true
			}
			for _, r := range rec.References {
				if r.URL != "" && !links[r.URL] {
					t.Errorf("%s/%s.html: reference %s is not a link", filepath.Base(d), loc, r.URL)
				}
			}
			for _, a := range rec.Actions {
				for _, rg := range weburl.Find(a[loc]) {
					u := a[loc][rg[0]:rg[1]]
					if weburl.Problem(u) == "" && !links[u] {
						t.Errorf("%s/%s.html: %s in an action is not a link", filepath.Base(d), loc, u)
					}
				}
			}
			md := read(t, filepath.Join(d, loc+".md"))
			for i, line := range strings.Split(md, "\n") {
				if bareRE.MatchString(autolinkRE.ReplaceAllString(line, "")) {
					t.Errorf("%s/%s.md:%d: a bare URL, www. host or e-mail address: %s", filepath.Base(d), loc, i+1, line)
				}
			}
			seen := map[string]bool{}
			for _, m := range cvePageRE.FindAllStringSubmatch(read(t, filepath.Join(d, loc+".txt")), -1) {
				if seen[m[0]] {
					t.Errorf("%s/%s.txt: %s listed twice", filepath.Base(d), loc, m[0])
				}
				seen[m[0]] = true
			}
		}
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// loadRecord loads the record an exported directory was written from.
func loadRecord(t *testing.T, dir string) *advisory.Record {
	t.Helper()
	id := filepath.Base(dir)
	for _, f := range bundledAndImportedFiles(t) {
		rec, err := advisory.Load(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if rec.ID == id || advisory.FileStem(f) == id {
			return rec
		}
	}
	t.Fatalf("no record for %s", dir)
	return nil
}
