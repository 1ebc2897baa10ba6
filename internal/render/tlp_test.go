package render_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/noticegen/noticegen/internal/advisory"
)

// TestTLPMarking: a marked record's drafts carry the label (first in the
// subject) and the marking line in their language, for every label and
// whatever the template says; an unmarked record's drafts are as before.
func TestTLPMarking(t *testing.T) {
	r := mustRenderer(t, nil, fstest.MapFS{"draft.tmpl": {Data: []byte("{{subject}}{{.SubjectPrefix}}{{.Title}}\n{{section \"a\"}}{{.Overview}}\n")}})
	rec := mustLoad(t, seedPath)
	want := map[advisory.TLP][2]string{
		advisory.TLPClear:       {"TLP:CLEAR（共有・公開に制限はありません）", "TLP:CLEAR — no limit on disclosure; you may share this with anyone"},
		advisory.TLPGreen:       {"TLP:GREEN（同じコミュニティ内では共有できますが、一般に公開された場では共有できません）", "TLP:GREEN — share this within your community, but not through publicly accessible channels"},
		advisory.TLPAmber:       {"TLP:AMBER（自組織とその顧客のうち、知る必要のある人に限り共有できます）", "TLP:AMBER — share this only with people in your organization and its clients who need to know"},
		advisory.TLPAmberStrict: {"TLP:AMBER+STRICT（自組織内で知る必要のある人に限り共有でき、顧客を含む組織外には共有できません）", "TLP:AMBER+STRICT — share this only with people in your organization who need to know, and not outside it"},
		advisory.TLPRed:         {"TLP:RED（受信者本人限りで、ほかの人には共有できません）", "TLP:RED — for the named recipients only; do not share it with anyone else"},
	}
	for _, l := range advisory.TLPs {
		rec.TLP = l
		for i, loc := range []string{"ja", "en"} {
			d, err := r.Render(rec, loc)
			if err != nil {
				t.Fatal(err)
			}
			if d.TLP != l.Label() || d.Marking != want[l][i] {
				t.Errorf("%s %s: TLP %q, marking %q; want %q", l, loc, d.TLP, d.Marking, want[l][i])
			}
			if !strings.HasPrefix(d.Subject, "[TLP:"+l.Label()+"] ") {
				t.Errorf("%s %s: subject %q", l, loc, d.Subject)
			}
			if mark, rest := d.SplitSubject(); mark != "[TLP:"+l.Label()+"] " || mark+rest != d.Subject {
				t.Errorf("%s %s: SplitSubject = %q, %q", l, loc, mark, rest)
			}
			v, err := r.View(rec, loc)
			if err != nil || v.TLP != l.Label() || v.TLPKey != l.Key() || v.Marking != d.Marking {
				t.Errorf("%s %s: view %q %q %q, %v", l, loc, v.TLP, v.TLPKey, v.Marking, err)
			}
		}
	}
	rec.TLP = ""
	d, err := r.Render(rec, "en")
	if err != nil {
		t.Fatal(err)
	}
	if d.TLP != "" || d.Marking != "" || d.SubjectMark() != "" || strings.Contains(d.Subject, "TLP") {
		t.Errorf("unmarked: %+v", d)
	}
	if mark, rest := d.SplitSubject(); mark != "" || rest != d.Subject {
		t.Errorf("unmarked: SplitSubject = %q, %q", mark, rest)
	}
}

// TestTLPMarkingMessages: the marking may be reworded, but it must show
// the label as TLP 2.0 writes it, on one line.
func TestTLPMarkingMessages(t *testing.T) {
	rec := mustLoad(t, seedPath)
	rec.TLP = advisory.TLPAmber
	r := mustRenderer(t, fstest.MapFS{"en.yaml": {Data: []byte("tlp:\n  meaning:\n    amber: need to know, org and clients\n")}}, nil)
	if d, err := r.Render(rec, "en"); err != nil || d.Marking != "TLP:AMBER — need to know, org and clients" {
		t.Errorf("reworded: %q, %v", d.Marking, err)
	}
	for name, msg := range map[string]string{
		"translated label": "tlp:\n  line: \"TLP:アンバー（{{.Meaning}}）\"\n",
		"no label":         "tlp:\n  line: \"{{.Meaning}}\"\n",
		"lower case":       "tlp:\n  line: \"tlp:amber {{.Meaning}}\"\n",
		"two lines":        "tlp:\n  line: \"{{.Label}}\\n{{.Meaning}}\"\n",
	} {
		r := mustRenderer(t, fstest.MapFS{"en.yaml": {Data: []byte(msg)}}, nil)
		_, err := r.Render(rec, "en")
		if err == nil || !strings.Contains(err.Error(), `user-locales/en.yaml:2:9: the TLP marking of locale "en" must be one line that shows the label TLP:AMBER as it is`) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
