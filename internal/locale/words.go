package locale

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	i18ntemplate "github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Locales returns the locales the catalog has messages for, sorted.
func (c *Catalog) Locales() []string { return append([]string(nil), c.locales...) }

// Match returns the supported locale that best serves the requested
// language tag ("ja-JP" gives "ja"), or an error naming the available ones.
func (c *Catalog) Match(requested string) (string, error) {
	tag, err := language.Parse(requested)
	if err != nil {
		return "", fmt.Errorf("%q is not a language tag", requested)
	}
	// Use the index into our own list, not the returned tag, which may
	// carry extensions of the request (x/text documents this).
	_, i, conf := c.matcher.Match(tag)
	if conf < language.High {
		return "", fmt.Errorf("no locale for %q (available: %s)", requested, strings.Join(c.locales, ", "))
	}
	return c.locales[i], nil
}

// strictParser makes a message that uses data it was not given an error
// instead of printing "<no value>".
var strictParser = &i18ntemplate.TextParser{Option: "missingkey=error"}

// MissingError is a message a locale does not define.
type MissingError struct {
	Locale, ID string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("locale %q has no message %q", e.Locale, e.ID)
}

// T returns the message id in locale, executed with data (may be nil). A
// message the locale lacks is an error, never another locale's text.
func (c *Catalog) T(loc, id string, data any) (string, error) {
	if data != nil {
		return c.localize(loc, id, data)
	}
	cache := c.plain[loc]
	if cache == nil {
		return c.localize(loc, id, nil)
	}
	if s, ok := cache.Load(id); ok {
		return s.(string), nil
	}
	s, err := c.localize(loc, id, nil)
	if err == nil {
		cache.Store(id, s)
	}
	return s, err
}

// localize is T without the cache.
func (c *Catalog) localize(loc, id string, data any) (string, error) {
	lz, ok := c.localizers[loc]
	if !ok {
		return "", fmt.Errorf("unknown locale %q", loc)
	}
	if _, ok := c.origin[loc][id]; !ok {
		return "", &MissingError{Locale: loc, ID: id}
	}
	if data == nil {
		data = map[string]any{}
	}
	s, err := lz.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, TemplateParser: strictParser})
	if err != nil {
		var nf *i18n.MessageNotFoundErr
		if errors.As(err, &nf) {
			return "", &MissingError{Locale: loc, ID: id}
		}
		return "", fmt.Errorf("%s: message %q: %w", c.origin[loc][id], id, err)
	}
	// A message's text is checked when loaded, but a template action in
	// it could still produce control characters (the renderer's block
	// markers among them).
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return "", fmt.Errorf("%s: message %q produces control character %U", c.origin[loc][id], id, r)
		}
	}
	return s, nil
}

// Origin returns where a locale's message was defined.
func (c *Catalog) Origin(loc, id string) (Origin, bool) {
	o, ok := c.origin[loc][id]
	return o, ok
}

// Date words a date in loc with the "date.long" message, which receives
// Year, Month, Day (numbers) and MonthName (the "month.N" message).
//
// The words depend on the day alone, and a batch words the same days over
// and over (publication dates, deadlines), so the catalog keeps them: up
// to maxDates of them (all locales together), after which other days are
// worded each time.
func (c *Catalog) Date(loc string, t time.Time) (string, error) {
	y, m, d := t.Date()
	return c.dates.Do(dateKey{loc, y, m, d}, func() (string, error) {
		name, err := c.T(loc, monthIDs[m], nil)
		if err != nil {
			return "", err
		}
		return c.T(loc, "date.long", map[string]any{
			"Year": y, "Month": int(m), "Day": d, "MonthName": name,
		})
	})
}

// DateWeekday words a date with its day of the week, as deadlines are
// shown, with the "date.weekday" message: it receives what date.long
// does and Weekday, the "weekday.N" message (0 is Sunday).
func (c *Catalog) DateWeekday(loc string, t time.Time) (string, error) {
	name, err := c.T(loc, fmt.Sprintf("month.%d", int(t.Month())), nil)
	if err != nil {
		return "", err
	}
	wd, err := c.T(loc, fmt.Sprintf("weekday.%d", int(t.Weekday())), nil)
	if err != nil {
		return "", err
	}
	return c.T(loc, "date.weekday", map[string]any{
		"Year": t.Year(), "Month": int(t.Month()), "Day": t.Day(), "MonthName": name, "Weekday": wd,
	})
}

// Due words a deadline's day and time as drafts show them: date is the
// day with its weekday (DateWeekday), clock the time of day of at (Clock,
// "" when at is zero), and both the two joined by the "deadline.datetime"
// message (the date alone without a time). day's date is read in UTC.
func (c *Catalog) Due(loc string, day, at time.Time) (date, clock, both string, err error) {
	if date, err = c.DateWeekday(loc, day); err != nil || at.IsZero() {
		return date, "", date, err
	}
	if clock, err = c.Clock(loc, at); err != nil {
		return date, "", date, err
	}
	both, err = c.T(loc, "deadline.datetime", map[string]any{"Date": date, "Time": clock})
	return date, clock, both, err
}

// Clock words the time of day of t in t's own zone with the "time.clock"
// message, which receives Time (HH:MM, 24-hour), Zone (ZoneName) and JST
// (true when the zone is Japan's, UTC+09:00).
func (c *Catalog) Clock(loc string, t time.Time) (string, error) {
	_, off := t.Zone()
	return c.T(loc, "time.clock", map[string]any{"Time": t.Format("15:04"), "Zone": ZoneName(t), "JST": off == 9*60*60})
}

// ZoneName names t's zone by its offset from UTC, as deadlines show it:
// JST for +09:00 (Japan has no daylight saving time), UTC for Z and
// +00:00, and UTC+02:00, UTC-05:00, UTC+05:30 for the others. Zone
// abbreviations other than JST are not used: CST alone is three zones,
// and a record writes an offset, not a place.
func ZoneName(t time.Time) string {
	_, off := t.Zone()
	switch off {
	case 9 * 60 * 60:
		return "JST"
	case 0:
		return "UTC"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, off/3600, off%3600/60)
}

// dateKey is a day worded in a locale.
type dateKey struct {
	loc string
	y   int
	m   time.Month
	d   int
}

// maxDates bounds the days a catalog keeps the words of (for all
// locales): ten years of every day in two locales.
const maxDates = 2 * 3660

// monthIDs are the ids of the month names, by month.
var monthIDs = func() (ids [13]string) {
	for m := 1; m <= 12; m++ {
		ids[m] = fmt.Sprintf("month.%d", m)
	}
	return ids
}()

// LanguageName names a language tag in loc, e.g. "en" is 英語 in ja. It
// returns the tag itself when x/text has no name for it.
func (c *Catalog) LanguageName(loc, tag string) string {
	n, _ := c.names.Do([2]string{loc, tag}, func() (string, error) { return languageName(loc, tag), nil })
	return n
}

// maxNames bounds the language names a catalog keeps (see LanguageName):
// records name the language of their source, a handful of tags.
const maxNames = 256

func languageName(loc, tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if n := display.Tags(language.MustParse(loc)).Name(t); n != "" {
		return n
	}
	return tag
}
