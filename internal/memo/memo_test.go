package memo

import (
	"errors"
	"sync"
	"testing"
)

// TestMap: Do makes a value once and keeps it; an error is returned and
// not kept; past the bound, values are made every time and nothing more
// is kept; Reset forgets.
func TestMap(t *testing.T) {
	m := New[string, int](2)
	calls := 0
	value := func(v int) func() (int, error) {
		return func() (int, error) { calls++; return v, nil }
	}
	for range 3 {
		if v, err := m.Do("a", value(1)); v != 1 || err != nil {
			t.Fatalf("Do(a) = %d, %v", v, err)
		}
	}
	if calls != 1 {
		t.Errorf("a made %d times, want once", calls)
	}
	boom := errors.New("boom")
	if _, err := m.Do("e", func() (int, error) { return 0, boom }); err != boom {
		t.Errorf("error %v, want %v", err, boom)
	}
	if _, ok := m.Get("e"); ok {
		t.Error("an error's value was kept")
	}
	m.Put("b", 2)
	m.Put("c", 3) // past the bound
	if _, ok := m.Get("c"); ok || m.Len() != 2 {
		t.Errorf("past the bound: c kept %v, %d kept", ok, m.Len())
	}
	calls = 0
	for range 2 {
		if v, _ := m.Do("d", value(4)); v != 4 {
			t.Fatalf("Do(d) = %d", v)
		}
	}
	if calls != 2 {
		t.Errorf("past the bound, d made %d times, want 2", calls)
	}
	m.Reset()
	if _, ok := m.Get("a"); ok || m.Len() != 0 {
		t.Error("Reset kept values")
	}
}

// TestMapConcurrent: Do from many goroutines (run with -race).
func TestMapConcurrent(t *testing.T) {
	m := New[int, int](64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % 100
				if v, _ := m.Do(k, func() (int, error) { return k * k, nil }); v != k*k {
					t.Errorf("Do(%d) = %d", k, v)
				}
			}
		})
	}
	wg.Wait()
	if m.Len() != 64 {
		t.Errorf("%d kept, want the bound, 64", m.Len())
	}
}
