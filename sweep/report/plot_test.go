package report

import (
	"strings"
	"testing"
)

// TestFront: the Pareto front of small-and-fast points (area against
// throughput, larger y better) and of fast-and-frugal ones (cycles
// against energy, smaller y better), by increasing x.
func TestFront(t *testing.T) {
	keys := func(pts []plotPoint, idx []int) string {
		var k []string
		for _, i := range idx {
			k = append(k, pts[i].shape)
		}
		return strings.Join(k, ",")
	}
	energy := []plotPoint{{shape: "a", x: 10, y: 5}, {shape: "b", x: 20, y: 3}, {shape: "c", x: 15, y: 6}, {shape: "d", x: 5, y: 9}}
	if got := keys(energy, front(energy, false)); got != "d,a,b" {
		t.Errorf("energy front %s, want d,a,b (c is beaten by a)", got)
	}
	area := []plotPoint{{shape: "a", x: 10, y: 5}, {shape: "b", x: 20, y: 3}, {shape: "c", x: 15, y: 6}, {shape: "d", x: 5, y: 2}, {shape: "e", x: 10, y: 4}}
	if got := keys(area, front(area, true)); got != "d,a,c" {
		t.Errorf("area front %s, want d,a,c (b is beaten by a and c, e by a)", got)
	}
}
