package emit

import (
	"fmt"

	"github.com/systole-hdl/systole/netlist"
)

// usage records which bits of each net the emitted module reads, so that
// every bit nobody reads can be fed to the module's _unused sink: Verilator
// -Wall reports unread signals and bits (UNUSEDSIGNAL), and the sink is its
// documented idiom for "unused on purpose".
type usage struct {
	width []int
	bits  [][]uint64 // per net, one bit per net bit, set when read
}

func newUsage(m *netlist.Module) *usage {
	u := &usage{width: make([]int, len(m.Nets)), bits: make([][]uint64, len(m.Nets))}
	for i, n := range m.Nets {
		u.width[i] = n.Width
		u.bits[i] = make([]uint64, (n.Width+63)/64)
	}
	return u
}

// all marks every bit of id as read.
func (u *usage) all(id netlist.NetID) {
	if id != netlist.NoNet {
		u.mark(id, 0, u.width[id]-1)
	}
}

// mark marks bits lo..hi of id as read, a word at a time where it can
// (a net may be millions of bits wide).
func (u *usage) mark(id netlist.NetID, lo, hi int) {
	b := u.bits[id]
	for i := lo; i <= hi; {
		if i%64 == 0 && i+63 <= hi {
			b[i/64] = ^uint64(0)
			i += 64
			continue
		}
		b[i/64] |= 1 << (uint(i) % 64)
		i++
	}
}

func (u *usage) read(id netlist.NetID, i int) bool {
	return u.bits[id][i/64]>>(uint(i)%64)&1 == 1
}

// unused returns the selects of the unread bits of id, highest first: the
// whole name, name[i] or name[hi:lo].
func (u *usage) unused(id netlist.NetID, name string) []string {
	w := u.width[id]
	var out []string
	b := u.bits[id]
	for hi := w - 1; hi >= 0; {
		if hi%64 == 63 && b[hi/64] == ^uint64(0) { // a word all read
			hi -= 64
			continue
		}
		if u.read(id, hi) {
			hi--
			continue
		}
		lo := hi
		for lo > 0 {
			if j := lo - 1; j%64 == 63 && b[j/64] == 0 { // a word all unread
				lo -= 64
				continue
			}
			if u.read(id, lo-1) {
				break
			}
			lo--
		}
		out = append(out, sel(name, w, hi, lo))
		hi = lo - 1
	}
	return out
}

// sel selects bits hi..lo of the w-bit net name, as the plain name when
// that is all of it.
func sel(name string, w, hi, lo int) string {
	switch {
	case lo == 0 && hi == w-1:
		return name
	case hi == lo:
		return fmt.Sprintf("%s[%d]", name, lo)
	default:
		return fmt.Sprintf("%s[%d:%d]", name, hi, lo)
	}
}
