package formal

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/bits"
)

// readSteps reads the waveform yosys-smtbmc writes (step k at time 10k)
// and returns, per step, the values of the named signals of the module
// scope (the wrapper's ports), in the order of names.
func readSteps(data []byte, scope string, names []string) ([][]bits.Value, error) {
	idx := map[string]int{}
	for i, n := range names {
		idx[n] = i
	}
	var path []string
	codes := map[string]int{} // id code -> index in names
	widths := make([]int, len(names))
	cur := make([]bits.Value, len(names))
	var steps [][]bits.Value
	step := -1
	flush := func(upTo int) {
		for step < upTo {
			steps = append(steps, append([]bits.Value(nil), cur...))
			step++
		}
	}
	lines := strings.Split(string(data), "\n")
	defs := true
	pending := false // values changed since the last time mark
	for ln, l := range lines {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		if defs {
			switch f[0] {
			case "$scope":
				if len(f) >= 3 {
					path = append(path, f[2])
				}
			case "$upscope":
				if len(path) > 0 {
					path = path[:len(path)-1]
				}
			case "$var":
				// $var wire WIDTH CODE NAME $end
				if len(f) >= 5 && len(path) == 1 && path[0] == scope {
					if i, ok := idx[f[4]]; ok {
						w, err := strconv.Atoi(f[2])
						if err != nil || w < 1 {
							return nil, fmt.Errorf("line %d: bad width %q", ln+1, f[2])
						}
						codes[f[3]], widths[i] = i, w
						cur[i] = bits.New(w)
					}
				}
			case "$enddefinitions":
				defs = false
				for i, n := range names {
					if widths[i] == 0 {
						return nil, fmt.Errorf("no signal %s in scope %s", n, scope)
					}
				}
			}
			continue
		}
		switch c := f[0][0]; {
		case c == '#':
			t, err := strconv.Atoi(f[0][1:])
			if err != nil {
				return nil, fmt.Errorf("line %d: bad time %q", ln+1, f[0])
			}
			// Values of step k are those in force from time 10k; flush
			// the steps before the one starting now.
			flush(t/10 - 1)
			pending = false
		case c == 'b' && len(f) == 2:
			if i, ok := codes[f[1]]; ok {
				v, err := binary(f[0][1:], widths[i])
				if err != nil {
					return nil, fmt.Errorf("line %d: %v", ln+1, err)
				}
				cur[i] = v
			}
			pending = true
		case (c == '0' || c == '1') && len(f) == 1:
			if i, ok := codes[f[0][1:]]; ok {
				cur[i] = bits.FromUint64(widths[i], uint64(c-'0'))
			}
			pending = true
		}
	}
	if defs {
		return nil, fmt.Errorf("no $enddefinitions")
	}
	if pending { // the last step, unless the dump ends with a bare time mark
		flush(step + 1)
	}
	return steps, nil
}

// binary converts the digits of a VCD vector value to a w-bit value.
func binary(s string, w int) (bits.Value, error) {
	if strings.ContainsAny(s, "xXzZ") {
		return bits.Value{}, fmt.Errorf("value b%s has x or z bits", s)
	}
	if len(s) > w {
		s = s[len(s)-w:]
	}
	return bits.Parse(fmt.Sprintf("%d'b%s", w, s))
}
