package kev

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/noticegen/noticegen/internal/advisory"
)

// FuzzParse feeds the catalog parser arbitrary bytes: it must never
// panic; what it refuses is an ErrorList of located problems in the file;
// what it accepts holds only entries with CVE ids and dates, each found by
// Lookup.
//
//	go test ./internal/kev -run '^$' -fuzz FuzzParse -fuzztime 1m
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(catalog(entry)))
	f.Add([]byte(catalog(entry, strings.Replace(entry, "20353", "20359", 1))))
	f.Add([]byte(`{"catalogVersion": "1", "dateReleased": "2025-02-25T20:33:53Z", "count": 0, "vulnerabilities": []}`))
	f.Add([]byte(`{"vulnerabilities": [{"cveID": null}]}`))
	f.Add([]byte("[[[[[[[[[[]]]]]]]]]]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.json", data)
		if err != nil {
			var list advisory.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a located list: %v", err)
			}
			for _, e := range list {
				if e.File != "f.json" || e.Msg == "" {
					t.Fatalf("bad error %+v", e)
				}
			}
			return
		}
		if c.Version == "" || c.Released.IsZero() {
			t.Fatalf("accepted without version or release date: %+v", c)
		}
		for _, v := range c.Vulns {
			if !advisory.IsCVE(v.CVE) || v.Added.IsZero() || v.Due.Before(v.Added.Time) {
				t.Fatalf("accepted entry %+v", v)
			}
			if got, ok := c.Lookup(v.CVE); !ok || got.CVE != v.CVE {
				t.Fatalf("Lookup(%s) = %+v, %v", v.CVE, got, ok)
			}
		}
	})
}
