package main

import (
	"slices"
	"strings"
	"testing"
)

func TestBenchCommand(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"bench", "--help"}, 0, "Usage: systole bench", ""},
		{[]string{"bench", "--lanes", "0"}, 2, "", "--lanes 0: want at least 1"},
		{[]string{"bench", "--rows", "2", "--cols", "2", "--cycles", "200", "--lanes", "5", "--no-verilator", "--no-icarus", "--no-go"}, 0,
			"lane 0 hash matches rtlsim, lanes match the batch's", "testbench.RunLanes (before-edge): 5 lanes"},
		{[]string{"bench", "--rows", "2", "--cols", "2", "--cycles", "200", "--lanes", "2", "--no-verilator", "--no-icarus", "--no-go"}, 0,
			"by shape (cycles/CPU-s; x: over verilator):", "lane-cycles/CPU-s"},
		{[]string{"bench", "--cycles", "1"}, 2, "", "--cycles 1: want at least 2"},
		{[]string{"bench", "--elab", "--sizes", "0"}, 2, "", "--sizes"},
		{[]string{"bench", "--rows", "2", "--cols", "2", "--cycles", "300", "--no-verilator", "--no-icarus"}, 0,
			"testbench shape", "rtlsim (before-edge):"},
		{[]string{"bench", "--rows", "2", "--cols", "2", "--cycles", "30", "--no-verilator", "--no-icarus", "--no-go", "--shape", "before-edge"}, 0,
			"before-edge shape", "rtlsim (before-edge):"},
		{[]string{"bench", "--shape", "sideways"}, 2, "", "--shape"},
		{[]string{"bench", "--elab-child", "--rows", "2", "--cols", "2"}, 0, `"verilog_bytes"`, ""},
		{[]string{"bench", "--sim-child", "--rows", "2", "--cols", "2", "--sim-cycles", "50"}, 0, `"cycles_per_s"`, ""},
		{[]string{"bench", "--elab", "--sizes", "2", "--sim-cycles", "-1"}, 2, "", "--sim-cycles -1"},
	} {
		if testing.Short() && tc.code == 0 && !slices.Contains(tc.args, "--no-go") && !slices.Contains(tc.args, "--elab-child") &&
			!slices.Contains(tc.args, "--sim-child") && !slices.Contains(tc.args, "--help") {
			tc.args = append(tc.args, "--no-go") // go build: not in the fast inner loop
		}
		res := runArgs(t.TempDir(), tc.args...)
		if res.code != tc.code || !strings.Contains(res.stdout, tc.stdout) || !strings.Contains(res.stderr, tc.stderr) {
			t.Errorf("%v: code %d, stdout %q, stderr %q", tc.args, res.code, res.stdout, res.stderr)
		}
	}
}
