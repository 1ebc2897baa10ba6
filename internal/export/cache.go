package export

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/noticegen/noticegen/internal/confine"
)

// racyWindow is how long before a run a record file must have last
// changed for its stat key to be trusted (see fileStatKey). Tests shorten
// it.
var racyWindow = 2 * time.Second

// recordReads counts the record files read, for tests of the stat cache.
var recordReads atomic.Int64

// configTag is the part of a record's cache key that is the
// configuration's (Options.Config): another configuration, another key.
func configTag(config string) string { return hashBytes([]byte(config))[:16] }

// recordKey is the stat cache key of the record file path under the
// configuration tagged tag (manifestRecord.Cache): a record whose key is
// the manifest's has the input hash the manifest holds, without being
// read. It is "" when that cannot be known without reading the file.
func recordKey(path, tag string) string {
	k := fileStatKey(path, time.Now())
	if k == "" {
		return ""
	}
	return tag + ":" + k
}

// outStat is a hash of what the record directory id in d holds under
// names (manifestRecord.OutStat): the type, size, serial number, and
// modification and status change times of each, which change when a file
// is written, replaced or touched (also when its modification time is set
// back). ok is false when one of them is not a regular
// file (missing, a link).
func outStat(d *confine.Dir, id string, names []string) (sum string, ok bool) {
	if len(names) == 0 || !filepath.IsLocal(id) {
		return "", false
	}
	sub, err := d.Sub(id)
	if err != nil {
		return "", false
	}
	defer sub.Close()
	stats := make([]confine.Stat, len(names))
	for i, n := range names {
		st, ok, err := sub.Stat(n)
		if err != nil || !ok || !st.Mode.IsRegular() {
			return "", false
		}
		stats[i] = st
	}
	return outStatOf(names, stats), true
}

// outStatOf is outStat of files names whose Stats are stats (in order):
// for files just written, whose Stats the writes returned.
func outStatOf(names []string, stats []confine.Stat) string {
	h := sha256.New()
	var b [8 * 5]byte
	for i, n := range names {
		st := stats[i]
		h.Write(append([]byte(n), 0))
		binary.LittleEndian.PutUint64(b[0:], uint64(st.Mode))
		binary.LittleEndian.PutUint64(b[8:], uint64(st.Size))
		binary.LittleEndian.PutUint64(b[16:], st.Ino)
		binary.LittleEndian.PutUint64(b[24:], uint64(st.MTime))
		binary.LittleEndian.PutUint64(b[32:], uint64(st.CTime))
		h.Write(b[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
