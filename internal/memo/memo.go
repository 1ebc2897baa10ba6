// Package memo keeps the results of pure functions that a batch calls
// over and over with the same arguments (the words of a day, a language
// name, a wrapped disclaimer, a deadline): a map for concurrent use,
// bounded so that a batch of ever new arguments cannot grow it without
// end. Past the bound, values are made each time and not kept.
package memo

import "sync"

// Map keeps values by key, at most Max of them. It is safe for
// concurrent use. What is kept must be what making it again would give.
type Map[K comparable, V any] struct {
	mu  sync.RWMutex
	m   map[K]V
	max int
}

// New returns an empty Map that keeps at most max values.
func New[K comparable, V any](max int) *Map[K, V] {
	return &Map[K, V]{m: map[K]V{}, max: max}
}

// Get returns the value kept for k.
func (m *Map[K, V]) Get(k K) (V, bool) {
	m.mu.RLock()
	v, ok := m.m[k]
	m.mu.RUnlock()
	return v, ok
}

// Put keeps v for k, unless the map is full.
func (m *Map[K, V]) Put(k K, v V) {
	m.mu.Lock()
	if len(m.m) < m.max {
		m.m[k] = v
	}
	m.mu.Unlock()
}

// Do returns the value kept for k, or makes it with f and keeps it. An
// error of f is returned, and nothing is kept.
func (m *Map[K, V]) Do(k K, f func() (V, error)) (V, error) {
	if v, ok := m.Get(k); ok {
		return v, nil
	}
	v, err := f()
	if err == nil {
		m.Put(k, v)
	}
	return v, err
}

// Len returns the number of values kept.
func (m *Map[K, V]) Len() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.m)
}

// Reset forgets every value kept.
func (m *Map[K, V]) Reset() {
	m.mu.Lock()
	clear(m.m)
	m.mu.Unlock()
}
