package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/safefile"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/testbench"
	"github.com/systole-hdl/systole/version"
)

// coreFlags are the systolic core's parameters, embedded in every command
// that builds a core.
type coreFlags struct {
	Rows     int    `default:"${rows}" placeholder:"N" help:"PE rows (1..256)."`
	Cols     int    `default:"${cols}" placeholder:"N" help:"PE columns (1..256)."`
	InWidth  int    `default:"${in_width}" placeholder:"BITS" help:"Operand width in bits (2..32; a float format's own width by default)."`
	AccWidth int    `default:"${acc_width}" placeholder:"BITS" help:"Accumulator and result width (in-width+1..64; 32 for a float format)."`
	Signed   bool   `default:"${signed}" negatable:"" help:"Signed (two's complement) operands; --signed=false or --no-signed for unsigned (int only)."`
	Dataflow string `default:"${dataflow}" placeholder:"ws|os" help:"ws (weight-stationary) or os (output-stationary)."`
	Format   string `default:"int" placeholder:"FORMAT" help:"Number format: int (--in-width, --signed), or fp8e4m3, fp8e5m2, bf16, fp16 with fp32 accumulation."`
	Top      string `placeholder:"NAME" help:"Top module name (default systolic_<df>_<R>x<C>_<i|u><in>_a<acc>, or systolic_<df>_<R>x<C>_<format>, then _acc<N> with --acc-rows, _bias, _relu, _o<format> or _o<i|u><W> for the output-stage options given)."`
	AccRows  int    `name:"acc-rows" default:"0" placeholder:"N" help:"ws: an accumulator memory of N rows after the column sums, driven by the a_acc/a_out sidebands (0: none; 1..65536)."`

	// The output stage.
	Bias      bool   `help:"Add a bias vector (stream bias_valid/bias_ready/bias_data, acc-width per element) to each batch (ws) or tile (os)."`
	ReLU      bool   `name:"relu" help:"ReLU on the results of the batches (ws) or tiles (os) whose a_relu/in_relu sideband is 1: x > 0 ? x : +0, NaN stays NaN."`
	OutFormat string `placeholder:"FORMAT" help:"Results' format for a float core: bf16, fp16, fp8e5m2 or fp8e4m3, converted from fp32 (round to nearest even; overflow to inf, fp8e4m3 saturates to 448); default the accumulator's (fp32)."`
	OutWidth  int    `placeholder:"W" help:"Results' width for an integer core (1..acc-width): shifted right by the a_shift/in_shift sideband, rounded half to even, saturated to W bits; 0 (default) keeps acc-width."`

	given map[string]bool // the flags on the command line
}

// AfterApply notes which flags the command line gave (a kong hook, which
// the commands embedding coreFlags inherit).
func (f *coreFlags) AfterApply(ctx *kong.Context) error {
	f.given = map[string]bool{}
	for _, p := range ctx.Path {
		if p.Flag != nil {
			f.given[p.Flag.Name] = true
		}
	}
	return nil
}

// config is the Config the flags describe. A float format sets the
// operand and accumulator widths and signedness; those given too must
// agree with it, or Validate says why not.
func (f *coreFlags) config() systolic.Config {
	c := systolic.Config{Rows: f.Rows, Cols: f.Cols, InWidth: f.InWidth, AccWidth: f.AccWidth, Signed: f.Signed,
		Dataflow: systolic.Dataflow(f.Dataflow), Top: f.Top, Format: f.Format, AccRows: f.AccRows,
		Bias: f.Bias, ReLU: f.ReLU, OutFormat: f.OutFormat, OutWidth: f.OutWidth}
	if _, ok := c.Float(); ok {
		w := c.WithFormat(f.Format)
		if !f.given["in-width"] {
			c.InWidth = w.InWidth
		}
		if !f.given["acc-width"] {
			c.AccWidth = w.AccWidth
		}
		if !f.given["signed"] {
			c.Signed = w.Signed
		}
	}
	return c
}

// elaborateCore validates c and elaborates its core.
func elaborateCore(c systolic.Config) (*netlist.Design, error) {
	g, err := systolic.New(c)
	if err != nil {
		return nil, err
	}
	return elaborate.Elaborate(g)
}

// genCore writes the core's Verilog (one file, or with split one file per
// module), file lists, manifest and C header (and with withNet its netlist
// text, with withGo its Go model) to dir, all or none, and returns the
// paths written.
func genCore(c systolic.Config, o genOptions, stderr io.Writer) ([]string, error) {
	if o.withGo {
		if err := goPackage(c.TopName()); err != nil {
			return nil, err
		}
	}
	d, err := elaborateCore(c)
	if err != nil {
		return nil, err
	}
	if d, err = o.flow.apply(d); err != nil {
		return nil, err
	}
	out, err := emit.Emit(d)
	if err != nil {
		return nil, err
	}
	if w := c.WrapWarning(); w != "" {
		fmt.Fprintf(stderr, "systole gen: warning: %s\n", w)
	}
	m := c.Manifest(d)
	m.SetConventions(o.flow.conventions())
	set := outputs(o.force)
	if err := addVerilog(set, out, o.dir, o.split, []namedText{
		{out.Top + ".json", m.JSON()},
		{out.Top + ".h", m.CHeader()},
	}); err != nil {
		return nil, err
	}
	if o.withNet {
		addNetlist(set, d, out.Top, o.dir)
	}
	if o.withGo {
		if err := addGoModel(set, d, o.dir); err != nil {
			return nil, err
		}
	}
	if err := set.Commit(); err != nil {
		return nil, fileError(err)
	}
	return set.Paths(), nil
}

// genOptions are gen's choices of what to write.
type genOptions struct {
	dir                           string
	split, withNet, withGo, force bool
	flow                          flowFlags
}

type namedText struct {
	name string
	text []byte
}

// addVerilog stages a design's Verilog in dir, as <top>.v or with split
// as one <module>.v per module, then its file lists (see fileLists) and
// the extra files.
func addVerilog(set *safefile.Set, out *emit.Output, dir string, split bool, extra []namedText) error {
	var files []namedText
	if split {
		for i := len(out.Files) - 1; i >= 0; i-- { // children first, the top last
			files = append(files, namedText{out.Files[i].Name, out.Files[i].Text})
		}
	} else {
		files = []namedText{{out.Top + ".v", out.Verilog()}}
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	lists, err := fileLists(out, dir, names)
	if err != nil {
		return err
	}
	for _, f := range append(append(files, lists...), extra...) {
		set.Add(filepath.Join(dir, f.name), f.text)
	}
	return nil
}

// addLists stages the file lists of out's Verilog in dir, written as
// <top>.v or with split as one file per module.
func addLists(set *safefile.Set, out *emit.Output, dir string, split bool) error {
	names := []string{out.Top + ".v"}
	if split {
		names = names[:0]
		for i := len(out.Files) - 1; i >= 0; i-- {
			names = append(names, out.Files[i].Name)
		}
	}
	lists, err := fileLists(out, dir, names)
	if err != nil {
		return err
	}
	for _, f := range lists {
		set.Add(filepath.Join(dir, f.name), f.text)
	}
	return nil
}

// fileLists returns the file lists of a design whose Verilog files (names
// in dir) are verilog: the user's Verilog of its black boxes first, then
// the design's in the order to read them, the top module's last:
//
//   - <top>.f, for Verilator's -F: names relative to the list itself, so
//     'verilator -F DIR/<top>.f' works from any directory;
//   - <top>.icarus.f, for Icarus's -c (which has no -F and resolves names
//     from the working directory): absolute names.
//
// A black box's file must exist, and be a name a file list can hold.
func fileLists(out *emit.Output, dir string, verilog []string) ([]namedText, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// Both tools skip // comments in a file list: the stamp tells
	// systole's list from a user's.
	stamp := "// Generated by systole " + version.Systole + ". Do not edit.\n"
	var rel, absList strings.Builder
	rel.WriteString(stamp)
	absList.WriteString(stamp)
	for _, f := range out.Extern {
		full, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(full, " \t\n\r\"'\\$`") {
			return nil, fmt.Errorf("black box file %q: a file list cannot hold a name with spaces, quotes, backslashes or '$'", f)
		}
		if st, err := os.Stat(full); err != nil {
			return nil, fmt.Errorf("black box file: %w", err)
		} else if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("black box file %s is not a regular file", f)
		}
		r, err := filepath.Rel(abs, full)
		if err != nil {
			r = full
		}
		if !filepath.IsAbs(r) && !strings.HasPrefix(r, ".") {
			r = "./" + r // never read as an option (-x, +define+)
		}
		fmt.Fprintf(&rel, "%s\n", r)
		fmt.Fprintf(&absList, "%s\n", full)
	}
	for _, name := range verilog {
		fmt.Fprintf(&rel, "%s\n", name)
		fmt.Fprintf(&absList, "%s\n", filepath.Join(abs, name))
	}
	return []namedText{{out.Top + ".f", []byte(rel.String())}, {out.Top + ".icarus.f", []byte(absList.String())}}, nil
}

// addGoModel stages rtlsim's compiled Go model of d (rtlsim.WriteGo) as
// DIR/<top>/model.go, package <top>.
func addGoModel(set *safefile.Set, d *netlist.Design, dir string) error {
	if err := goPackage(d.Top); err != nil {
		return err
	}
	sim, err := rtlsim.Compile(d)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := sim.WriteGo(&b, d.Top); err != nil {
		return err
	}
	set.Add(filepath.Join(dir, d.Top, "model.go"), b.Bytes())
	return nil
}

// simResult is what systole sim reports for a core.
type simResult struct {
	Top          string  `json:"top"`
	Backend      string  `json:"backend"`
	Seed         uint64  `json:"seed"`
	Pass         bool    `json:"pass"`
	Error        string  `json:"error,omitempty"`
	Rows         int     `json:"rows_checked"`
	Cycles       int     `json:"cycles"`
	MACsPerCycle float64 `json:"macs_per_cycle"`
	Utilization  float64 `json:"utilization"`
	VCD          string  `json:"vcd,omitempty"`
}

// simCore runs the random matmul regression on the core. The VCD named
// vcd goes to trace, which the caller commits.
func simCore(c systolic.Config, backend string, seed uint64, o regress.Options, vcd string, trace io.Writer) (simResult, error) {
	res := simResult{Backend: backend, Seed: seed, VCD: vcd}
	d, err := elaborateCore(c)
	if err != nil {
		return res, err
	}
	res.Top = d.Top
	be, err := newBackend(d, backend, trace)
	if err != nil {
		return res, err
	}
	r, runErr := regress.Run(testbench.New(be, seed), c, o)
	if err := be.Close(); runErr == nil {
		runErr = err
	}
	res.Pass = runErr == nil
	if runErr != nil {
		res.Error = runErr.Error()
	}
	res.Rows, res.Cycles, res.MACsPerCycle, res.Utilization = r.Beats, r.Cycles, r.MACsPerCycle, r.Utilization
	return res, nil
}

// newBackend compiles d for the backend (rtlsim, with a VCD to trace
// unless it is nil; or verilator, without one).
func newBackend(d *netlist.Design, backend string, trace io.Writer) (testbench.Backend, error) {
	switch backend {
	case "rtlsim":
		rs, err := testbench.NewRTLSim(d)
		if err != nil {
			return nil, err
		}
		if trace != nil {
			if err := rs.TraceVCD(trace); err != nil {
				rs.Close()
				return nil, err
			}
		}
		return rs, nil
	case "verilator":
		if trace != nil {
			return nil, errors.New("--vcd needs --backend rtlsim (re-run the same --seed on rtlsim for the waveform)")
		}
		return testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
	}
	return nil, fmt.Errorf("unknown backend %q: want rtlsim or verilator", backend)
}

func printSim(w io.Writer, c systolic.Config, r simResult) {
	verdict := "PASS"
	if !r.Pass {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "%s %s on %s (seed %d): %d rows of C checked against the reference model\n",
		verdict, r.Top, r.Backend, r.Seed, r.Rows)
	if r.Pass {
		fmt.Fprintf(w, "  %d cycles, %.2f MACs/cycle, utilization %.1f%% of %d PEs\n",
			r.Cycles, r.MACsPerCycle, 100*r.Utilization, c.Rows*c.Cols)
	} else {
		fmt.Fprintf(w, "  %s\n", r.Error)
	}
	if r.VCD != "" {
		fmt.Fprintf(w, "wrote %s\n", r.VCD)
	}
}
