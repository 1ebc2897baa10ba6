//go:build !linux

package advisory

import "os"

// recordFile is a record file open for reading.
type recordFile struct{ *os.File }

func openRecord(path string) (*recordFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &recordFile{f}, nil
}

// stat reports whether the file is a regular file, and its size.
func (f *recordFile) stat() (regular bool, size int64, err error) {
	fi, err := f.Stat()
	if err != nil {
		return false, 0, err
	}
	return fi.Mode().IsRegular(), fi.Size(), nil
}
