package synth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/netlist"
)

// This file runs the external tools on a point's Verilog: Verilator's
// linter, and Yosys's synthesis for area and logic depth. Results are
// cached by a hash of the point's parameters and its Verilog, so a re-run
// or a resumed sweep pays for each configuration once.

// Result is what Yosys measured of a core, synthesized hierarchically to
// its internal gate library with its memories kept whole (Flow; the PE is
// synthesized once and counted once per instance).
type Result struct {
	// Cells are the logic cells of the whole hierarchy (stat -top): gates
	// and flip-flops, not memories, which a chip flow maps to SRAM macros
	// and which are counted in MemoryBits instead.
	Cells     int `json:"cells"`
	FlipFlops int `json:"flip_flops"` // of those, flip-flops ($_DFF*, $_SDFF*, ...)
	// MemoryBits is the storage of the memories Yosys inferred ($mem_v2
	// cells: words × width), over the whole hierarchy; a memory's
	// registered read port is part of it, as in an SRAM macro.
	MemoryBits int64 `json:"memory_bits"`
	// Depth is the longest topological path in gates (ltp -noff), the
	// largest over the core's leaf modules (those without instances:
	// ltp does not see through an instance, so the glue of the modules
	// that hold instances, a few gates, is not walked).
	Depth int `json:"ltp_depth"`
}

// Flow is the Yosys script that Synthesize runs on the core after
// "synth -top TOP -run :fine" (synth's begin and coarse steps, memory
// -nomap among them): synth's own fine and check steps (yosys -h synth)
// but memory_map, so that memories stay $mem_v2 cells instead of
// becoming flip-flops and multiplexers.
var Flow = []string{
	"opt -fast -full",
	"opt -full",
	"techmap",
	"opt -fast",
	"abc -fast",
	"opt -fast",
	"hierarchy -check",
	"check -assert",
}

// Cache is a directory of tool results keyed by parameter hash; "" turns
// caching off.
type Cache string

// hashKey returns the cache key of a tool's run on a point.
func hashKey(tool, params string, verilog []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "systole sweep %s v1\n%s\n", tool, params)
	h.Write(verilog)
	return hex.EncodeToString(h.Sum(nil))[:24]
}

func (c Cache) get(key string, v any) bool {
	if c == "" {
		return false
	}
	b, err := os.ReadFile(filepath.Join(string(c), key+".json"))
	return err == nil && json.Unmarshal(b, v) == nil
}

func (c Cache) put(key string, v any) {
	if c == "" {
		return
	}
	b, _ := json.Marshal(v)
	if os.MkdirAll(string(c), 0o755) == nil {
		tmp := filepath.Join(string(c), key+".tmp"+strconv.Itoa(os.Getpid()))
		if os.WriteFile(tmp, b, 0o644) == nil {
			_ = os.Rename(tmp, filepath.Join(string(c), key+".json"))
		}
	}
}

// writeVerilog writes the core's Verilog to a fresh directory and
// returns it; the caller removes it.
func writeVerilog(top string, verilog []byte) (string, error) {
	dir, err := os.MkdirTemp("", "systole-sweep-")
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, top+".v"), verilog, 0o644)
}

// Lint runs Verilator's linter with every warning on; a clean result is
// cached.
func Lint(ctx context.Context, cache Cache, params, top string, verilog []byte) error {
	key := hashKey("lint", params, verilog)
	var ok bool
	if cache.get(key, &ok) && ok {
		return nil
	}
	dir, err := writeVerilog(top, verilog)
	defer os.RemoveAll(dir)
	if err != nil {
		return err
	}
	if err := lint.Tools[0].Run(ctx, dir, top, top+".v"); err != nil {
		return err
	}
	cache.put(key, true)
	return nil
}

var (
	ltpRE = regexp.MustCompile(`Longest topological path in \S+ \(length=(\d+)\)`)
	memRE = regexp.MustCompile(`(?m)^\s*cell \$mem(?:_v2)? `)
	// parameterRE finds a parameter's integer value in a cell's dump.
	parameterRE = func(name string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\s*parameter \\` + name + ` (\d+)$`)
	}
	sizeRE, widthRE = parameterRE("SIZE"), parameterRE("WIDTH")
)

// Synthesize runs Yosys's Flow on the core d (its Verilog) and returns
// its logic cells, flip-flops, memory bits and logic depth (over
// LTPModules), from the cache when this parameter hash was synthesized
// before.
func Synthesize(ctx context.Context, cache Cache, params string, d *netlist.Design, verilog []byte) (Result, error) {
	top := d.Top
	leaves, flat := LTPModules(d)
	names := []string{top}
	for _, m := range d.Modules {
		names = append(names, m.Name)
	}
	for _, name := range names {
		if !lint.Ident(name) { // names go into a Yosys script
			return Result{}, fmt.Errorf("synth: module %q is not a Verilog identifier", name)
		}
	}
	version := "yosys v3" // v3: memories kept (memory -nomap), memory_bits
	if len(flat) > 0 {
		version += " flatten " + strings.Join(flat, " ")
	}
	key := hashKey(version, params, verilog)
	var s Result
	if cache.get(key, &s) {
		return s, nil
	}
	dir, err := writeVerilog(top, verilog)
	defer os.RemoveAll(dir)
	if err != nil {
		return s, err
	}
	script := append([]string{"read_verilog " + top + ".v", "synth -top " + top + " -run :fine"}, Flow...)
	script = append(script, "tee -q -o stat.json stat -json -top "+top)
	// Each module's memories, to count their bits (stat does not).
	var withMems []*netlist.Module
	for _, m := range d.Modules {
		if len(m.Mems) > 0 {
			script = append(script, fmt.Sprintf("tee -q -o mem%d.il dump %s/t:$mem_v2 %s/t:$mem", len(withMems), m.Name, m.Name))
			withMems = append(withMems, m)
		}
	}
	if len(flat) > 0 {
		script = append(script, "flatten "+strings.Join(flat, " "))
	}
	if len(leaves) > 0 {
		script = append(script, "tee -q -o ltp.txt ltp -noff "+strings.Join(leaves, " "))
	}
	cmd := exec.CommandContext(ctx, "yosys", "-q", "-p", strings.Join(script, "; "))
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return s, ctx.Err()
		}
		return s, fmt.Errorf("yosys: %w: %s", err, lastLines(string(out), 3))
	}
	var stat struct {
		Design struct {
			Cells  int            `json:"num_cells"`
			ByType map[string]int `json:"num_cells_by_type"`
		} `json:"design"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "stat.json"))
	if err == nil {
		err = json.Unmarshal(jsonLines(b), &stat)
	}
	if err != nil {
		return s, fmt.Errorf("yosys stat: %w", err)
	}
	s.Cells = stat.Design.Cells
	for t, n := range stat.Design.ByType {
		switch {
		case t == "$mem" || t == "$mem_v2":
			s.Cells -= n
		case strings.Contains(t, "DFF"):
			s.FlipFlops += n
		}
	}
	count := Instances(d)
	for i, m := range withMems {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("mem%d.il", i)))
		if err != nil {
			return s, fmt.Errorf("yosys dump: %w", err)
		}
		bits, err := memoryBits(string(b))
		if err != nil {
			return s, fmt.Errorf("yosys dump of %s: %w", m.Name, err)
		}
		s.MemoryBits += bits * count[m.Name]
	}
	if len(leaves) > 0 {
		b, err := os.ReadFile(filepath.Join(dir, "ltp.txt"))
		if err != nil {
			return s, fmt.Errorf("yosys ltp: %w", err)
		}
		for _, m := range ltpRE.FindAllStringSubmatch(string(b), -1) {
			n, _ := strconv.Atoi(m[1])
			s.Depth = max(s.Depth, n)
		}
	}
	cache.put(key, s)
	return s, nil
}

// memoryBits sums SIZE × WIDTH over the memory cells of a Yosys dump.
func memoryBits(dump string) (int64, error) {
	cells := memRE.FindAllStringIndex(dump, -1)
	var bits int64
	for i, c := range cells {
		end := len(dump)
		if i+1 < len(cells) {
			end = cells[i+1][0]
		}
		cell := dump[c[0]:end]
		size, width := sizeRE.FindStringSubmatch(cell), widthRE.FindStringSubmatch(cell)
		if size == nil || width == nil {
			return 0, fmt.Errorf("a memory cell without SIZE or WIDTH: %.80q", cell)
		}
		n, e1 := strconv.ParseInt(size[1], 10, 64)
		w, e2 := strconv.ParseInt(width[1], 10, 64)
		if e1 != nil || e2 != nil {
			return 0, fmt.Errorf("a memory cell's SIZE %s, WIDTH %s", size[1], width[1])
		}
		bits += n * w
	}
	return bits, nil
}

// Instances counts the instances of every module of d in its hierarchy,
// the top's once.
func Instances(d *netlist.Design) map[string]int64 {
	count := map[string]int64{}
	var walk func(name string, n int64, depth int)
	walk = func(name string, n int64, depth int) {
		m := d.Module(name)
		if m == nil || depth > 64 { // Check rejects both; never loop
			return
		}
		count[name] += n
		for _, in := range m.Insts {
			walk(in.Module, n, depth+1)
		}
	}
	walk(d.Top, 1, 0)
	return count
}

// jsonLines drops the lines of Yosys 0.23's stat -json -top that are
// not JSON (it prints the hierarchy of nested instances into it).
func jsonLines(b []byte) []byte {
	var out []byte
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if t := strings.TrimSpace(l); t == "" || strings.ContainsRune("{}[]\"", rune(t[0])) {
			out = append(out, l...)
		}
	}
	return out
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], "; ")
}

// LTPModules picks the modules whose longest path the synthesis
// measures: ltp does not see through instances, so the leaves (modules
// without instances), and the modules with state whose instances hold no
// state anywhere below them (a float PE and its datapath), which
// Synthesize flattens first (flat), so that their register-to-register
// path is measured whole. The integer cores have none of the latter.
func LTPModules(d *netlist.Design) (leaves, flat []string) {
	byName := map[string]*netlist.Module{}
	for _, m := range d.Modules {
		byName[m.Name] = m
	}
	var stateless func(m *netlist.Module) bool
	stateless = func(m *netlist.Module) bool {
		if len(m.Regs) > 0 || len(m.Mems) > 0 {
			return false
		}
		for _, in := range m.Insts {
			if sub := byName[in.Module]; sub == nil || !stateless(sub) {
				return false
			}
		}
		return true
	}
	for _, m := range d.Modules {
		switch {
		case len(m.Insts) == 0:
			leaves = append(leaves, m.Name)
		case len(m.Regs)+len(m.Mems) > 0 && !slices.ContainsFunc(m.Insts, func(in netlist.Instance) bool {
			sub := byName[in.Module]
			return sub == nil || !stateless(sub)
		}):
			leaves, flat = append(leaves, m.Name), append(flat, m.Name)
		}
	}
	return leaves, flat
}
