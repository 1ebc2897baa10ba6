package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/web"
	"github.com/noticegen/noticegen/internal/workflow"
)

const (
	seedID = "2026-06-09-trend-micro-dsa-linux" // author secops-digest
	addr   = "127.0.0.1:8750"
)

var now = time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)

// records copies the seed record into a new records directory.
func records(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", seedID, nil)
	return dir
}

// copyRecord copies a record file into dir as id, applying edit to its
// text.
func copyRecord(t *testing.T, dir, from, id string, edit func(string) string) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "id: "+seedID, "id: "+id, 1)
	if edit != nil {
		s = edit(s)
	}
	p := filepath.Join(dir, id+".yaml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newServer(t *testing.T, dir string, mod func(*web.Options)) http.Handler {
	t.Helper()
	k, err := workflow.New(workflow.Settings{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	o := web.Options{Dir: dir, Addr: addr, Kit: k, As: "suzuki", Now: func() time.Time { return now }}
	if mod != nil {
		mod(&o)
	}
	s, err := web.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// client is a browser: it keeps the CSRF cookie and reads the form token
// from the last page.
type client struct {
	t       *testing.T
	h       http.Handler
	cookie  *http.Cookie
	token   string
	content string      // the content hash of the last record page
	header  http.Header // added to every request
	remote  string
}

func newClient(t *testing.T, h http.Handler) *client {
	return &client{t: t, h: h, header: http.Header{}, remote: "127.0.0.1:40000"}
}

var (
	tokenRE   = regexp.MustCompile(`name="csrf" value="([0-9a-f]{64})"`)
	contentRE = regexp.MustCompile(`name="content" value="([0-9a-f]{64})"`)
)

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	c.t.Helper()
	req.Host = addr
	req.RemoteAddr = c.remote
	for k, v := range c.header {
		req.Header[k] = v
	}
	if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, req)
	for _, ck := range w.Result().Cookies() {
		if ck.Name == "noticegen_csrf" {
			c.cookie = ck
		}
	}
	if m := tokenRE.FindStringSubmatch(w.Body.String()); m != nil {
		c.token = m[1]
	}
	if m := contentRE.FindStringSubmatch(w.Body.String()); m != nil {
		c.content = m[1]
	}
	return w
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	c.t.Helper()
	return c.do(httptest.NewRequest("GET", path, nil))
}

func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	c.t.Helper()
	if form.Get("csrf") == "" && c.token != "" {
		form.Set("csrf", c.token)
	}
	if _, set := form["content"]; !set && c.content != "" {
		form.Set("content", c.content)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func expect(t *testing.T, w *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%.2000s", w.Code, status, w.Body.String())
	}
	body := html.UnescapeString(w.Body.String())
	for _, s := range contains {
		if !strings.Contains(w.Body.String(), s) && !strings.Contains(body, s) {
			t.Errorf("the response does not contain %q:\n%.3000s", s, w.Body.String())
		}
	}
}

func logEntries(t *testing.T, dir string) []review.Entry {
	t.Helper()
	es, err := review.Open(dir).Read(now)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestSecurityHeaders(t *testing.T) {
	c := newClient(t, newServer(t, records(t), nil))
	w := c.get("/")
	expect(t, w, 200, seedID)
	h := w.Header()
	for k, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
	} {
		if !strings.Contains(h.Get(k), want) {
			t.Errorf("%s: %q, want %q", k, h.Get(k), want)
		}
	}
	if strings.Contains(h.Get("Content-Security-Policy"), "script-src") || strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Errorf("the page policy allows script or inline code: %s", h.Get("Content-Security-Policy"))
	}
	if c.cookie == nil || !c.cookie.HttpOnly || c.cookie.SameSite != http.SameSiteStrictMode {
		t.Errorf("CSRF cookie %+v", c.cookie)
	}
	// A draft's HTML is served sandboxed, for the server's own frames.
	w = c.get("/records/" + seedID + "/draft/ja")
	expect(t, w, 200, "<!DOCTYPE html>")
	if p := w.Header().Get("Content-Security-Policy"); !strings.HasPrefix(p, "sandbox;") || !strings.Contains(p, "frame-ancestors 'self'") {
		t.Errorf("draft policy %q", p)
	}
	w = c.get("/records/" + seedID + "?view=html")
	expect(t, w, 200, `<iframe sandbox title="HTML mail (ja)" src="/records/`+seedID+`/draft/ja?content=`+c.content+`">`)
	expect(t, c.get("/records/"+seedID+"/draft/ja?content="+c.content), 200, "<!DOCTYPE html>")
	expect(t, c.get("/records/"+seedID+"/draft/ja?content="+strings.Repeat("0", 64)), http.StatusConflict, "changed since")
	// One tab per output format of the table; each view shows that
	// format's bytes (the extension names a view too).
	for _, f := range format.Formats {
		expect(t, c.get("/records/"+seedID), 200, `<a href="?view=`+string(f.Name)+`"`)
	}
	expect(t, c.get("/records/"+seedID+"?view=json"), 200, `&#34;content_hash&#34;:`)
	expect(t, c.get("/records/"+seedID+"?view=md"), 200, `<pre class="source"># 【共有】Trend Micro`, "\n&gt; ⚠️ これは AI")
	expect(t, c.get("/records/"+seedID+"?view=txt"), 200, `<a href="?view=text" aria-current="page">`)
	expect(t, c.get("/records/"+seedID+"?view=eml"), 200, `X-Unsent: 1`)
}

// TestHostAndOrigin: a request naming another host (DNS rebinding) and a
// POST from another origin or without the form token are refused.
func TestHostAndOrigin(t *testing.T) {
	dir := records(t)
	h := newServer(t, dir, nil)
	for _, host := range []string{"evil.example", "evil.example:8750", "127.0.0.1:9999"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusForbidden {
			t.Errorf("Host %s: status %d, want 403", host, w.Code)
		}
	}
	for _, host := range []string{"localhost:8750", "127.0.0.1:8750", "[::1]:8750"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Errorf("Host %s: status %d, want 200", host, w.Code)
		}
	}
	c := newClient(t, h)
	c.get("/records/" + seedID)
	// No token.
	w := c.post("/records/"+seedID+"/approve", url.Values{"csrf": {"0"}})
	expect(t, w, http.StatusForbidden, "security token")
	// A token of another cookie.
	other := newClient(t, h)
	other.get("/new")
	w = c.post("/records/"+seedID+"/approve", url.Values{"csrf": {other.token}})
	expect(t, w, http.StatusForbidden)
	// Another origin, with a good token.
	c.header.Set("Origin", "http://evil.example")
	w = c.post("/records/"+seedID+"/approve", url.Values{})
	expect(t, w, http.StatusForbidden, "another site")
	c.header.Set("Origin", "null")
	expect(t, c.post("/records/"+seedID+"/approve", url.Values{}), http.StatusForbidden, "another site")
	c.header.Set("Origin", "http://"+addr)
	if es := logEntries(t, dir); len(es) != 0 {
		t.Fatalf("refused requests wrote the log: %v", es)
	}
	w = c.post("/records/"+seedID+"/approve", url.Values{})
	expect(t, w, http.StatusSeeOther)
}

// TestApproveFlow: the record page, an approval bound to the content read,
// the status it gives, the refusals the CLI has (four-eyes, check errors,
// a second approval by the same reviewer, a comment required), and content
// that changed since the page was read.
func TestApproveFlow(t *testing.T) {
	dir := records(t)
	c := newClient(t, newServer(t, dir, nil))
	w := c.get("/records/" + seedID)
	expect(t, w, 200, "Approve as suzuki", "Trend Micro Deep Security Agent", "No review entries yet",
		"The drafts as reviewers approve them: each is headed by the disclaimer")
	if strings.Contains(w.Body.String(), "Send-ready") {
		t.Error("a draft not approved is shown with a send-ready form")
	}
	content := regexp.MustCompile(`name="content" value="([0-9a-f]{64})"`).FindStringSubmatch(w.Body.String())
	if content == nil {
		t.Fatal("no content hash in the approve form")
	}
	w = c.post("/records/"+seedID+"/approve", url.Values{"comment": {"looks right"}, "content": {content[1]}})
	expect(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); loc != "/records/"+seedID+"?done=approved" {
		t.Errorf("redirect to %q", loc)
	}
	es := logEntries(t, dir)
	if len(es) != 1 || es[0].Reviewer != "suzuki" || es[0].Comment != "looks right" || es[0].Content != content[1] {
		t.Fatalf("log %+v", es)
	}
	expect(t, c.get("/records/"+seedID+"?done=approved"), 200, "Approved.", "approved (1/1)", "looks right")
	// Approved: the drafts are still shown as reviewed, with the
	// disclaimer; beside each, the disclosure its send-ready form carries
	// instead, naming the approval.
	expect(t, c.get("/records/"+seedID), 200, "(shown for each draft)",
		`<h3 lang="en">Send-ready: in place of the disclaimer</h3><p>このお知らせは、AI が生成した下書きをもとに作成したものです。内容は suzuki が 2026年6月10日に確認しました。</p>`,
		`<p>This notice is based on an AI-generated draft. Its content was reviewed by suzuki on June 10, 2026.</p>`,
		`<pre class="text">⚠️ これは AI が生成した参考例です。`)
	expect(t, c.get("/records/"+seedID+"?view=eml"), 200, "The .eml message as reviewed, not the send-ready one", "X-Unsent: 1")
	expect(t, c.get("/api/records/"+seedID), 200, `"disclosures": {`, `"en": "This notice is based on an AI-generated draft`)
	expect(t, c.get("/?status=approved"), 200, seedID)
	expect(t, c.get("/?status=draft"), 200, "No records with status")

	// The same reviewer again, and a request for changes without a comment.
	expect(t, c.post("/records/"+seedID+"/approve", url.Values{}), http.StatusUnprocessableEntity, "Not recorded")
	expect(t, c.post("/records/"+seedID+"/request-changes", url.Values{"comment": {"  "}}), http.StatusUnprocessableEntity, "Not recorded")

	// The record changes after the page was read: the approval is refused.
	copyRecord(t, dir, filepath.Join(dir, seedID+".yaml"), seedID, func(s string) string {
		return strings.Replace(s, "priority: low", "priority: medium", 1)
	})
	w = c.post("/records/"+seedID+"/approve", url.Values{"content": {content[1]}})
	expect(t, w, http.StatusUnprocessableEntity, "changed since you read it")
	w = c.get("/records/" + seedID)
	expect(t, w, 200, "stale", "Changed since the approval by suzuki", "+対応優先度: 中")
	if strings.Contains(w.Body.String(), "Send-ready") {
		t.Error("a stale record is shown with a send-ready form")
	}
	if n := len(logEntries(t, dir)); n != 1 {
		t.Errorf("%d log entries after refusals, want 1", n)
	}

	// The author cannot approve their own record.
	author := newClient(t, newServer(t, dir, func(o *web.Options) { o.As = "secops-digest" }))
	author.get("/records/" + seedID)
	expect(t, author.post("/records/"+seedID+"/approve", url.Values{}), http.StatusUnprocessableEntity, "four-eyes")

	// A record with check errors cannot be approved.
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", "todo-record", func(s string) string {
		return strings.Replace(s, "vendor: Trend Micro", "vendor: TODO", 1)
	})
	c.get("/records/todo-record")
	expect(t, c.post("/records/todo-record/approve", url.Values{}), http.StatusUnprocessableEntity, "check error")
}

// TestRecordTextIsData: a title that is markup shows as text on every page
// and in the API.
func TestRecordTextIsData(t *testing.T) {
	dir := records(t)
	evil := `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", "evil", func(s string) string {
		return strings.Replace(s, "  en: Behavior of Trend Micro Deep Security Agent (DSA) on Linux", "  en: '"+evil+"'", 1)
	})
	c := newClient(t, newServer(t, dir, nil))
	for _, path := range []string{"/", "/records/evil", "/records/evil?view=md", "/records/evil?view=eml", "/records/evil/edit"} {
		w := c.get(path)
		expect(t, w, 200)
		body := w.Body.String()
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: record text became markup", path)
		}
		if !strings.Contains(body, "&lt;script") || !strings.Contains(body, "alert(1)") {
			t.Errorf("%s: the title is not shown as text", path)
		}
	}
	w := c.get("/api/records/evil")
	var rec struct {
		Title map[string]string `json:"title"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &rec); err != nil || rec.Title["en"] != evil {
		t.Errorf("API title %q (%v)", rec.Title["en"], err)
	}
	if strings.Contains(w.Body.String(), "<script>") {
		t.Errorf("the API writes raw markup")
	}
}

// TestIDs: ids are validated before any file is touched.
func TestIDs(t *testing.T) {
	c := newClient(t, newServer(t, records(t), nil))
	for _, path := range []string{
		"/records/..%2F..%2Fetc%2Fpasswd",
		"/records/%2e%2e",
		"/records/nosuch",
		"/records/.hidden",
		"/records/UPPER",
		"/records/nosuch/edit",
		"/records/..%2f" + seedID + "/draft/ja",
		"/api/records/..%2F..%2Fetc%2Fpasswd",
	} {
		w := c.get(path)
		if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "root:") {
			t.Errorf("%s: status %d, want 404", path, w.Code)
		}
	}
	w := c.get("/records/../../etc/passwd")
	if w.Code == 200 || strings.Contains(w.Body.String(), "root:") {
		t.Errorf("a dot-dot path: status %d", w.Code)
	}
	c.get("/new")
	w = c.post("/records/..%2Fx/approve", url.Values{})
	if w.Code != http.StatusNotFound {
		t.Errorf("approve of a bad id: status %d, want 404", w.Code)
	}
}

// TestEdit: preview shows errors at their lines without saving; save is
// atomic, refused for text that does not load and for a file that changed
// on disk since it was opened (showing what changed).
func TestEdit(t *testing.T) {
	dir := records(t)
	file := filepath.Join(dir, seedID+".yaml")
	orig, _ := os.ReadFile(file)
	c := newClient(t, newServer(t, dir, nil))
	w := c.get("/records/" + seedID + "/edit")
	expect(t, w, 200, `id="L1"`, "Preview", "Save")
	base := workflow.Version(orig)

	bad := strings.Replace(string(orig), "priority: low", "priority: urgent", 1)
	w = c.post("/records/"+seedID+"/edit", url.Values{"action": {"preview"}, "yaml": {bad}, "orig": {string(orig)}, "base": {base}})
	expect(t, w, 200, "Preview:", `href="#L19"`, "urgent", `<tr id="L19" class="bad">`)
	if now, _ := os.ReadFile(file); !bytes.Equal(now, orig) {
		t.Fatal("preview changed the file")
	}
	w = c.post("/records/"+seedID+"/edit", url.Values{"action": {"save"}, "yaml": {bad}, "orig": {string(orig)}, "base": {base}})
	expect(t, w, http.StatusUnprocessableEntity, "Not saved", "19:11")
	if now, _ := os.ReadFile(file); !bytes.Equal(now, orig) {
		t.Fatal("a refused save changed the file")
	}

	// A good edit, sent with the CRLF line ends browsers use.
	good := strings.Replace(string(orig), "priority: low", "priority: medium", 1)
	w = c.post("/records/"+seedID+"/edit", url.Values{"action": {"save"}, "yaml": {strings.ReplaceAll(good, "\n", "\r\n")}, "orig": {string(orig)}, "base": {base}})
	expect(t, w, http.StatusSeeOther)
	if now, _ := os.ReadFile(file); string(now) != good {
		t.Fatalf("saved text differs:\n%s", now)
	}

	// Saving again from the old version: the file changed on disk.
	again := strings.Replace(string(orig), "priority: low", "priority: high", 1)
	w = c.post("/records/"+seedID+"/edit", url.Values{"action": {"save"}, "yaml": {again}, "orig": {string(orig)}, "base": {base}})
	expect(t, w, http.StatusConflict, "changed on disk", "-priority: low", "+priority: medium")
	if now, _ := os.ReadFile(file); string(now) != good {
		t.Fatal("a conflicting save changed the file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".edit-") {
			t.Errorf("left-over temporary file %s", e.Name())
		}
	}

	// A deadline with a time of day: the edit entry remembers it as the
	// drafts give it, and the log takes it (it once refused such facts,
	// and with them the save).
	timed := strings.Replace(good, "deadline: as-needed", "deadline: 2026-06-30T17:00+09:00", 1)
	w = c.post("/records/"+seedID+"/edit", url.Values{"action": {"save"}, "yaml": {timed}, "orig": {good}, "base": {workflow.Version([]byte(good))}})
	expect(t, w, http.StatusSeeOther)
	if now, _ := os.ReadFile(file); string(now) != timed {
		t.Fatalf("the timed deadline was not saved:\n%s", now)
	}
	log, _ := os.ReadFile(filepath.Join(dir, ".noticegen-review.jsonl"))
	if !bytes.Contains(log, []byte(`"deadline":"2026-06-30T17:00+09:00"`)) {
		t.Errorf("the edit entry does not remember the deadline:\n%s", log)
	}
}

// TestNewAndImport: a record started from the template, and one made from
// an uploaded advisory; neither replaces an existing record.
func TestNewAndImport(t *testing.T) {
	dir := records(t)
	c := newClient(t, newServer(t, dir, nil))
	c.get("/new")
	w := c.post("/new", url.Values{"id": {"2026-06-10-new-one"}})
	expect(t, w, http.StatusSeeOther)
	data, err := os.ReadFile(filepath.Join(dir, "2026-06-10-new-one.yaml"))
	if err != nil || !strings.Contains(string(data), "author: suzuki") || !strings.Contains(string(data), "published: 2026-06-10") {
		t.Fatalf("new record: %v\n%s", err, data)
	}
	expect(t, c.get("/records/2026-06-10-new-one"), 200, "TODO", "[placeholder]")
	expect(t, c.post("/new", url.Values{"id": {seedID}}), http.StatusUnprocessableEntity, "exists already")
	expect(t, c.post("/new", url.Values{"id": {"../x"}}), http.StatusUnprocessableEntity, "not a safe file name")

	doc, err := os.ReadFile("../../testdata/import/docs/osv-go-multimajor.json")
	if err != nil {
		t.Fatal(err)
	}
	upload := func() *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", c.token)
		fw, _ := mw.CreateFormFile("document", "../../osv-go-multimajor.json")
		fw.Write(doc)
		mw.Close()
		req := httptest.NewRequest("POST", "/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return c.do(req)
	}
	w = upload()
	expect(t, w, http.StatusSeeOther)
	if loc := w.Header().Get("Location"); !strings.HasSuffix(loc, "/edit?done=imported") {
		t.Errorf("redirect to %q", loc)
	}
	if _, err := os.Stat(filepath.Join(dir, "go-2099-0001.yaml")); err != nil {
		t.Errorf("imported record: %v", err)
	}
	c.get("/new")
	expect(t, upload(), http.StatusUnprocessableEntity, "exists; nothing imported")
}

// TestBodyLimit: a form over the limit is refused with 413.
func TestBodyLimit(t *testing.T) {
	c := newClient(t, newServer(t, records(t), nil))
	c.get("/")
	w := c.post("/records/"+seedID+"/edit", url.Values{"yaml": {strings.Repeat("x", 3<<20)}})
	expect(t, w, http.StatusRequestEntityTooLarge)
}

// TestHeaderAuth: behind a sign-on proxy the reviewer is the proxy's
// header, accepted only from the proxy.
func TestHeaderAuth(t *testing.T) {
	dir := records(t)
	h := newServer(t, dir, func(o *web.Options) {
		o.Auth, o.As = web.AuthHeader, ""
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32")}
	})
	c := newClient(t, h)
	expect(t, c.get("/"), http.StatusUnauthorized, "sign-on proxy")
	c.remote = "10.0.0.5:5555"
	expect(t, c.get("/"), http.StatusUnauthorized, "X-Forwarded-User")
	c.header.Set("X-Forwarded-User", "bad\nname")
	expect(t, c.get("/"), http.StatusUnauthorized)
	c.header.Set("X-Forwarded-User", "tanaka")
	expect(t, c.get("/records/"+seedID), 200, "Approve as tanaka")
	expect(t, c.post("/records/"+seedID+"/approve", url.Values{}), http.StatusSeeOther)
	if es := logEntries(t, dir); len(es) != 1 || es[0].Reviewer != "tanaka" {
		t.Errorf("log %+v", es)
	}
}

// TestConcurrentApprovals: two reviewers approving at once both land in
// the log, and its chain verifies.
func TestConcurrentApprovals(t *testing.T) {
	dir := records(t)
	h := newServer(t, dir, func(o *web.Options) {
		o.Auth, o.As, o.Approvals = web.AuthHeader, "", 2
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		c := newClient(t, h)
		c.header.Set("X-Forwarded-User", fmt.Sprintf("reviewer%d", i))
		c.get("/records/" + seedID)
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = c.post("/records/"+seedID+"/approve", url.Values{}).Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Errorf("reviewer%d: status %d", i, code)
		}
	}
	if es := logEntries(t, dir); len(es) != len(codes) {
		t.Errorf("%d entries, want %d", len(es), len(codes))
	}
	if _, errs := workflow.Verify([]string{dir}, now); len(errs) > 0 {
		t.Error(errs)
	}
}

func TestOptions(t *testing.T) {
	k, err := workflow.New(workflow.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		o    web.Options
		want string
	}{
		{web.Options{Addr: "0.0.0.0:8750", As: "suzuki"}, "loopback only"},
		{web.Options{Addr: "192.0.2.1:8750", As: "suzuki", AllowRemote: true}, "loopback only"},
		{web.Options{Addr: "0.0.0.0:8750", Auth: web.AuthHeader, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, "--allow-remote"},
		{web.Options{Addr: "127.0.0.1:8750", Auth: web.AuthHeader}, "--trusted-proxy"},
		{web.Options{Addr: "127.0.0.1:8750", As: "bad\nname"}, "--as"},
		{web.Options{Addr: "127.0.0.1", As: "suzuki"}, "--addr"},
		{web.Options{Addr: "127.0.0.1:8750", As: "suzuki", Auth: "magic"}, "--auth"},
	} {
		c.o.Kit = k
		if _, err := web.New(c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want an error about %s", c.o, err, c.want)
		}
	}
	o := web.Options{Addr: "0.0.0.0:8750", Auth: web.AuthHeader, AllowRemote: true, Kit: k,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	if _, err := web.New(o); err != nil {
		t.Errorf("header auth with --allow-remote: %v", err)
	}
}

func TestAPI(t *testing.T) {
	dir := records(t)
	c := newClient(t, newServer(t, dir, nil))
	w := c.get("/api/records")
	expect(t, w, 200)
	var list []struct {
		ID, Status, Summary string
		Errors              int
	}
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || len(list) != 1 || list[0].ID != seedID || list[0].Status != "draft" {
		t.Fatalf("list %+v (%v)", list, err)
	}
	w = c.get("/api/records/" + seedID)
	var rec struct {
		Drafts   map[string]string `json:"drafts"`
		Findings []any             `json:"findings"`
		Content  string            `json:"content_hash"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &rec); err != nil || !strings.Contains(rec.Drafts["ja"], "件名:") || len(rec.Content) != 64 {
		t.Errorf("record %+v (%v)", rec, err)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	b, _ := io.ReadAll(c.get("/api/records/nosuch").Body)
	if !bytes.Contains(b, []byte("no such record")) {
		t.Errorf("unknown record: %s", b)
	}
}

// TestEditorCannotApprove: who saved a record on the page may not approve
// it (four-eyes: they wrote part of it), until someone asks for changes;
// another reviewer may. Regression: a reviewer could rewrite the record
// (even its author field) and approve their own words.
func TestEditorCannotApprove(t *testing.T) {
	dir := records(t)
	file := filepath.Join(dir, seedID+".yaml")
	orig, _ := os.ReadFile(file)
	c := newClient(t, newServer(t, dir, nil))
	c.get("/records/" + seedID + "/edit")
	edited := strings.Replace(string(orig), "author: secops-digest", "author: tanaka", 1)
	w := c.post("/records/"+seedID+"/edit", url.Values{"action": {"save"}, "yaml": {edited}, "orig": {string(orig)}, "base": {workflow.Version(orig)}})
	expect(t, w, http.StatusSeeOther)
	es := logEntries(t, dir)
	if len(es) != 1 || es[0].Action != review.Edit || es[0].Reviewer != "suzuki" {
		t.Fatalf("the save is not in the log as an edit: %+v", es)
	}
	c.get("/records/" + seedID)
	expect(t, c.post("/records/"+seedID+"/approve", url.Values{}), http.StatusUnprocessableEntity, "suzuki edited", "four-eyes")
	other := newClient(t, newServer(t, dir, func(o *web.Options) { o.As = "sato" }))
	other.get("/records/" + seedID)
	expect(t, other.post("/records/"+seedID+"/approve", url.Values{}), http.StatusSeeOther)
	expect(t, other.get("/records/"+seedID), 200, "approved (1/1)")
	// After a request for changes the editor's earlier edit no longer bars
	// them (the next version is the author's).
	expect(t, other.post("/records/"+seedID+"/request-changes", url.Values{"comment": {"author?"}}), http.StatusSeeOther)
	c.get("/records/" + seedID)
	expect(t, c.post("/records/"+seedID+"/approve", url.Values{}), http.StatusSeeOther)
	if _, errs := workflow.Verify([]string{dir}, now); len(errs) > 0 {
		t.Error(errs)
	}
}

// TestDecisionNamesContent: an approval or a request for changes without
// the content hash of the page read is refused.
func TestDecisionNamesContent(t *testing.T) {
	dir := records(t)
	c := newClient(t, newServer(t, dir, nil))
	c.get("/records/" + seedID)
	expect(t, c.post("/records/"+seedID+"/approve", url.Values{"content": {""}}), http.StatusUnprocessableEntity, "names no content")
	expect(t, c.post("/records/"+seedID+"/request-changes", url.Values{"content": {""}, "comment": {"x"}}), http.StatusUnprocessableEntity, "names no content")
	if n := len(logEntries(t, dir)); n != 0 {
		t.Errorf("%d entries", n)
	}
}

// TestSymlinkedRecord: a record file that is a symbolic link is not read
// (it could show any file the server can read) nor written through.
func TestSymlinkedRecord(t *testing.T) {
	dir := records(t)
	secret := filepath.Join(t.TempDir(), "secret.yaml")
	os.WriteFile(secret, []byte("root:x:0:0:secret\n"), 0o644)
	if err := os.Symlink(secret, filepath.Join(dir, "pw.yaml")); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, newServer(t, dir, nil))
	for _, p := range []string{"/records/pw", "/records/pw/edit", "/api/records/pw", "/records/pw/draft/ja"} {
		w := c.get(p)
		if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "root:x") {
			t.Errorf("%s: status %d", p, w.Code)
		}
	}
	if strings.Contains(c.get("/").Body.String(), "root:x") {
		t.Error("the index shows the linked file")
	}
}

// TestSaveLimitsAndYML: a text larger than a record may be is not saved;
// a .yml record is saved as .yml (no duplicate .yaml appears).
func TestSaveLimitsAndYML(t *testing.T) {
	dir := records(t)
	file := filepath.Join(dir, seedID+".yaml")
	orig, _ := os.ReadFile(file)
	c := newClient(t, newServer(t, dir, nil))
	c.get("/records/" + seedID + "/edit")
	big := string(orig) + "# " + strings.Repeat("x", 1<<20) + "\n"
	expect(t, c.post("/records/"+seedID+"/edit", url.Values{"action": {"save"}, "yaml": {big}, "base": {workflow.Version(orig)}}), http.StatusUnprocessableEntity, "at most")
	if now, _ := os.ReadFile(file); !bytes.Equal(now, orig) {
		t.Fatal("an oversized save changed the file")
	}

	yml := copyRecord(t, dir, file, "yml-record", nil)
	ymlPath := strings.TrimSuffix(yml, ".yaml") + ".yml"
	os.Rename(yml, ymlPath)
	data, _ := os.ReadFile(ymlPath)
	c.get("/records/yml-record/edit")
	edited := strings.Replace(string(data), "priority: low", "priority: high", 1)
	expect(t, c.post("/records/yml-record/edit", url.Values{"action": {"save"}, "yaml": {edited}, "base": {workflow.Version(data)}}), http.StatusSeeOther)
	if now, _ := os.ReadFile(ymlPath); string(now) != edited {
		t.Error("the .yml record was not saved")
	}
	if _, err := os.Stat(filepath.Join(dir, "yml-record.yaml")); err == nil {
		t.Error("a duplicate .yaml appeared")
	}
	expect(t, c.post("/new", url.Values{"id": {"yml-record"}}), http.StatusUnprocessableEntity, "exists already")
}

// TestCSRFCookieAndHeaders: a cookie the server did not issue is not
// taken, a token in the query string is not taken, and two user headers
// are refused.
func TestCSRFCookieAndHeaders(t *testing.T) {
	dir := records(t)
	h := newServer(t, dir, nil)
	c := newClient(t, h)
	c.cookie = &http.Cookie{Name: "noticegen_csrf", Value: strings.Repeat("Z", 64)}
	w := c.get("/records/" + seedID)
	if c.cookie.Value == strings.Repeat("Z", 64) {
		t.Fatal("a planted cookie was kept")
	}
	expect(t, w, 200)
	req := httptest.NewRequest("POST", "/records/"+seedID+"/approve?csrf="+c.token, strings.NewReader("content="+c.content))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	expect(t, c.do(req), http.StatusForbidden, "security token")

	hh := newServer(t, dir, func(o *web.Options) {
		o.Auth, o.As = web.AuthHeader, ""
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	two := newClient(t, hh)
	two.header["X-Forwarded-User"] = []string{"bob", "alice"}
	expect(t, two.get("/"), http.StatusUnauthorized, "more than one")
	// A token is bound to the reviewer: alice's token is not erin's.
	alice := newClient(t, hh)
	alice.header.Set("X-Forwarded-User", "alice")
	alice.get("/records/" + seedID)
	alice.header.Set("X-Forwarded-User", "erin")
	expect(t, alice.post("/records/"+seedID+"/approve", url.Values{}), http.StatusForbidden)
}

// TestDeadlineResolved: the list, the record page and the API show the
// deadline as the drafts resolve it under the policy (its SLA and team
// calendar), with its weekday and time; one that does not resolve says so.
func TestDeadlineResolved(t *testing.T) {
	dir := records(t)
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", "policy-deadline", func(s string) string {
		s = strings.Replace(s, "priority: low", "priority: high", 1)
		return strings.Replace(s, "deadline: as-needed", "deadline: policy", 1)
	})
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", "timed-deadline", func(s string) string {
		return strings.Replace(s, "deadline: as-needed", "deadline: 2026-06-19T17:00+09:00", 1)
	})
	copyRecord(t, dir, "../../advisories/"+seedID+".yaml", "policy-low", func(s string) string {
		return strings.Replace(s, "deadline: as-needed", "deadline: policy", 1)
	})
	cfg, err := config.Parse(filepath.Join(dir, "noticegen.yaml"), []byte("calendar:\n  closed: [2026-06-12]\nsla:\n  high: 3bd\n"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := workflow.New(workflow.Settings{Now: now, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, newServer(t, dir, func(o *web.Options) { o.Kit = k }))
	// Published 2026-06-09 (Tuesday): 6/10, 6/11, then 6/12 is closed: 6/15.
	expect(t, c.get("/"), 200, "policy → 2026-06-15 (Mon)", "2026-06-19 (Fri) 17:00 JST", "policy (does not resolve)")
	expect(t, c.get("/records/policy-deadline"), 200, "deadline policy → 2026-06-15 (Mon)", "対応期限: 2026年6月15日（月）（公開から 3営業日）")
	expect(t, c.get("/records/timed-deadline"), 200, "Deadline: Fri, June 19, 2026, 17:00 JST")
	w := c.get("/api/records")
	var list []struct{ ID, Deadline string }
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range list {
		got[r.ID] = r.Deadline
	}
	if got["policy-deadline"] != "2026-06-15" || got["timed-deadline"] != "2026-06-19T17:00+09:00" || got["policy-low"] != "policy" || got[seedID] != "as-needed" {
		t.Errorf("API deadlines %v", got)
	}
}
