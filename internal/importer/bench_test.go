package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// The two largest documents of the corpus: 1.6 MB of Red Hat CSAF with
// 1,878 product ids, and 705 KB of CISA CSAF with 404 vulnerabilities.
func BenchmarkImportRedHat1_6MB(b *testing.B) { benchImport(b, "csaf-redhat__rhsa-2024_4420.json") }
func BenchmarkImportCISA705KB(b *testing.B)   { benchImport(b, "csaf-cisa__icsa-23-348-10.json") }

func benchImport(b *testing.B, name string) {
	data, err := os.ReadFile(filepath.Join(corpusDir(b), name))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(name, data, testOptions); err != nil {
			b.Fatal(err)
		}
	}
}
