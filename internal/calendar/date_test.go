package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	got, err := ParseDate("2026-05-11")
	if err != nil || got != (Date{2026, time.May, 11}) {
		t.Errorf("ParseDate(2026-05-11) = %v, %v", got, err)
	}
	if got.String() != "2026-05-11" || got.Weekday() != time.Monday {
		t.Errorf("2026-05-11: String %q, Weekday %v", got, got.Weekday())
	}
	for _, s := range []string{"", "2026-5-11", "2026/05/11", "2026-02-30", "2026-13-01", "2026-05-11T00:00:00Z", " 2026-05-11"} {
		if v, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, v)
		}
	}
}

func TestNewDate(t *testing.T) {
	if v, err := NewDate(2024, time.February, 29); err != nil || v != (Date{2024, 2, 29}) {
		t.Errorf("NewDate(2024-02-29) = %v, %v", v, err)
	}
	for _, v := range []Date{{2026, 2, 29}, {2100, 2, 29}, {2026, 0, 1}, {2026, 13, 1}, {2026, 4, 31}, {2026, 1, 0}, {}} {
		if _, err := NewDate(v.Year, v.Month, v.Day); !errors.Is(err, ErrInvalidDate) {
			t.Errorf("NewDate(%v): error %v, want ErrInvalidDate", v, err)
		}
		if v.IsValid() {
			t.Errorf("%v is valid", v)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-31", 1, "2027-01-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2100-02-28", 1, "2100-03-01"},
		{"2000-02-28", 1, "2000-02-29"},
		{"2026-03-01", -1, "2026-02-28"},
		{"2026-05-11", 0, "2026-05-11"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2000-01-01", 36524, "2099-12-31"},
	}
	for _, tt := range tests {
		from, want := d(t, tt.from), d(t, tt.want)
		if got := from.AddDays(tt.n); got != want {
			t.Errorf("%s + %d days = %s, want %s", from, tt.n, got, want)
		}
		if got := want.DaysSince(from); got != tt.n {
			t.Errorf("%s − %s = %d days, want %d", want, from, got, tt.n)
		}
	}
	a, b := d(t, "2026-05-11"), d(t, "2026-05-12")
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare, Before or After is wrong for 2026-05-11 and 2026-05-12")
	}
	if d(t, "2025-12-31").Compare(d(t, "2026-01-01")) != -1 || d(t, "2026-02-01").Compare(d(t, "2026-01-31")) != 1 {
		t.Error("Compare is wrong across a month or a year")
	}
}

// TestDateOf checks that an instant's date is the one in the zone asked for.
func TestDateOf(t *testing.T) {
	instant := time.Date(2026, time.May, 10, 16, 30, 0, 0, time.UTC) // 01:30 on 11 May in Japan
	if got := DateOf(instant); got != (Date{2026, time.May, 10}) {
		t.Errorf("DateOf(UTC) = %v", got)
	}
	if got := DateOf(instant.In(JST)); got != (Date{2026, time.May, 11}) {
		t.Errorf("DateOf(JST) = %v", got)
	}
	if _, off := instant.In(JST).Zone(); off != 9*60*60 {
		t.Errorf("JST offset %d", off)
	}
}
