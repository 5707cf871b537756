package rtlsim

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// TestProgRun: a run is one one-word kind with one shift and mask whose
// destination and read operands advance by constant strides; operands the
// kind does not read do not count. Loops over runs are checked end to end
// by internal/bench's Go model tests (the cores) and the cross-check.
func TestProgRun(t *testing.T) {
	and := func(i int, b uint32) op {
		return op{kind: k64And, dst: 100 + uint32(i), a: 50 + 2*uint32(i), b: b, c: uint32(7 * i * i), mask: 0xff}
	}
	var prog []op
	for i := range 5 {
		prog = append(prog, and(i, 300-3*uint32(i)))
	}
	prog = append(prog, and(5, 1)) // b breaks the stride
	require.Equal(t, 5, progRun(prog))
	require.Equal(t, 2, progRun(prog[4:]), "a new run starts where one ends")

	for _, brk := range []func(o *op){
		func(o *op) { o.kind = k64Or },
		func(o *op) { o.mask = 0xf },
		func(o *op) { o.sh = 3 },
		func(o *op) { o.dst++ },
		func(o *op) { o.a++ },
	} {
		p := append([]op(nil), prog[:5]...)
		brk(&p[3])
		require.Equal(t, 3, progRun(p))
	}

	mux := []op{{kind: k64Mux, dst: 1, a: 2, b: 3, c: 4}, {kind: k64Mux, dst: 2, a: 3, b: 4, c: 6}, {kind: k64Mux, dst: 3, a: 4, b: 5, c: 9}}
	require.Equal(t, 2, progRun(mux), "Mux reads c: its stride counts")
	require.Equal(t, 1, progRun([]op{{kind: kWAdd}, {kind: kWAdd}}), "multi-word instructions never loop")
	require.Equal(t, 1, progRun(prog[:1]))
}

// TestRegRun: registers loop when Q, D, enable and reset advance by
// constant strides and the reset value is the same; regStmts writes
// each loop once and leaves no register out.
func TestRegRun(t *testing.T) {
	rec := func(i int) regRec {
		return regRec{field: "both", q: 10 + uint32(i), d: 200 + 4*uint32(i), en: int64(90 - i), rst: 7, init: 5}
	}
	var rs []regRec
	for i := range 6 {
		rs = append(rs, rec(i))
	}
	require.Equal(t, 6, regRun(rs))
	for _, brk := range []func(r *regRec){
		func(r *regRec) { r.init = 6 },
		func(r *regRec) { r.en++ },
		func(r *regRec) { r.rst++ },
		func(r *regRec) { r.d++ },
		func(r *regRec) { r.q++ },
	} {
		p := append([]regRec(nil), rs...)
		brk(&p[4])
		require.Equal(t, 4, regRun(p))
	}

	w := &regWave{plain: []plainReg{{q: 4, d: 40}, {q: 1, d: 10}, {q: 3, d: 30}, {q: 2, d: 20}, {q: 9, d: 99}}}
	sortWave(w)
	flat := &goLayout{loc: make([]goLoc, 100)}
	for k := range flat.loc {
		flat.loc[k] = goLoc{goW, uint32(k)}
	}
	require.Equal(t, []string{"for i := range 4 { st.w[1+i] = st.w[10+i*10] }", "st.w[9] = st.w[99]"}, (&goGen{loops: true, l: flat}).regStmts(w, "st"),
		"sorted by D, the first four are one loop")
}

// TestWriteGoLoops builds the Go models of designs of repeated structure
// written with loops (as WriteGo writes designs of more than goStraightMax
// statements) and requires them to agree, every output of every cycle,
// with the interpreter on random stimulus: both dataflows of the systolic
// core, and this package's benchmark array.
func TestWriteGoLoops(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go program")
	}
	tooltest.Require(t, "go")
	var designs []*netlist.Design
	for _, c := range []systolic.Config{
		{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS},
		{Rows: 3, Cols: 5, InWidth: 16, Signed: false, AccWidth: 48, Dataflow: systolic.OS},
	} {
		g, err := systolic.New(c)
		require.NoError(t, err)
		d, err := elaborate.Elaborate(g)
		require.NoError(t, err)
		designs = append(designs, d)
	}
	// a core of rows of nine bytes: runs eight at a time, each with a
	// last eight overlapping the one before (see lanesLoop)
	g, err := systolic.New(systolic.Config{Rows: 9, Cols: 9, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS})
	require.NoError(t, err)
	d9, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	designs = append(designs, benchDesign(5, 6), d9)

	loops, lanes := 0, 0
	for _, d := range designs {
		var src bytes.Buffer
		require.NoError(t, compile(t, d).writeGo(&src, "m", true))
		loops += strings.Count(src.String(), "for i := range")
		lanes += strings.Count(src.String(), "i += 8")
	}
	require.Greater(t, loops, 20, "the designs' models have loops")
	require.Greater(t, lanes, 5, "the 9x9 core's model runs eight at a time")
	// and, straight-line, the first core (temporaries inlined: see
	// inlined), wideDesign's multi-word instructions, with loops and
	// without (see TestWriteGoWide), and parallel shift registers
	// committed by copies (see TestWriteGoCopy)
	designs = append(designs, designs[0], wideDesign(), wideDesign(), chainDesign(10, 4, false, 0),
		chainDesign(9, 3, true, 0), chainDesign(9, 3, true, 0x5a))
	requireGoModelsAgree(t, "loops", designs, []bool{true, true, true, true, false, true, false, false, false, false}, 300)
}
