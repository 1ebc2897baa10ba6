package tmplfold_test

import (
	"errors"
	htmltemplate "html/template"
	"strings"
	"testing"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/noticegen/noticegen/internal/tmplfold"
)

// funcs counts the calls of t, which words a label, and of fail.
func funcs(calls *int) map[string]any {
	return map[string]any{
		"t": func(id string, kv ...any) (string, error) {
			*calls++
			if len(kv) > 0 {
				return id + "=" + kv[0].(string), nil
			}
			return map[string]string{"label": `A & <B> "c"`, "url": "javascript:alert(1)"}[id], nil
		},
		"fail": func(string) (string, error) { *calls++; return "", errors.New("no such message") },
	}
}

var pure = map[string]bool{"t": true, "fail": true}

// TestFoldHTML: a folded label is escaped for its context as the call's
// result was (element text, attribute, URL), and the function is no
// longer called when the template runs.
func TestFoldHTML(t *testing.T) {
	const src = `<p title="{{t "label"}}">{{t "label"}}</p><a href="{{t "url"}}">{{t "x" .}}</a>`
	var plainCalls, foldedCalls int
	plain := htmltemplate.Must(htmltemplate.New("p").Funcs(funcs(&plainCalls)).Parse(src))
	folded := htmltemplate.Must(htmltemplate.New("p").Funcs(funcs(&foldedCalls)).Parse(src))
	var trees []*parse.Tree
	for _, tt := range folded.Templates() {
		trees = append(trees, tt.Tree)
	}
	tmplfold.Fold(trees, funcs(&foldedCalls), pure)
	if foldedCalls != 3 {
		t.Errorf("Fold called t %d times, want 3 (the constant calls)", foldedCalls)
	}
	var a, b strings.Builder
	if err := plain.Execute(&a, "v"); err != nil {
		t.Fatal(err)
	}
	foldedCalls = 0
	if err := folded.Execute(&b, "v"); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("folded:\n%s\nnot folded:\n%s", b.String(), a.String())
	}
	if !strings.Contains(b.String(), `>A &amp; &lt;B&gt; &#34;c&#34;</p>`) || !strings.Contains(b.String(), `href="#ZgotmplZ"`) {
		t.Errorf("not escaped: %s", b.String())
	}
	if foldedCalls != 1 {
		t.Errorf("executing the folded template called t %d times, want 1 (the call with a field)", foldedCalls)
	}
}

// TestFoldLeavesFailures: a call that fails is left in the template, so
// that executing it reports the error, located.
func TestFoldLeavesFailures(t *testing.T) {
	var calls int
	tm := texttemplate.Must(texttemplate.New("p").Funcs(funcs(&calls)).Parse("a\n{{fail \"x\"}}"))
	tmplfold.Fold([]*parse.Tree{tm.Tree}, funcs(&calls), pure)
	err := tm.Execute(&strings.Builder{}, nil)
	if err == nil || !strings.Contains(err.Error(), "p:2:") || !strings.Contains(err.Error(), "no such message") {
		t.Errorf("error %v, want one at p:2 with the function's message", err)
	}
}
