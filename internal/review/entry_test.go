package review

import "testing"

// TestLookalikeNames checks that invisible characters are refused in names
// and that compatibility forms name the same person.
func TestLookalikeNames(t *testing.T) {
	for _, n := range []string{"secops\u200b-digest", "b\u200dob", "bob\u2060", "bo☺b"} {
		if err := CheckName(n); err == nil {
			t.Errorf("CheckName(%q) accepted", n)
		}
	}
	for _, n := range []string{"鈴木 太郎", "o'brien", "a.suzuki@example.com", "José"} {
		if err := CheckName(n); err != nil {
			t.Errorf("CheckName(%q): %v", n, err)
		}
	}
	if !SameName("ｂｏｂ", "Bob") || !SameName("SUZUKI", "suzuki") || SameName("bob", "rob") {
		t.Error("SameName")
	}
}
