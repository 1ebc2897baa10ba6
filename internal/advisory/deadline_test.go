package advisory

import (
	"regexp"
	"testing"
	"time"
)

// TestDeadlineForms reads every form a deadline may take, and refuses
// every malformed one with the message the user sees.
func TestDeadlineForms(t *testing.T) {
	jst := time.FixedZone("", 9*3600)
	day := func(s string) Date {
		d, err := time.Parse(dateLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return Date{d}
	}
	for _, tc := range []struct {
		in   string
		want Deadline
	}{
		{"as-needed", Deadline{Kind: DeadlineAsNeeded}},
		{"policy", Deadline{Kind: DeadlinePolicy}},
		{"+14d", Deadline{Kind: DeadlineRelative, Span: Span{Days: 14}}},
		{"+2w", Deadline{Kind: DeadlineRelative, Span: Span{Days: 14}}},
		{"+1d", Deadline{Kind: DeadlineRelative, Span: Span{Days: 1}}},
		{"+3660d", Deadline{Kind: DeadlineRelative, Span: Span{Days: 3660}}},
		{"+5bd", Deadline{Kind: DeadlineRelative, Span: Span{Days: 5, Business: true}}},
		{"+1bd", Deadline{Kind: DeadlineRelative, Span: Span{Days: 1, Business: true}}},
		{"2026-06-30", Deadline{Kind: DeadlineDate, Date: day("2026-06-30")}},
		{"2026-05-11T17:00+09:00", Deadline{Kind: DeadlineDate, Date: day("2026-05-11"), At: time.Date(2026, 5, 11, 17, 0, 0, 0, jst)}},
		{"2026-05-11T17:00:00+09:00", Deadline{Kind: DeadlineDate, Date: day("2026-05-11"), At: time.Date(2026, 5, 11, 17, 0, 0, 0, jst)}},
		{"2026-05-11T08:00Z", Deadline{Kind: DeadlineDate, Date: day("2026-05-11"), At: time.Date(2026, 5, 11, 8, 0, 0, 0, time.UTC)}},
		{"2026-05-11T00:00-05:00", Deadline{Kind: DeadlineDate, Date: day("2026-05-11"), At: time.Date(2026, 5, 11, 0, 0, 0, 0, time.FixedZone("", -5*3600))}},
		{"2026-05-11T23:59+05:30", Deadline{Kind: DeadlineDate, Date: day("2026-05-11"), At: time.Date(2026, 5, 11, 23, 59, 0, 0, time.FixedZone("", 5*3600+1800))}},
		{"2026-05-11T12:00+14:00", Deadline{Kind: DeadlineDate, Date: day("2026-05-11"), At: time.Date(2026, 5, 11, 12, 0, 0, 0, time.FixedZone("", 14*3600))}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var d Deadline
			if err := d.parse(tc.in); err != nil {
				t.Fatal(err)
			}
			tc.want.Raw = tc.in
			if d.Kind != tc.want.Kind || d.Span != tc.want.Span || !d.Date.Equal(tc.want.Date.Time) || d.Raw != tc.want.Raw {
				t.Errorf("got %+v, want %+v", d, tc.want)
			}
			if !d.At.Equal(tc.want.At) || d.HasTime() != !tc.want.At.IsZero() {
				t.Errorf("At = %v, want %v", d.At, tc.want.At)
			}
			if d.HasTime() {
				// The time is kept in the zone written, not converted.
				_, off := d.At.Zone()
				_, woff := tc.want.At.Zone()
				if off != woff || d.At.Hour() != tc.want.At.Hour() {
					t.Errorf("At = %v, want %v in its own zone", d.At, tc.want.At)
				}
			}
			if d.String() != tc.in {
				t.Errorf("String() = %q, want it as written", d.String())
			}
		})
	}
	forms := `want a date (YYYY-MM-DD), a date and time with its zone (2026-05-11T17:00+09:00), a span after publication (+14d, +2w, +5bd), policy or as-needed`
	for _, tc := range []struct{ in, msg string }{
		{"soon", `invalid deadline "soon": ` + forms},
		{"Policy", `invalid deadline "Policy": ` + forms},
		{"+5 bd", `invalid deadline "+5 bd": ` + forms},
		{"+5BD", `invalid deadline "+5BD": ` + forms},
		{"-5bd", `invalid deadline "-5bd": ` + forms},
		{"5bd", `invalid deadline "5bd": a span after publication starts with +: write +5bd`},
		{"14d", `invalid deadline "14d": a span after publication starts with +: write +14d`},
		{"+0d", `span "+0d" out of range: want +1d to +3660d`},
		{"+523w", `span "+523w" out of range: want +1d to +3660d`},
		{"+0bd", `span "+0bd" out of range: want +1bd to +3660bd`},
		{"+3661bd", `span "+3661bd" out of range: want +1bd to +3660bd`},
		{"+12345d", `invalid deadline "+12345d": ` + forms},
		{"2026-02-30", `invalid date "2026-02-30": not a calendar date`},
		{"2026-02-30T17:00+09:00", `invalid date "2026-02-30": not a calendar date`},
		{"2026-05-11T17:00", `deadline "2026-05-11T17:00" has a time but no time zone: add the offset, as in 2026-05-11T17:00+09:00 (Japan) or 2026-05-11T17:00Z (UTC)`},
		{"2026-05-11T17:00:00", `deadline "2026-05-11T17:00:00" has a time but no time zone: add the offset, as in 2026-05-11T17:00:00+09:00 (Japan) or 2026-05-11T17:00:00Z (UTC)`},
		{"2026-05-11 17:00", `invalid deadline "2026-05-11 17:00": write T between the date and the time, and add the zone: 2026-05-11T17:00+09:00 (Japan) or 2026-05-11T17:00Z (UTC)`},
		{"2026-05-11 17:00+09:00", `invalid deadline "2026-05-11 17:00+09:00": write T between the date and the time: 2026-05-11T17:00+09:00`},
		{"2026-05-11t17:00z", `invalid deadline "2026-05-11t17:00z": write T between the date and the time: 2026-05-11T17:00Z`},
		{"2026-05-11T17:00z", `invalid deadline "2026-05-11T17:00z": write the zone in upper case: 2026-05-11T17:00Z`},
		{"2026-05-11T17+09:00", `invalid deadline "2026-05-11T17+09:00": want the time as HH:MM followed by its zone, as in 2026-05-11T17:00+09:00 (Japan) or 2026-05-11T08:00Z (UTC)`},
		{"2026-05-11T5:00+09:00", `invalid deadline "2026-05-11T5:00+09:00": want the time as HH:MM followed by its zone, as in 2026-05-11T17:00+09:00 (Japan) or 2026-05-11T08:00Z (UTC)`},
		{"2026-05-11T17:00+0900", `invalid deadline "2026-05-11T17:00+0900": want the time as HH:MM followed by its zone, as in 2026-05-11T17:00+09:00 (Japan) or 2026-05-11T08:00Z (UTC)`},
		{"2026-05-11T17:00 JST", `invalid deadline "2026-05-11T17:00 JST": want the time as HH:MM followed by its zone, as in 2026-05-11T17:00+09:00 (Japan) or 2026-05-11T08:00Z (UTC)`},
		{"2026-05-11T24:00+09:00", `invalid deadline "2026-05-11T24:00+09:00": 24:00 is not a time of day (00:00 to 23:59)`},
		{"2026-05-11T17:60+09:00", `invalid deadline "2026-05-11T17:60+09:00": 17:60 is not a time of day (00:00 to 23:59)`},
		{"2026-05-11T17:00:30+09:00", `invalid deadline "2026-05-11T17:00:30+09:00": a deadline is given to the minute: leave out the seconds`},
		{"2026-05-11T17:00+15:00", `invalid deadline "2026-05-11T17:00+15:00": +15:00 is not a time zone offset (-12:00 to +14:00)`},
		{"2026-05-11T17:00+09:75", `invalid deadline "2026-05-11T17:00+09:75": +09:75 is not a time zone offset (-12:00 to +14:00)`},
		{"2026-05-11T17:00-00:00", `invalid deadline "2026-05-11T17:00-00:00": -00:00 says the offset is unknown: write Z for UTC, or the zone's offset`},
		{"2026-05-11x", `invalid deadline "2026-05-11x": ` + forms},
	} {
		t.Run(tc.in, func(t *testing.T) {
			var d Deadline
			err := d.parse(tc.in)
			if err == nil {
				t.Fatalf("accepted: %+v", d)
			}
			if err.Error() != tc.msg {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.msg)
			}
		})
	}
}

// TestDeadlineSchema: the JSON Schema's pattern accepts what the decoder
// accepts, for the forms above.
func TestDeadlineSchema(t *testing.T) {
	pattern := Deadline{}.schema()["pattern"].(string)
	for _, s := range []string{"as-needed", "policy", "+14d", "+2w", "+5bd", "2026-06-30", "2026-05-11T17:00+09:00", "2026-05-11T08:00Z", "2026-05-11T17:00:00+09:00"} {
		if !regexp.MustCompile(pattern).MatchString(s) {
			t.Errorf("schema pattern %s refuses %q", pattern, s)
		}
	}
	for _, s := range []string{"soon", "5bd", "2026-05-11T17:00", "2026-05-11 17:00+09:00"} {
		if regexp.MustCompile(pattern).MatchString(s) {
			t.Errorf("schema pattern %s accepts %q", pattern, s)
		}
	}
}

// FuzzDeadline: any text either is refused or reads as a deadline that
// writes itself back as given, matches the schema's pattern, and, with a
// time, lies on its own date in a zone of at most 14 hours' offset.
//
//	go test ./internal/advisory -run '^$' -fuzz FuzzDeadline -fuzztime 30s
func FuzzDeadline(f *testing.F) {
	for _, s := range []string{"as-needed", "policy", "+14d", "+2w", "+5bd", "2026-06-30", "2026-05-11T17:00+09:00",
		"2026-05-11T08:00Z", "2026-05-11 17:00", "2026-05-11T17:00", "5bd", "2026-02-30T25:61-99:99"} {
		f.Add(s)
	}
	pattern := regexp.MustCompile(Deadline{}.schema()["pattern"].(string))
	f.Fuzz(func(t *testing.T, s string) {
		var d Deadline
		if err := d.parse(s); err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		if d.String() != s {
			t.Fatalf("%q reads back as %q", s, d.String())
		}
		if !pattern.MatchString(s) {
			t.Fatalf("%q accepted but the schema refuses it", s)
		}
		switch d.Kind {
		case DeadlineRelative:
			if d.Span.Days < 1 || d.Span.Days > MaxSpanDays {
				t.Fatalf("%q: span %v", s, d.Span)
			}
		case DeadlineDate:
			if d.HasTime() {
				y, m, day := d.At.Date()
				if y != d.Date.Year() || m != d.Date.Month() || day != d.Date.Day() {
					t.Fatalf("%q: %v is not on %v", s, d.At, d.Date)
				}
				if _, off := d.At.Zone(); off > maxOffset*60 || off < -maxOffset*60 {
					t.Fatalf("%q: offset %d", s, off)
				}
			}
		}
	})
}
