package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/internal/tooltest"
)

// TestSimGEMM: systole sim --gemm runs whole GEMMs of odd sizes through
// both dataflows and formats, every element checked, the cycles on the
// core's formula; bad shapes and flags are usage errors.
func TestSimGEMM(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--rows", "2", "--cols", "2", "--in-width", "4", "--acc-width", "16", "--gemm", "6x9x7"},
		{"--rows", "3", "--cols", "2", "--dataflow", "os", "--gemm", "5x4x3"},
		{"--rows", "2", "--cols", "3", "--format", "bf16", "--gemm", "7x9x5"},
		{"--rows", "2", "--cols", "2", "--gemm", "1x1x1"},
		// K = 4·rows, N = 3·cols: 12 batches, the K-tiles added in the
		// accumulator; with M over acc_rows, in chunks.
		{"--rows", "2", "--cols", "2", "--acc-rows", "8", "--gemm", "8x8x6"},
		{"--rows", "2", "--cols", "3", "--acc-rows", "4", "--format", "bf16", "--gemm", "10x5x7"},
		// With the output stage: bias, ReLU and a conversion.
		{"--rows", "2", "--cols", "2", "--acc-rows", "8", "--bias", "--relu", "--out-width", "8", "--gemm", "8x8x6"},
		{"--rows", "2", "--cols", "3", "--acc-rows", "4", "--format", "bf16", "--bias", "--relu", "--out-format", "fp8e4m3", "--gemm", "10x5x7"},
		{"--rows", "2", "--cols", "2", "--format", "bf16", "--bias", "--gemm", "5x8x3"}, // bias without an accumulator
		{"--rows", "2", "--cols", "3", "--dataflow", "os", "--bias", "--relu", "--out-width", "6", "--gemm", "7x9x5"},
	} {
		r := runArgs(dir, append(append([]string{"sim"}, args...), "--json", "--seed", "3")...)
		var res gemmResult
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 {
			t.Fatalf("%v: exit %d, %v\n%s%s", args, r.code, err, r.stdout, r.stderr)
		}
		if !res.Pass || res.Elements != int64(res.M*res.N) || res.Cycles == 0 || res.Cycles != res.FormulaCycles || res.Tiles == 0 {
			t.Errorf("%v: %+v", args, res)
		}
	}
	r := runArgs(dir, "sim", "--rows", "2", "--cols", "2", "--acc-rows", "8", "--gemm", "8x8x6")
	if r.code != 0 || !strings.Contains(r.stdout, "PASS systolic_ws_2x2_i8_a32_acc8 on rtlsim (seed 1): GEMM 8x8x6 as 12 batches, 48 elements of C checked") {
		t.Errorf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	r = runArgs(dir, "sim", "--rows", "2", "--cols", "2", "--gemm", "6x9x7")
	if r.code != 0 || !strings.Contains(r.stdout, "PASS systolic_ws_2x2_i8_a32 on rtlsim (seed 1): GEMM 6x9x7 as 20 batches, 42 elements of C checked") {
		t.Errorf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct{ args, err string }{
		{"--gemm 6x9", `--gemm "6x9": want MxKxN`},
		{"--gemm bert-base/ffn1", `want MxKxN`},
		{"--gemm 0x4x4", `dimension "0" is not a positive integer`},
		{"--gemm 70000x4x4", "over the gemm_dim limit"},
		{"--gemm 4x4x4 --gap 0.5", "--gap does not apply to --gemm"},
		{"--gemm 4x4x4 --jobs 3", "--jobs does not apply to --gemm"},
		{"--gemm 4x4x4 --cycles 3", "--cycles does not apply to --gemm"},
		{"--gemm 4x4x4 --backend icarus", `--backend "icarus": want rtlsim or verilator`},
		{"--gemm 4x4x4 --example counter", "--example does not apply to --gemm"},
		{"--rows 2 --cols 2 --relu --gemm 4x4x4", "K = 4 is over rows = 2 on a core with ReLU or an output conversion and no accumulator"},
	} {
		r := runArgs(dir, append([]string{"sim"}, strings.Fields(tc.args)...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.err) {
			t.Errorf("sim %s: exit %d, stderr %q; want 2 and %q", tc.args, r.code, r.stderr, tc.err)
		}
	}
}

// TestSimGEMMVerilator runs a GEMM on the emitted Verilog (long: a
// Verilator build).
func TestSimGEMMVerilator(t *testing.T) {
	if !tooltest.Long() {
		t.Skipf("a Verilator build: set %s=1", tooltest.EnvLong)
	}
	tooltest.Require(t, "verilator")
	r := runArgs(t.TempDir(), "sim", "--rows", "2", "--cols", "3", "--gemm", "7x5x8", "--backend", "verilator", "--json")
	var res gemmResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 || !res.Pass || res.Elements != 56 {
		t.Errorf("exit %d, %v: %s%s", r.code, err, r.stdout, r.stderr)
	}
}
