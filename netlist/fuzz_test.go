package netlist_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/systole-hdl/systole/netlist"
)

// FuzzParse: any input gives a design or an error, never a panic or a hang;
// and a design that parses formats to a text that parses back to it. The
// seed corpus is testdata/fuzz/FuzzParse plus the netlists of testdata.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*.net")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(text))
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := netlist.Parse("fuzz.net", text)
		if err != nil {
			if d != nil {
				t.Fatalf("Parse returned a design and an error: %v", err)
			}
			return
		}
		again, err := netlist.Parse("again.net", netlist.Format(d))
		if err != nil {
			t.Fatalf("Format of a parsed design does not parse: %v\n%s", err, netlist.Format(d))
		}
		if diff := cmp.Diff(d, again); diff != "" {
			t.Fatalf("Parse(Format(d)) != d (-want +got):\n%s", diff)
		}
	})
}
