package workload

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/limits"
)

// This file reads SCALE-Sim's topology files, so that a published
// SCALE-Sim run can be repeated on the core: the same layers, as GEMMs.
//
// A GEMM topology (SCALE-Sim's topologies/GEMM_mnk, read with "-i gemm")
// has the header "Layer Name, M, N, K," and rows name, M, N, K: its
// columns order M, N, K, where systole writes M×K×N. A convolution
// topology (topologies/conv_nets and the rest) has rows name, IFMAP
// height, IFMAP width, filter height, filter width, channels, filters,
// stride height[, stride width]; SCALE-Sim lowers each layer to the GEMM
// of its im2col form, unpadded:
//
//	M = Eh·Ew, Eh = ceil((H - R + S)/S) (likewise Ew), K = R·S·channels, N = filters
//
// and a layer whose name contains "DP" (depthwise) to one 1-channel GEMM
// per channel, named name+"Channel_"+i, as SCALE-Sim's topology_utils.py
// does. What follows a row's numbers (notes such as "#dw", which some
// published files carry after the last comma, where SCALE-Sim drops them)
// is ignored, and blank lines are skipped. A layer name used again (some
// published files repeat them) gets "@line" appended, so that every row
// of the sweep has its own name.

// The limits of a topology file are the limits package's: its size
// (limits.FileBytes), its GEMMs, depthwise layers expanded
// (limits.WorkloadGEMMs), and each GEMM (limits.GEMMDim and GEMMElements,
// checkGEMM); every number of a row is also at most limits.GEMMDim.

// ReadTopology reads a SCALE-Sim topology file (GEMM or convolution, told
// by its header) and returns its GEMMs, each named after the file's stem
// and the layer: Resnet50/CB2a_1.
func ReadTopology(path string) ([]GEMM, error) {
	text, err := limits.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: workload file: %w", err)
	}
	stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return ParseTopology(path, stem, text)
}

// ParseTopology parses the text of a SCALE-Sim topology file; file names
// it in errors (file:line) and prefix names its GEMMs (prefix/layer).
func ParseTopology(file, prefix string, text []byte) ([]GEMM, error) {
	lines := strings.Split(string(bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))), "\n")
	header := -1
	for i, l := range lines {
		if strings.TrimSpace(strings.ReplaceAll(l, ",", "")) != "" {
			header = i
			break
		}
	}
	if header < 0 {
		return nil, fmt.Errorf("sweep: %s: an empty topology file", file)
	}
	hf := fields(lines[header])
	gemm := len(hf) >= 4 && strings.EqualFold(hf[1], "M") && strings.EqualFold(hf[2], "N") && strings.EqualFold(hf[3], "K")
	if !gemm && len(hf) < 8 {
		return nil, fmt.Errorf("sweep: %s:%d: the header is neither a GEMM topology's (Layer Name, M, N, K) nor a convolution topology's (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides)", file, header+1)
	}
	var out []GEMM
	seen := map[string]bool{}
	for i := header + 1; i < len(lines); i++ {
		f := fields(lines[i])
		for len(f) > 0 && f[len(f)-1] == "" {
			f = f[:len(f)-1]
		}
		if len(f) == 0 {
			continue
		}
		pos := fmt.Sprintf("%s:%d", file, i+1)
		name := f[0]
		if name == "" {
			return nil, fmt.Errorf("sweep: %s: a layer without a name", pos)
		}
		want := 7 // conv: H, W, R, S, channels, filters, stride
		if gemm {
			want = 3
		}
		if len(f) < 1+want {
			return nil, fmt.Errorf("sweep: %s: layer %s: %d numbers, want %d", pos, name, len(f)-1, want)
		}
		nums := make([]int, 0, 8)
		for j := 1; j < len(f) && j <= want+1; j++ {
			v, err := strconv.Atoi(f[j])
			if j == want+1 && (gemm || err != nil) {
				break // a conv's optional stride width; anything else there is a note
			}
			if err != nil || v < 1 || int64(v) > limits.GEMMDim.Max {
				return nil, fmt.Errorf("sweep: %s: layer %s: field %d is %q, want an integer from 1 to %d (limits.GEMMDim)", pos, name, j+1, f[j], limits.GEMMDim.Max)
			}
			nums = append(nums, v)
		}
		var gs []GEMM
		if gemm {
			gs = []GEMM{{name, nums[0], nums[2], nums[1]}} // M, N, K
		} else {
			h, w, r, s, c, filt, sh := nums[0], nums[1], nums[2], nums[3], nums[4], nums[5], nums[6]
			sw := sh
			if len(nums) > 7 {
				sw = nums[7]
			}
			if r > h || s > w {
				return nil, fmt.Errorf("sweep: %s: layer %s: a %dx%d filter is larger than its %dx%d input", pos, name, r, s, h, w)
			}
			m := ceilDiv(h-r+sh, sh) * ceilDiv(w-s+sw, sw)
			if strings.Contains(name, "DP") {
				if err := limits.WorkloadGEMMs.Check("sweep: "+pos, int64(len(out)+c)); err != nil {
					return nil, err
				}
				for ch := range c {
					gs = append(gs, GEMM{fmt.Sprintf("%sChannel_%d", name, ch), m, r * s, filt})
				}
			} else {
				gs = []GEMM{{name, m, r * s * c, filt}}
			}
		}
		for _, g := range gs {
			if err := checkGEMMAs(fmt.Sprintf("sweep: %s: layer %s (%dx%dx%d)", pos, name, g.M, g.K, g.N), g); err != nil {
				return nil, err
			}
			if seen[g.Name] {
				g.Name = fmt.Sprintf("%s@%d", g.Name, i+1)
			}
			seen[g.Name] = true
			if prefix != "" {
				g.Name = prefix + "/" + g.Name
			}
			out = append(out, g)
		}
		if err := limits.WorkloadGEMMs.Check("sweep: "+pos, int64(len(out))); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("sweep: %s: no layers", file)
	}
	return out, nil
}

// fields splits a CSV line at commas and trims each field.
func fields(line string) []string {
	f := strings.Split(line, ",")
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	return f
}
