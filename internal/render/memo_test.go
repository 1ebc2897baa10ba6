package render_test

import (
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/render"
)

// TestDeadlineMemo: a renderer keeps the deadlines it has worded; what it
// gives from its memo is what a fresh renderer words. The deadlines are
// alike but for one thing each (the zone of one instant, the span counted,
// being dated), so a memo that confused any two would give the wrong words.
func TestDeadlineMemo(t *testing.T) {
	at := func(s string) due.When {
		w, err := due.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	day := calendar.Date{Year: 2026, Month: 5, Day: 11}
	whens := []struct {
		when  due.When
		dated bool
	}{
		// One instant in three zones, two of them on the same day.
		{at("2026-05-11T08:00Z"), true},
		{at("2026-05-11T17:00+09:00"), true},
		{at("2026-05-11T03:00-05:00"), true},
		{due.When{Date: day}, true},
		{due.When{Date: day, Span: advisory.Span{Days: 5, Business: true}}, true},
		{due.When{Date: day, Span: advisory.Span{Days: 3, Business: true}}, true},
		{due.When{Date: day, Span: advisory.Span{Days: 14}}, true},
		{due.When{Date: day}, false},
	}
	memo, err := render.NewLayered(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for round := range 2 {
		for _, w := range whens {
			for _, loc := range []string{"ja", "en"} {
				fresh, err := render.NewLayered(nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				want, err := fresh.Deadline(loc, w.when, w.dated)
				if err != nil {
					t.Fatal(err)
				}
				got, err := memo.Deadline(loc, w.when, w.dated)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("round %d, %s, %v (dated %v): %q, want %q", round, loc, w.when, w.dated, got, want)
				}
				seen[got] = loc
			}
		}
	}
	// The deadlines differ in their words (all but the undated one and
	// the fixed day that +14d is not, in each locale): the test would
	// catch a memo that mixes them up.
	if len(seen) < 2*(len(whens)-1) {
		t.Errorf("%d distinct wordings, want at least %d: %v", len(seen), 2*(len(whens)-1), seen)
	}
}
