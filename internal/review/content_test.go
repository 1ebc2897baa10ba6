package review

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/render"
)

const seedFile = "../../advisories/2026-06-09-trend-micro-dsa-linux.yaml"
const seedID = "2026-06-09-trend-micro-dsa-linux"

type kit struct {
	r    *render.Renderer
	html *format.HTML
}

var (
	defaultKit     *kit
	defaultKitOnce sync.Once
)

// newKit builds a renderer and HTML writer from the embedded defaults with
// extra template files on top.
func newKit(t testing.TB, tmpls fstest.MapFS) *kit {
	t.Helper()
	var extra []locale.Layer
	if tmpls != nil {
		extra = append(extra, locale.Layer{Name: "extra", FS: tmpls})
	}
	r, err := render.NewLayered(nil, extra)
	if err != nil {
		t.Fatal(err)
	}
	h, err := format.NewHTML(append([]locale.Layer{render.EmbeddedTemplates}, extra...))
	if err != nil {
		t.Fatal(err)
	}
	return &kit{r, h}
}

func stdKit(t testing.TB) *kit {
	defaultKitOnce.Do(func() { defaultKit = newKit(t, nil) })
	return defaultKit
}

func seedBytes(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snap renders data (a record file) in every locale and takes its snapshot.
func (k *kit) snap(t testing.TB, data []byte) (*advisory.Record, *Snapshot) {
	t.Helper()
	rec, err := advisory.Decode("x.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	var ds []*render.Draft
	for _, l := range k.r.Locales() {
		d, err := k.r.Render(rec, l)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, d)
	}
	s, err := Take(data, ds, k.html)
	if err != nil {
		t.Fatal(err)
	}
	return rec, s
}

func edit(t testing.TB, data []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%q not in the record", old)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

func TestContentHash(t *testing.T) {
	k := stdKit(t)
	data := seedBytes(t)
	rec, s := k.snap(t, data)
	h := s.Hash()
	if !advisory.IsSHA256(h) {
		t.Fatalf("hash %q", h)
	}
	if len(s.Drafts) != 2 || s.Drafts[0].Locale != "en" || s.Drafts[1].Locale != "ja" {
		t.Fatalf("drafts %+v", s.Drafts)
	}
	if !strings.Contains(s.Drafts[1].Body, "件名:") {
		t.Errorf("ja text:\n%s", s.Drafts[1].Body)
	}

	// The order of the drafts does not matter; the banner is not content.
	var ds []*render.Draft
	for _, l := range []string{"ja", "en"} {
		d, err := k.r.Render(rec, l)
		if err != nil {
			t.Fatal(err)
		}
		d.Banner = "NOT APPROVED"
		ds = append(ds, d)
	}
	got, err := Take(data, ds, k.html)
	if err != nil || got.Hash() != h {
		t.Fatalf("reordered drafts with banner: %v, %v; want %s", got, err, h)
	}
	if ds[0].Banner != "NOT APPROVED" {
		t.Error("Take changed the caller's draft")
	}

	// A comment in the record changes no draft, but the record's bytes.
	_, s2 := k.snap(t, append([]byte("# reviewed\n"), data...))
	if s2.Hash() == h {
		t.Error("record bytes changed, hash did not")
	}
	if c := s2.Changes(s); len(c) != 1 || c[0] != "record file" {
		t.Errorf("changes %q", c)
	}

	// A template change that touches only the HTML layout changes the hash.
	layout, err := os.ReadFile("../../templates/" + format.HTMLLayoutFile)
	if err != nil {
		t.Fatal(err)
	}
	k2 := newKit(t, fstest.MapFS{format.HTMLLayoutFile: {Data: bytes.Replace(layout, []byte("<body"), []byte("<!-- x -->\n<body"), 1)}})
	_, s3 := k2.snap(t, data)
	if s3.Hash() == h {
		t.Fatal("HTML layout changed, hash did not")
	}
	if c := strings.Join(s3.Changes(s), ","); c != "en.html,ja.html" {
		t.Errorf("changes %q", c)
	}

	// Errors: no drafts, two drafts of one locale.
	if _, err := Take(data, nil, k.html); err == nil {
		t.Error("no drafts: no error")
	}
	if _, err := Take(data, []*render.Draft{ds[0], ds[0]}, k.html); err == nil {
		t.Error("duplicate locale: no error")
	}
}

func TestContentHashStable(t *testing.T) {
	// The definition is fixed: the same parts always hash the same.
	s := &Snapshot{Record: strings.Repeat("a", 64), Drafts: []DraftPart{{
		Locale: "en", Draft: strings.Repeat("b", 64), Text: strings.Repeat("c", 64),
		Markdown: strings.Repeat("d", 64), HTML: strings.Repeat("e", 64), JSON: strings.Repeat("f", 64),
	}}}
	want := sum([]byte("noticegen review content v1\nrecord " + strings.Repeat("a", 64) + "\n" +
		"en draft " + strings.Repeat("b", 64) + "\n" + "en txt " + strings.Repeat("c", 64) + "\n" +
		"en md " + strings.Repeat("d", 64) + "\n" + "en html " + strings.Repeat("e", 64) + "\n" +
		"en json " + strings.Repeat("f", 64) + "\n"))
	if got := s.Hash(); got != want {
		t.Errorf("hash %s, want %s", got, want)
	}
}

// TestHashTextV1: the content hash, now built from the format table, is
// the SHA-256 of exactly the text content v1 defined (so existing logs
// verify and their approvals stay current), and a draft part marshals
// with the log's v1 keys in their order.
func TestHashTextV1(t *testing.T) {
	_, s := stdKit(t).snap(t, seedBytes(t))
	var b strings.Builder
	b.WriteString("noticegen review content v1\nrecord " + s.Record + "\n")
	for _, d := range s.Drafts {
		b.WriteString(d.Locale + " draft " + d.Draft + "\n" + d.Locale + " txt " + d.Text + "\n" + d.Locale + " md " + d.Markdown + "\n" +
			d.Locale + " html " + d.HTML + "\n" + d.Locale + " json " + d.JSON + "\n")
	}
	if got, want := s.Hash(), sum([]byte(b.String())); got != want {
		t.Errorf("Hash() = %s, want the v1 text's %s", got, want)
	}
	for _, d := range s.Drafts {
		if d.More != nil {
			t.Errorf("%s: hashes beyond v1's four formats: %v", d.Locale, d.More)
		}
	}
	e := Entry{Drafts: []DraftPart{{Locale: "en", Draft: "d", Text: "t", Markdown: "m", HTML: "h", JSON: "j", Body: "b"}}}
	if got, want := string(e.marshal()), `"drafts":[{"locale":"en","draft":"d","txt":"t","md":"m","html":"h","json":"j","text":"b"}]`; !strings.Contains(got, want) {
		t.Errorf("draft part marshals as %s, want %s", got, want)
	}
}

// TestHashNewFormat: a part approved before a hashed format existed has
// no hash of it and keeps its content hash; one that has it hashes it
// after the v1 lines.
func TestHashNewFormat(t *testing.T) {
	_, s := stdKit(t).snap(t, seedBytes(t))
	before := s.Hash()
	p := s.Drafts[0]
	if p.Sum("pdf") != "" || p.Sum("txt") != p.Text {
		t.Fatalf("Sum: %q %q", p.Sum("pdf"), p.Sum("txt"))
	}
	p.setSum("pdf", strings.Repeat("f", 64))
	if p.More["pdf"] == "" || p.Sum("pdf") != p.More["pdf"] {
		t.Errorf("setSum of a new format: %v", p.More)
	}
	// Not in the table: not hashed.
	s.Drafts[0] = p
	if s.Hash() != before {
		t.Error("a hash of a format outside the table changed the content hash")
	}
}
