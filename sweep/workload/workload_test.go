package workload

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/limits"
)

func macs(gs []GEMM) int64 {
	var n int64
	for _, g := range gs {
		n += g.MACs()
	}
	return n
}

// TestWorkloadMACs: the built-in networks add up to their published (or,
// for the transformer layers, computed) MAC counts.
func TestWorkloadMACs(t *testing.T) {
	// BERT-base, one layer at sequence length 128, from its dimensions:
	// four 128×768×768 projections, 12 heads of two 128×64×128 products,
	// two 128×768×3072 feed-forward products.
	const s, h, ff, heads = 128, 768, 3072, 12
	bert := int64(4*s*h*h + 2*heads*s*(h/heads)*s + 2*s*h*ff)
	// GPT-2 small, one layer: a fused 3h projection, the output
	// projection, the MLP, and 12 heads over 1024 positions.
	gpt2 := func(q, kv int64) int64 { return q*768*(3*768) + q*768*768 + 2*q*768*3072 + 2*12*q*64*kv }
	for _, tc := range []struct {
		set   string
		gemms int
		want  int64
	}{
		{"bert-base", 30, bert},
		{"bert-base-s16", 30, int64(4*32*48*48 + 2*12*32*4*32 + 2*32*48*192)},
		{"gpt2", 28, gpt2(1024, 1024)},
		{"gpt2-decode", 28, gpt2(1, 1024)},
		{"resnet50", 54, 4089184256},
		{"resnet50-v1", 54, 3857973248},
		{"resnet50-s16", 54, 1875712},
	} {
		gs := Workloads[tc.set]
		if len(gs) != tc.gemms || macs(gs) != tc.want {
			t.Errorf("%s: %d GEMMs, %d MACs; want %d and %d", tc.set, len(gs), macs(gs), tc.gemms, tc.want)
		}
	}
	if bert != 931135488 {
		t.Errorf("BERT-base layer: %d MACs", bert)
	}
	// ResNet-50 at 224×224: about 3.86e9 multiply-adds for v1 (He et al.
	// 2016, Table 1: 3.8e9 FLOPs) and 4.09e9 for torchvision's v1.5.
	for set, want := range map[string]float64{"resnet50-v1": 3.86e9, "resnet50": 4.09e9} {
		if got := float64(macs(Workloads[set])); math.Abs(got-want)/want > 0.005 {
			t.Errorf("%s: %.4g MACs, want about %.3g", set, got, want)
		}
	}
	// The unpadded variants change only M, as SCALE-Sim's topology files
	// do: conv1 ceil((224-7+2)/2) = 110 a side, a 3×3 on 56×56 54, a
	// strided 1×1 on 56×56 ceil(55/2)+1 = 29 (published: 28).
	for _, pair := range [][2]string{{"resnet50", "resnet50-nopad"}, {"resnet50-v1", "resnet50-v1-nopad"}} {
		a, b := Workloads[pair[0]], Workloads[pair[1]]
		for i := range a {
			if a[i].Name != b[i].Name || a[i].K != b[i].K || a[i].N != b[i].N {
				t.Errorf("%s %v against %s %v", pair[0], a[i], pair[1], b[i])
			}
		}
	}
	np := Workloads["resnet50-nopad"]
	if np[0] != (GEMM{"conv1", 110 * 110, 147, 64}) || np[2] != (GEMM{"layer1.0.conv2", 54 * 54, 576, 64}) ||
		np[14] != (GEMM{"layer2.0.downsample", 29 * 29, 256, 512}) {
		t.Errorf("resnet50-nopad: %v, %v, %v", np[0], np[2], np[14])
	}
}

func TestWorkloadLayers(t *testing.T) {
	gs, err := ParseWorkload("bert-base/scores, bert-base/qkv, bert-base/ffn1, gpt2-decode/scores.03")
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 12+3+1+1 || gs[0] != (GEMM{"bert-base/scores.00", 128, 64, 128}) || gs[12].Name != "bert-base/qkv.query" ||
		gs[16] != (GEMM{"gpt2-decode/scores.03", 1, 64, 1024}) {
		t.Errorf("got %v", gs)
	}
	for _, bad := range []string{"bert-base/nope", "bert-base/score", "resnet51"} {
		if _, err := ParseWorkload(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := resnet50(resnetOpts{input: 64, div: 16, classes: 10, noPad: true}); err == nil {
		t.Error("an unpadded 3×3 on a 2×2 input: no error")
	}
}

func TestReadTopology(t *testing.T) {
	gs, err := ReadTopology(filepath.Join("testdata", "topology", "gemm_mnk.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// SCALE-Sim's GEMM columns are M, N, K: Test 1 is 128×256×64 here.
	if len(gs) != 2 || gs[0] != (GEMM{"gemm_mnk/Test 1", 128, 256, 64}) || gs[1] != (GEMM{"gemm_mnk/FC6", 1, 2048, 1000}) {
		t.Errorf("gemm: %v", gs)
	}
	gs, err = ReadTopology(filepath.Join("testdata", "topology", "resnet50_part.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []GEMM{
		{"resnet50_part/Conv1", 110 * 110, 147, 64}, // ceil((224-7+2)/2) = 110, unpadded
		{"resnet50_part/CB2a_1", 56 * 56, 64, 64},
		{"resnet50_part/CB2a_2", 54 * 54, 576, 64},
		{"resnet50_part/IB5b_2", 25, 4608, 512},
		{"resnet50_part/DP_testChannel_0", 64, 9, 1}, // depthwise: one 1-channel GEMM per channel
		{"resnet50_part/DP_testChannel_1", 64, 9, 1},
	}
	if len(gs) != len(want) {
		t.Fatalf("conv: %v", gs)
	}
	for i := range want {
		if gs[i] != want[i] {
			t.Errorf("conv layer %d: %v, want %v", i, gs[i], want[i])
		}
	}
	// Names used again get their line; notes after the numbers are
	// ignored (SCALE-Sim drops a row's last field).
	gs, err = ParseTopology("t.csv", "", []byte("Layer, H, W, R, S, C, N, Stride,\nx,4,4,3,3,1,2,1,#dw\nx,4,4,1,1,2,2,2,\n"))
	if err != nil || len(gs) != 2 || gs[0] != (GEMM{"x", 4, 9, 2}) || gs[1] != (GEMM{"x@3", 9, 2, 2}) {
		t.Errorf("notes and repeated names: %v, %v", gs, err)
	}
	for _, tc := range []struct{ text, err string }{
		{"", "empty"},
		{"a,b\n", "header"},
		{"Layer, M, N, K,\nx, 1, 2,\n", "t.csv:2: layer x: 2 numbers, want 3"},
		{"Layer, M, N, K,\nx, 1, 0, 3,\n", "t.csv:2: layer x: field 3"},
		{"Layer, M, N, K,\n, 1, 2, 3,\n", "t.csv:2: a layer without a name"},
		{"L,H,W,R,S,C,N,St,\nc,3,3,5,5,1,1,1,\n", "t.csv:2: layer c: a 5x5 filter is larger than its 3x3 input"},
		{"Layer, M, N, K,\n", "no layers"},
		{"Layer, M, N, K,\nbig, 65536, 65536, 65536,\n", "t.csv:2: layer big (65536x65536x65536): 12884901888 matrix elements, over the gemm_elements limit"},
		{"Layer, M, N, K,\nx, 65537, 1, 1,\n", "t.csv:2: layer x: field 2 is \"65537\", want an integer from 1 to 65536 (limits.GEMMDim)"},
		{"L,H,W,R,S,C,N,St,\nc,65536,65536,1,1,1,1,1,\n", "t.csv:2: layer c (4294967296x1x1): 4294967296"},
	} {
		_, err := ParseTopology("t.csv", "", []byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%q: error %v, want one with %q", tc.text, err, tc.err)
		}
	}
}

// TestScaleSimTopologies reads SCALE-Sim's own topology files when a
// scale-sim-v2 checkout is named by SYSTOLE_SCALESIM_DIR: every file
// SCALE-Sim loads gives its layer count and MACs
// (testdata/scalesim/topology_macs.txt), its ResNet-50 is
// resnet50-v1-nopad layer for layer, and its GEMM test input is
// 128×256×64.
func TestScaleSimTopologies(t *testing.T) {
	dir := os.Getenv("SYSTOLE_SCALESIM_DIR")
	if dir == "" {
		t.Skip("SYSTOLE_SCALESIM_DIR (a scale-sim-v2 checkout) is not set")
	}
	// SCALE-Sim's files hold GEMMs far beyond what a sweep simulates: lift
	// the GEMM limits while reading them.
	dim, elems := limits.GEMMDim.Max, limits.GEMMElements.Max
	limits.GEMMDim.Max, limits.GEMMElements.Max = 1<<24, 1<<40
	t.Cleanup(func() { limits.GEMMDim.Max, limits.GEMMElements.Max = dim, elems })
	text, err := os.ReadFile(filepath.Join("..", "scalesim", "testdata", "topology_macs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		f := strings.Fields(line)
		if strings.HasPrefix(line, "#") || len(f) != 3 {
			continue
		}
		files++
		gs, err := ReadTopology(filepath.Join(dir, f[0]))
		if err != nil {
			t.Errorf("%s: %v", f[0], err)
			continue
		}
		if got := fmt.Sprintf("%d %d", len(gs), macs(gs)); got != f[1]+" "+f[2] {
			t.Errorf("%s: %s layers and MACs, SCALE-Sim %s %s", f[0], got, f[1], f[2])
		}
	}
	if files < 60 {
		t.Errorf("%d files in topology_macs.txt", files)
	}
	gs, err := ReadTopology(filepath.Join(dir, "topologies", "conv_nets", "Resnet50.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := Workloads["resnet50-v1-nopad"]
	if len(gs) != len(want) {
		t.Fatalf("%d layers, want %d", len(gs), len(want))
	}
	for i := range want {
		if gs[i].M != want[i].M || gs[i].K != want[i].K || gs[i].N != want[i].N {
			t.Errorf("layer %d: SCALE-Sim's %v, resnet50-v1-nopad's %v", i, gs[i], want[i])
		}
	}
	gs, err = ReadTopology(filepath.Join(dir, "topologies", "GEMM_mnk", "test_mnk_input.csv"))
	if err != nil || len(gs) != 1 || gs[0] != (GEMM{"test_mnk_input/Test 1", 128, 256, 64}) {
		t.Errorf("test_mnk_input.csv: %v, %v", gs, err)
	}
}
