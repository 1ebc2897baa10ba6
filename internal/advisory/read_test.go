package advisory

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadUpTo reads to the end or the limit whatever the first buffer's
// size, from readers that return a byte at a time or data with io.EOF.
func TestReadUpTo(t *testing.T) {
	data := strings.Repeat("0123456789", 100)
	for _, tc := range []struct {
		name        string
		size, limit int64
		want        int
	}{
		{"exact size", 1001, 2000, 1000},
		{"stat too small", 10, 2000, 1000},
		{"stat too large", 5000, 6000, 1000},
		{"limit", 1001, 500, 500},
		{"limit from a small start", 1, 999, 999},
		{"empty buffer start", 0, 2000, 1000},
	} {
		r := func() *bytes.Reader { return bytes.NewReader([]byte(data)) }
		got, err := readUpTo(iotest.OneByteReader(r()), max(tc.size, 1), tc.limit)
		if err != nil || string(got) != data[:tc.want] {
			t.Errorf("%s, one byte at a time: %d bytes, %v; want %d", tc.name, len(got), err, tc.want)
		}
		got, err = readUpTo(iotest.DataErrReader(r()), max(tc.size, 1), tc.limit)
		if err != nil || string(got) != data[:tc.want] {
			t.Errorf("%s, data with EOF: %d bytes, %v; want %d", tc.name, len(got), err, tc.want)
		}
	}
	if _, err := readUpTo(iotest.ErrReader(iotest.ErrTimeout), 10, 100); err != iotest.ErrTimeout {
		t.Errorf("a read error: %v, want %v", err, iotest.ErrTimeout)
	}
}
