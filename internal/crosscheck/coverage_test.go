package crosscheck_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// features returns what the modules of d use, one key per feature: each
// op with operands of at most 64 bits ("add/narrow") and wider ("add/wide";
// rtlsim has a one-word and a multi-word instruction for each), the signed
// comparisons, shifts by amounts wider than 32 and 64 bits and
// reductions of one bit (forms emit writes specially for Verilator),
// registers with an enable, a reset and an initial value, memories with
// enabled and unenabled reads and an address beyond their depth, and a
// module instantiated twice.
func features(d *netlist.Design) map[string]int {
	f := map[string]int{}
	uses := map[string]int{}
	for _, m := range d.Modules {
		for _, c := range m.Cells {
			w := m.Nets[c.Out].Width
			for _, in := range c.In {
				w = max(w, m.Nets[in].Width)
			}
			size := "narrow"
			if w > 64 {
				size = "wide"
			}
			f[c.Op.String()+"/"+size]++
			if c.Op.Info().Signed && c.Signed {
				f[c.Op.String()+"/signed"]++
			}
			switch c.Op.Info().Shape {
			case netlist.ShapeShift:
				if aw := m.Nets[c.In[1]].Width; aw > 64 {
					f["shift/amount>64"]++
				} else if aw > 32 {
					f["shift/amount>32"]++
				}
			case netlist.ShapeReduce:
				if m.Nets[c.In[0]].Width == 1 {
					f["reduce/1-bit"]++
				}
			}
		}
		for _, r := range m.Regs {
			f["reg"]++
			if r.En != netlist.NoNet {
				f["reg/enable"]++
			}
			if r.Reset != netlist.NoNet && !r.Init.IsZero() {
				f["reg/reset-init"]++
			}
		}
		for _, mem := range m.Mems {
			f["mem"]++
			for _, rp := range mem.Reads {
				if rp.En != netlist.NoNet {
					f["mem/read-enable"]++
				} else {
					f["mem/read"]++
				}
				if aw := m.Nets[rp.Addr].Width; aw >= 63 || 1<<aw > mem.Depth {
					f["mem/address-beyond-depth"]++
				}
			}
			if len(mem.Writes) > 1 {
				f["mem/writes"]++
			}
		}
		for _, inst := range m.Insts {
			uses[inst.Module]++
		}
	}
	for _, n := range uses {
		if n > 1 {
			f["instance/repeated"]++
		}
	}
	return f
}

// TestFixedSeedsCover shows what the default cross-check covers: the
// fixed designs use every netlist op at both sizes and every feature of
// features, and rtlsim compiles them with every fusion it has.
func TestFixedSeedsCover(t *testing.T) {
	require.Equal(t, fixedVersion, randdesign.Version, "the generator changed: choose fixedSeeds again and set fixedVersion")
	gens := make([]dsl.Generator, len(fixedSeeds))
	for i, s := range fixedSeeds {
		gens[i] = randdesign.New(s, randdesign.Default)
	}
	d, err := elaborate.Elaborate(crosscheck.Wrap("xcheck", gens))
	require.NoError(t, err)
	got := features(d)
	want := []string{"shift/amount>32", "shift/amount>64", "reduce/1-bit", "reg", "reg/enable", "reg/reset-init",
		"mem", "mem/read", "mem/read-enable", "mem/address-beyond-depth", "mem/writes", "instance/repeated"}
	for _, op := range netlist.Ops() {
		want = append(want, op.String()+"/narrow", op.String()+"/wide")
		if op.Info().Signed {
			want = append(want, op.String()+"/signed")
		}
	}
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	fused := sim.Fused()
	for _, k := range []string{rtlsim.FusedAndNot, rtlsim.FusedAndEq, rtlsim.FusedMac, rtlsim.FusedMacSigned, rtlsim.FusedMulSigned, rtlsim.FusedSextProduct} {
		want = append(want, "fused/"+k)
		got["fused/"+k] = fused[k]
	}
	var missing []string
	for _, k := range want {
		if got[k] == 0 {
			missing = append(missing, k)
		}
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var all string
	for _, k := range keys {
		all += fmt.Sprintf(" %s:%d", k, got[k])
	}
	t.Logf("the fixed designs (seeds %d..%d) use:%s", fixedSeeds[0], fixedSeeds[len(fixedSeeds)-1], all)
	require.Empty(t, missing, "the fixed designs miss these; choose other seeds or change the generator")
}
