package testbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// VerilatorOptions configure the Verilator backend. The zero value builds
// with verilator from $PATH into the default model cache.
type VerilatorOptions struct {
	// Path is the verilator executable; "" means "verilator" on $PATH.
	Path string
	// CacheDir holds the built models; "" means $SYSTOLE_VSIM_CACHE, else
	// systole/vsim under the user cache directory.
	CacheDir string
	// Flags are extra verilator options, such as +define+NAME_EXTERN to
	// leave out a replaceable module (see package emit).
	Flags []string
	// Sources are extra Verilog files read after the design's own, such
	// as a user's module that replaces a replaceable one (an SRAM macro
	// wrapper, with its NAME_EXTERN macro defined in Flags). Their
	// contents are part of the cache key.
	Sources []string
	// Opt is the C++ optimization level, such as "-O0" (fast to build) or
	// "-O2" (fast to run); "" means -O1.
	Opt string
	// VCD, when not "", is where Verilator writes its own waveform of the
	// run (the model is built with --trace; complete after Close).
	VCD string
	// Backdoor builds the model with Verilator's VPI and every signal
	// public (vsim.BackdoorFlags), so that PeekMem and PokeMem can read and
	// write memory words; the build and the model are slower.
	Backdoor bool
}

// Verilator is the Backend of the design's emitted Verilog compiled with
// Verilator and driven through a generated C++ harness over pipes (see
// internal/vsim's interactive models). Pokes and edges are buffered and
// sent with the next Peek of an output, which reads every output at once:
// a cycle of pokes, peeks and one edge is one round trip. Only the top
// module's ports can be looked up.
type Verilator struct {
	sess  *vsim.Session
	ports []vport
	ids   map[string]int32
	in    [][]uint64 // the value of each spec input, as poked
	out   []uint64   // every output, as read last
	stale bool       // pokes or edges since out was read
	cycle uint64
	rst   int32 // id of the rst input, or -1
	built bool
	err   error
	// What made it, for a re-run with a waveform (see Check).
	ctx    context.Context
	design *netlist.Design
	opts   VerilatorOptions
	names  *netlist.Names    // the Verilog names, for the memory backdoor
	final  map[string]uint64 // the cover counts at Close
}

// vport is a top-level port: an input (index into spec inputs) or an
// output (offset of its words in Verilator.out).
type vport struct {
	Port
	input int // index in the spec's inputs, or -1
	off   int // offset in out, for an output
	words int
	clock bool
}

// NewVerilator emits d as Verilog, builds (or finds in the cache, keyed by
// the content of the Verilog, the options and the Verilator version) its
// interactive Verilator model, and starts it. Cancelling ctx kills the
// model. Ports are looked up by their names in d; where emit renamed one
// (a Verilog or C++ keyword), the model uses the Verilog name that emit
// reports (emit.Output.Names).
func NewVerilator(ctx context.Context, d *netlist.Design, opts VerilatorOptions) (*Verilator, error) {
	top := d.TopModule()
	if top == nil {
		return nil, fmt.Errorf("testbench: design has no top module %q", d.Top)
	}
	out, err := emit.Emit(d)
	if err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	vnames := out.Names.Module(top.Name).Nets
	dir, err := os.MkdirTemp("", "systole-testbench-*")
	if err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, out.Top+".v")
	if err := os.WriteFile(src, out.Verilog(), 0o644); err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	v := &Verilator{ids: map[string]int32{}, rst: -1, ctx: ctx, design: d, opts: opts, names: out.Names}
	// The user's Verilog of the black boxes comes with the design's.
	spec := vsim.Spec{Top: out.Top, Sources: append(append([]string{src}, out.Extern...), opts.Sources...)}
	outWords := 0
	for _, p := range top.Ports {
		net := top.Nets[p.Net]
		vname := vnames[p.Net]
		vp := vport{Port: Port{Name: net.Name, Width: net.Width, id: int32(len(v.ports))}, input: -1,
			words: bits.Words(net.Width)}
		switch {
		case p.Dir == netlist.In && p.Net == top.Clock:
			spec.Clock = vname
			vp.clock = true
		case p.Dir == netlist.In:
			vp.Input = true
			vp.input = len(spec.Inputs)
			spec.Inputs = append(spec.Inputs, vsim.Port{Name: vname, Width: net.Width})
			v.in = append(v.in, make([]uint64, vp.words))
			if net.Name == "rst" && net.Width == 1 {
				v.rst = vp.id
			}
		default:
			vp.off = outWords
			outWords += vp.words
			spec.Outputs = append(spec.Outputs, vsim.Port{Name: vname, Width: net.Width})
		}
		v.ids[net.Name] = vp.id
		v.ports = append(v.ports, vp)
	}
	v.out = make([]uint64, outWords)
	flags := opts.Flags
	if opts.VCD != "" {
		flags = append(append([]string(nil), flags...), "--trace")
	}
	if opts.Backdoor {
		flags = append(append([]string(nil), flags...), vsim.BackdoorFlags...)
	}
	tool := &vsim.Verilator{Path: opts.Path, CacheDir: opts.CacheDir, Flags: flags, Opt: opts.Opt}
	model, err := tool.BuildInteractive(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	v.built = model.Built
	if v.sess, err = model.StartVCD(ctx, opts.VCD); err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	v.stale = true
	return v, nil
}

// withVCD makes a fresh Verilator backend of the same design and options
// that writes Verilator's own waveform to path.
func (v *Verilator) withVCD(path string) (Backend, error) {
	o := v.opts
	o.VCD = path
	return NewVerilator(v.ctx, v.design, o)
}

// Built reports whether NewVerilator compiled the model, rather than
// finding it in the cache.
func (v *Verilator) Built() bool { return v.built }

// String returns "verilator".
func (v *Verilator) String() string { return "verilator" }

func (v *Verilator) fail(err error) {
	if v.err == nil {
		v.err = err
	}
}

// Port implements Backend; only top-level ports are known.
func (v *Verilator) Port(name string) (Port, error) {
	id, ok := v.ids[name]
	if !ok {
		return Port{}, fmt.Errorf("testbench: verilator: no top-level port %q (only top-level ports can be looked up; rtlsim also finds internal nets)", name)
	}
	return v.ports[id].Port, nil
}

// port returns the vport of p, recording a misuse when p names none.
func (v *Verilator) port(p Port, what string) *vport {
	if p.id < 0 || int(p.id) >= len(v.ports) || v.ports[p.id].Name != p.Name {
		v.fail(fmt.Errorf("testbench: verilator: %s of an invalid Port %q", what, p.Name))
		return nil
	}
	return &v.ports[p.id]
}

func (v *Verilator) pokeable(p Port) *vport {
	vp := v.port(p, "Poke")
	if vp != nil && vp.input < 0 {
		v.fail(fmt.Errorf("testbench: verilator: cannot poke %q: only inputs of the top module other than the clock can be poked", p.Name))
		return nil
	}
	return vp
}

// Poke implements Backend.
func (v *Verilator) Poke(p Port, x bits.Value) {
	vp := v.pokeable(p)
	if vp == nil {
		return
	}
	if x.Width() != vp.Width {
		v.fail(fmt.Errorf("testbench: verilator: cannot poke %d-bit value %v into %d-bit input %q", x.Width(), x, vp.Width, vp.Name))
		return
	}
	cur := v.in[vp.input]
	changed := false
	for i := range cur {
		if w := x.Word(i); cur[i] != w {
			cur[i] = w
			changed = true
		}
	}
	if changed {
		v.sess.Poke(vp.input, cur)
		v.stale = true
	}
}

// PokeUint64 implements Backend.
func (v *Verilator) PokeUint64(p Port, x uint64) {
	vp := v.pokeable(p)
	if vp == nil {
		return
	}
	if vp.Width < 64 {
		x &= 1<<vp.Width - 1
	}
	cur := v.in[vp.input]
	changed := cur[0] != x
	cur[0] = x
	for i := 1; i < len(cur); i++ {
		changed = changed || cur[i] != 0
		cur[i] = 0
	}
	if changed {
		v.sess.Poke(vp.input, cur)
		v.stale = true
	}
}

// words returns the current words of vp: an input as poked, an output
// after settling.
func (v *Verilator) words(vp *vport) []uint64 {
	if vp.input >= 0 {
		return v.in[vp.input]
	}
	if v.stale {
		if err := v.sess.Outputs(v.out); err != nil {
			v.fail(fmt.Errorf("testbench: %w", err))
		}
		v.stale = false
	}
	return v.out[vp.off : vp.off+vp.words]
}

// Peek implements Backend. The clock reads as 0.
func (v *Verilator) Peek(p Port) bits.Value {
	vp := v.port(p, "Peek")
	if vp == nil {
		return bits.Value{}
	}
	if vp.clock {
		return bits.New(1)
	}
	return bits.FromWords(vp.Width, v.words(vp))
}

// PeekUint64 implements Backend.
func (v *Verilator) PeekUint64(p Port) uint64 {
	vp := v.port(p, "PeekUint64")
	if vp == nil || vp.clock {
		return 0
	}
	return v.words(vp)[0]
}

// Step implements Backend.
func (v *Verilator) Step() {
	v.sess.Step(1)
	v.stale = true
	v.cycle++
}

// Reset implements Backend.
func (v *Verilator) Reset() {
	if v.rst < 0 {
		return
	}
	p := v.ports[v.rst].Port
	v.PokeUint64(p, 1)
	v.Step()
	v.PokeUint64(p, 0)
}

// Cycle implements Backend.
func (v *Verilator) Cycle() uint64 { return v.cycle }

// Err implements Backend.
func (v *Verilator) Err() error {
	if v.err != nil {
		return v.err
	}
	if err := v.sess.Err(); err != nil {
		return fmt.Errorf("testbench: %w", err)
	}
	return nil
}

// Close implements Backend: it stops the model.
func (v *Verilator) Close() error {
	if v.final == nil && v.Err() == nil {
		// The cover counts outlive the model (Check logs them after Close).
		v.final, _ = v.sess.Covers()
	}
	err := v.sess.Close()
	if v.err != nil {
		return v.err
	}
	if err != nil {
		return fmt.Errorf("testbench: %w", err)
	}
	return nil
}

// VerilatorMaker returns a Maker of Verilator backends.
func VerilatorMaker(ctx context.Context, opts VerilatorOptions) Maker {
	return func(d *netlist.Design) (Backend, error) {
		v, err := NewVerilator(ctx, d, opts)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
}
