package rtlsim

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/opgen"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// TestGeneratedUpToDate: the committed *_gen.go files are what
// internal/opgen generates from its table (run go generate ./rtlsim).
func TestGeneratedUpToDate(t *testing.T) {
	files, err := opgen.Generate()
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for name, want := range files {
		got, err := os.ReadFile(name)
		require.NoError(t, err, "run go generate ./rtlsim")
		require.True(t, bytes.Equal(want, got), "%s is stale: run go generate ./rtlsim", name)
	}
}

// TestKindTable: the generated kinds are the table's, one-word kinds first.
func TestKindTable(t *testing.T) {
	require.Equal(t, len(opgen.Kinds), int(kindCount))
	for i, k := range opgen.Kinds {
		require.Equal(t, k.Const(), kind(i).String())
		require.Equal(t, k.Wide, kind(i) >= kWCopy, k.Const())
	}
	require.Equal(t, "kind(200)", kind(200).String())
}

// refEval evaluates every net of the combinational top module of d from
// the input values by name, with netlist.Eval, cell by cell.
func refEval(d *netlist.Design, in map[string]bits.Value) map[string]bits.Value {
	m := d.TopModule()
	val := make([]bits.Value, len(m.Nets))
	known := make([]bool, len(m.Nets))
	for _, p := range m.Ports {
		if p.Dir == netlist.In {
			val[p.Net], known[p.Net] = in[m.Nets[p.Net].Name], true
		}
	}
	for left := len(m.Cells); left > 0; {
		for _, c := range m.Cells {
			if known[c.Out] {
				continue
			}
			args := make([]bits.Value, len(c.In))
			ready := true
			for i, n := range c.In {
				ready = ready && known[n]
				args[i] = val[n]
			}
			if ready {
				val[c.Out] = netlist.Eval(c.Op, c.Signed, c.Lo, c.Value, args, m.Nets[c.Out].Width)
				known[c.Out] = true
				left--
			}
		}
	}
	out := map[string]bits.Value{}
	for i, n := range m.Nets {
		out[n.Name] = val[i]
	}
	return out
}

// kindCase is one design of the walk, with its input vectors.
type kindCase struct {
	name string
	d    *netlist.Design
	vecs []map[string]bits.Value
}

// kindCases returns designs that together compile to every kind in their
// hot programs: one-cell designs of every op at one-word and multi-word
// widths, and the fused multiply-adds, and-not and and-eq. Only designs
// that add a kind not yet seen are kept.
func kindCases(t *testing.T) []kindCase {
	r := rand.New(rand.NewPCG(*seedFlag, 14))
	seen := map[kind]int{}
	var cases []kindCase
	add := func(name string, d *netlist.Design) {
		s := compile(t, d)
		fresh := false
		for _, o := range s.prog {
			fresh = fresh || seen[o.kind] == 0
		}
		if !fresh {
			return
		}
		for _, o := range s.prog {
			seen[o.kind]++
		}
		c := kindCase{name: name, d: d}
		for range 3 {
			vec := map[string]bits.Value{}
			m := d.TopModule()
			for _, p := range m.Ports {
				if p.Dir == netlist.In {
					vec[m.Nets[p.Net].Name] = genValue(r, m.Nets[p.Net].Width)
				}
			}
			c.vecs = append(c.vecs, vec)
		}
		cases = append(cases, c)
	}
	for round := range 12 {
		for _, op := range netlist.Ops() {
			for _, max := range []int{64, 200} {
				c := genCase(r, op, max)
				add(fmt.Sprintf("%v (round %d)", c, round), caseDesign(c))
			}
		}
	}
	for _, signed := range []bool{true, false} {
		e := func(w int) []ext { return []ext{{signed, w}} }
		for _, outs := range []int{1 << 4, 1 << 2} { // the sum (Mac), the product (MulS)
			m := macDesign{wa: 8, wb: 8, wp: 16, wo: 32, ea: e(16), eb: e(16), eq: e(32), outs: outs}
			add(m.String(), m.build())
		}
	}
	cat := opCase{op: netlist.OpConcat, out: 20, in: []bits.Value{genValue(r, 3), genValue(r, 7), genValue(r, 10)}}
	add("concat 3,7,10", caseDesign(cat))
	b := newMod("andnot")
	x, y, z := b.in("x", 12), b.in("y", 12), b.out("z", 12)
	b.drive(z, netlist.OpAnd, x, b.op("n", 12, netlist.OpNot, y))
	add("and-not", design(b))
	b = newMod("andeq")
	x, y, z = b.in("x", 1), b.in("y", 12), b.out("z", 1)
	b.drive(z, netlist.OpAnd, x, b.op("e", 1, netlist.OpEq, y, b.in("u", 12)))
	add("and-eq", design(b))
	var missing []string
	for k := range kindCount {
		if seen[k] == 0 {
			missing = append(missing, k.String())
		}
	}
	require.Empty(t, missing, "kinds no design compiles to")
	return cases
}

// TestEveryKind walks every instruction kind through the interpreter, the
// lane batch and the Go writer's model, against netlist.Eval of the
// designs' cells.
func TestEveryKind(t *testing.T) {
	cases := kindCases(t)
	for _, c := range cases {
		m := c.d.TopModule()
		want := make([]map[string]bits.Value, len(c.vecs))
		for i, vec := range c.vecs {
			want[i] = refEval(c.d, vec)
		}
		s := compile(t, c.d)
		bt, err := CompileBatch(c.d, len(c.vecs))
		require.NoError(t, err)
		for l, vec := range c.vecs {
			for name, v := range vec {
				require.NoError(t, s.PokeName(name, v))
				bt.PokeLane(handle(t, s, name), l, v)
			}
			for _, p := range m.Ports {
				name := m.Nets[p.Net].Name
				if p.Dir != netlist.Out {
					continue
				}
				got := s.Peek(handle(t, s, name))
				require.True(t, want[l][name].Equal(got), "%s: vector %d: %s: sim %v, netlist.Eval %v", c.name, l, name, got, want[l][name])
			}
		}
		for l := range c.vecs {
			for _, p := range m.Ports {
				name := m.Nets[p.Net].Name
				if p.Dir != netlist.Out {
					continue
				}
				got := bt.PeekLane(handle(t, s, name), l)
				require.True(t, want[l][name].Equal(got), "%s: lane %d: %s: batch %v, netlist.Eval %v", c.name, l, name, got, want[l][name])
			}
		}
		require.NoError(t, s.Err())
		require.NoError(t, bt.Err())
	}
	if testing.Short() {
		t.Log("-short: the Go writer's path is left out (it builds a Go program)")
		return
	}
	checkKindsGo(t, cases)
}

// checkKindsGo builds one program of every case's WriteGo model, which
// prints every output of every vector, and compares with netlist.Eval.
func checkKindsGo(t *testing.T, cases []kindCase) {
	tooltest.Require(t, "go")
	dir := t.TempDir()
	var main, want strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"fmt\"\n")
	for i, c := range cases {
		pkg := fmt.Sprintf("m%d", i)
		require.NoError(t, os.Mkdir(filepath.Join(dir, pkg), 0o755))
		var src bytes.Buffer
		require.NoError(t, compile(t, c.d).WriteGo(&src, pkg))
		require.NoError(t, os.WriteFile(filepath.Join(dir, pkg, "model.go"), src.Bytes(), 0o644))
		fmt.Fprintf(&main, "\t%q\n", "kinds/"+pkg)
	}
	main.WriteString(")\n\nfunc main() {\n")
	for i, c := range cases {
		m := c.d.TopModule()
		for l, vec := range c.vecs {
			fmt.Fprintf(&main, "\t{\n\t\tm := m%d.New()\n", i)
			in, out := 0, 0
			for _, p := range m.Ports { // every input, then the outputs
				n := m.Nets[p.Net]
				if p.Dir == netlist.In {
					var ws []string
					for k := range bits.Words(n.Width) {
						ws = append(ws, fmt.Sprintf("%#x", vec[n.Name].Word(k)))
					}
					fmt.Fprintf(&main, "\t\tm.PokeWords(%d, []uint64{%s})\n", in, strings.Join(ws, ", "))
					in++
				}
			}
			for _, p := range m.Ports {
				n := m.Nets[p.Net]
				if p.Dir == netlist.In {
					continue
				}
				fmt.Fprintf(&main, "\t\tfmt.Println(%d, %d, %q, m.PeekWords(%d, nil))\n", i, l, n.Name, out)
				fmt.Fprintf(&want, "%d %d %s %v\n", i, l, n.Name, refEval(c.d, vec)[n.Name].Words())
				out++
			}
			main.WriteString("\t}\n")
		}
	}
	main.WriteString("}\n")
	got := goRun(t, dir, "kinds", main.String())
	gl, wl := strings.Split(got, "\n"), strings.Split(want.String(), "\n")
	require.Equal(t, len(wl), len(gl))
	for i := range wl {
		if wl[i] != gl[i] {
			var ci int
			fmt.Sscan(wl[i], &ci)
			t.Fatalf("%s: the Go model printed (case, vector, output, words)\n%s\nwant\n%s", cases[ci].name, gl[i], wl[i])
		}
	}
}
