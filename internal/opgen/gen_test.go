package opgen

import "testing"

// TestGoSelect: the Go writer's form of a select, x ^ (x^y)&-s, is
// sel(x, y, s); any other kernel is left as it is.
func TestGoSelect(t *testing.T) {
	for in, want := range map[string]string{
		"$c ^ ($c^$b)&-$a":      "sel($c, $b, $a)",
		"$q ^ ($q^$d)&-$en":     "sel($q, $d, $en)",
		"$d ^ ($d^$init)&-$rst": "sel($d, $init, $rst)",
		"$a ^ ($b^$c)&-$d":      "$a ^ ($b^$c)&-$d", // not a select: x differs
		"$c ^ ($c^$b)&$a":       "$c ^ ($c^$b)&$a",  // no negation
		"($a + $b) & $m":        "($a + $b) & $m",
	} {
		if got := goSelect(in); got != want {
			t.Errorf("goSelect(%q) = %q, want %q", in, got, want)
		}
	}
	// every select of the table is rewritten
	n := 0
	for _, k := range Kinds {
		if k.Kernel != "" && goSelect(k.Kernel) != k.Kernel {
			n++
		}
	}
	for _, rc := range RegClasses {
		for _, x := range []string{rc.Let, rc.Kernel} {
			if x != "" && goSelect(x) != x {
				n++
			}
		}
	}
	if n < 4 { // Mux; the en, rst and both classes
		t.Errorf("%d of the table's kernels are selects, want at least 4", n)
	}
}
