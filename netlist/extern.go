package netlist

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Limits of a black box's declaration, so that untrusted text cannot make a
// back end write unbounded instance headers or file lists.
const (
	// MaxParams is the most Verilog parameters a black box may have.
	MaxParams = 256
	// MaxFiles is the most Verilog files a black box may name.
	MaxFiles = 64
	// MaxExternString is the longest parameter string or file name, in
	// bytes.
	MaxExternString = 4096
)

// Extern marks a module as a black box: a module the design instantiates
// but does not describe, such as an SRAM macro or vendor IP, defined in the
// user's own Verilog files. The module's ports are the black box's ports,
// by name and width; emit writes an instance of Verilog with Params and no
// definition, and lists Files with the design's own sources.
//
// A black box without a body (no cells, registers, memories or instances)
// is driven by a behavioural model rtlsim is given in Go (rtlsim.Models);
// a black box with a body is its own model: rtlsim simulates the body,
// which must then drive every output, and emit still writes only the
// instance.
//
// Comb declares the black box's combinational paths: an output listed
// there may change with the inputs it names within a cycle; every other
// output is registered (it changes only at clock edges). Check uses the
// paths to find combinational loops through the black box, and checks that
// a body has no path the declaration leaves out; rtlsim schedules the model
// by them.
type Extern struct {
	// Verilog is the name of the Verilog module to instantiate. Several
	// black boxes may share it (one per parameterization).
	Verilog string
	Params  []Param
	// Files are the Verilog files that define Verilog, as the user gave
	// them: absolute, or relative to the working directory of the tool that
	// reads them.
	Files []string
	Comb  []CombPath
	// Pos is where the black box is declared.
	Pos Pos
}

// Param is one Verilog parameter of a black box instance: an integer, or
// a string when IsString.
type Param struct {
	Name     string
	IsString bool
	Int      int64
	Str      string
}

// Verilog returns the parameter's value as a Verilog expression.
func (p Param) Verilog() string {
	if p.IsString {
		return strconv.Quote(p.Str)
	}
	return strconv.FormatInt(p.Int, 10)
}

// CombPath says that output port Out of a black box depends
// combinationally on the input ports In.
type CombPath struct {
	Out NetID
	In  []NetID
}

// IsBlackBox reports whether m is a black box (see Extern).
func (m *Module) IsBlackBox() bool { return m.Extern != nil }

// HasBody reports whether m has any logic of its own: cells, registers,
// memories or instances. A black box with a body is its own simulation
// model.
func (m *Module) HasBody() bool {
	return len(m.Cells)+len(m.Regs)+len(m.Mems)+len(m.Insts) > 0
}

// ExternFiles returns the Verilog files of every black box of d, in design
// order, each once: the files a simulator or synthesis tool reads together
// with the emitted Verilog.
func (d *Design) ExternFiles() []string {
	var files []string
	for _, m := range d.Modules {
		if m == nil || m.Extern == nil {
			continue
		}
		for _, f := range m.Extern.Files {
			if !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
	}
	return files
}

// checkExtern validates the declaration of a black box and returns, for
// each port index that is an output, the input port indices the
// declaration says it depends on (the black box's port dependencies as
// its parents see them).
func (c *checker) checkExtern(m *Module) [][]int {
	x := m.Extern
	pos := x.Pos
	if !pos.IsValid() {
		pos = m.Pos
	}
	bad := func(signal, format string, args ...any) *Error {
		if signal == "" {
			signal = m.Name
		}
		return c.errs.Add(pos, m.Name, signal, format, args...)
	}
	if !isIdent(x.Verilog) || Reserved(x.Verilog) {
		bad("", "black box: invalid Verilog module name %q", x.Verilog)
	}
	for _, o := range c.d.Modules {
		if o != nil && o.Extern == nil && o.Name == x.Verilog {
			bad("", "black box: Verilog module name %s is the name of a module of the design", x.Verilog)
		}
	}
	if len(x.Params) > MaxParams {
		bad("", "black box: %d parameters, more than the limit of %d", len(x.Params), MaxParams)
	}
	seen := map[string]bool{}
	for _, p := range x.Params {
		switch {
		case !isIdent(p.Name) || Reserved(p.Name):
			bad(p.Name, "black box: invalid parameter name %q", p.Name)
		case seen[p.Name]:
			bad(p.Name, "black box: parameter %s given twice", p.Name)
		case p.IsString && !plainString(p.Str):
			bad(p.Name, "black box: parameter %s: a string parameter must be printable ASCII without quotes or backslashes, at most %d bytes", p.Name, MaxExternString)
		}
		seen[p.Name] = true
	}
	if len(x.Files) > MaxFiles {
		bad("", "black box: %d files, more than the limit of %d", len(x.Files), MaxFiles)
	}
	for _, f := range x.Files {
		if f == "" || len(f) > MaxExternString || !utf8.ValidString(f) || containsControl(f) {
			bad("", "black box: invalid file name %q", f)
		}
	}
	for _, p := range m.Ports {
		if m.hasNet(p.Net) && Reserved(m.Nets[p.Net].Name) {
			bad(m.Nets[p.Net].Name, "black box: port name %s is a reserved word of Verilog or C++", m.Nets[p.Net].Name)
		}
	}
	portIdx := map[NetID]int{}
	for i, p := range m.Ports {
		portIdx[p.Net] = i
	}
	deps := make([][]int, len(m.Ports))
	declared := make([]bool, len(m.Ports))
	for _, cp := range x.Comb {
		oi, ok := portIdx[cp.Out]
		if !ok || m.Ports[oi].Dir != Out {
			bad(c.netName(m, cp.Out), "black box: combinational path from %s, which is not an output port", c.netName(m, cp.Out))
			continue
		}
		if declared[oi] {
			bad(c.netName(m, cp.Out), "black box: second combinational path declaration for output %s", c.netName(m, cp.Out))
		}
		declared[oi] = true
		for _, in := range cp.In {
			ii, ok := portIdx[in]
			switch {
			case !ok || m.Ports[ii].Dir != In:
				bad(c.netName(m, in), "black box: output %s depends on %s, which is not an input port", c.netName(m, cp.Out), c.netName(m, in))
			case in == m.Clock:
				bad(c.netName(m, in), "black box: output %s cannot depend combinationally on the clock", c.netName(m, cp.Out))
			case !slices.Contains(deps[oi], ii):
				deps[oi] = append(deps[oi], ii)
			}
		}
		slices.Sort(deps[oi])
	}
	return deps
}

// checkModel reports every combinational path of a black box's body that
// its declaration leaves out.
func (c *checker) checkModel(m *Module, body, declared [][]int) {
	for oi, ins := range body {
		for _, ii := range ins {
			if !slices.Contains(declared[oi], ii) {
				out, in := m.PortName(m.Ports[oi]), m.PortName(m.Ports[ii])
				c.errs.Add(m.Nets[m.Ports[oi].Net].Pos, m.Name, out,
					"black box model: output %s depends combinationally on input %s, which the black box does not declare", out, in).
					Notes = []string{"declare the path (BlackBox.Comb), or register the output in the model"}
			}
		}
	}
}

func (c *checker) netName(m *Module, id NetID) string {
	if m.hasNet(id) {
		return m.Nets[id].Name
	}
	return fmt.Sprintf("<net %d>", id)
}

// plainString reports whether s can be written in a Verilog string literal
// as it is.
func plainString(s string) bool {
	if len(s) > MaxExternString {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b > 0x7e || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}

func containsControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}
