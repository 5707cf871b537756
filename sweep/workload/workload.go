package workload

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/limits"
)

// GEMM is one matrix product C = A×B of A M×K and B K×N.
type GEMM struct {
	Name    string `json:"workload"`
	M, K, N int
}

func (g GEMM) String() string { return fmt.Sprintf("%s(%dx%dx%d)", g.Name, g.M, g.K, g.N) }

// MACs is the number of multiply-accumulates of the product.
func (g GEMM) MACs() int64 { return int64(g.M) * int64(g.K) * int64(g.N) }

// Workloads are the built-in GEMM sets, by name (workloads_nets.go
// defines the networks; docs/sweep.md lists them with their MAC totals).
// A layer, or a group of layers such as a set's 12 heads' scores, is named
// set/layer: bert-base/ffn1, bert-base/scores, bert-base/scores.03.
var Workloads = map[string][]GEMM{
	// BERT-base (L=12, H=768, A=12, feed-forward 3072), one encoder layer
	// at sequence length 128: 30 GEMMs, 931,135,488 MACs.
	"bert-base": bertLayer(128, 768, 12, 3072),
	// The same layer at sequence length 32 with every hidden dimension
	// divided by 16 (H=48, 12 heads of size 4, feed-forward 192): for
	// quick sweeps on small arrays.
	"bert-base-s16": bertLayer(32, 48, 12, 192),
	// GPT-2 small (d=768, 12 heads, feed-forward 3072), one decoder layer
	// prefilling a 1024-token context: 28 GEMMs, 8,858,370,048 MACs.
	"gpt2": gpt2Layer(1024, 1024, 768, 12, 3072),
	// The same layer decoding one token with a 1024-token cache (the
	// token's own key and value included: position 1024 of GPT-2's
	// 1024-token context): 8,650,752 MACs.
	"gpt2-decode": gpt2Layer(1, 1024, 768, 12, 3072),
	// GPT-2's layer at sequence length 64, every hidden dimension divided
	// by 16 (d=48, 12 heads of size 4, feed-forward 192).
	"gpt2-s16":        gpt2Layer(64, 64, 48, 12, 192),
	"gpt2-decode-s16": gpt2Layer(1, 64, 48, 12, 192),
	// ResNet-50 at 224×224, one image: 53 convolutions as im2col GEMMs and
	// the classifier. resnet50 is torchvision's (v1.5, the stride on the
	// 3×3): 4,089,184,256 MACs; resnet50-v1 has the stride on the first
	// 1×1, as He et al. (2016) published it: 3,857,973,248 MACs. The
	// -nopad variants take SCALE-Sim's convention (each convolution
	// unpadded on its published input size).
	"resnet50":          mustResnet50(resnetOpts{input: 224, div: 1, classes: 1000}),
	"resnet50-v1":       mustResnet50(resnetOpts{input: 224, div: 1, classes: 1000, v1: true}),
	"resnet50-nopad":    mustResnet50(resnetOpts{input: 224, div: 1, classes: 1000, noPad: true}),
	"resnet50-v1-nopad": mustResnet50(resnetOpts{input: 224, div: 1, classes: 1000, v1: true, noPad: true}),
	// ResNet-50 (v1.5) on a 64×64 image with every channel count divided
	// by 16 and 62 classes (1000/16): the same 54 GEMMs, small.
	"resnet50-s16": mustResnet50(resnetOpts{input: 64, div: 16, classes: 1000 / 16}),
}

// ParseWorkload resolves a comma-separated list of workload items: a
// built-in set (bert-base), one of its layers (bert-base/ffn1), a shape
// MxKxN, or a named shape name=MxKxN.
func ParseWorkload(s string) ([]GEMM, error) {
	var out []GEMM
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		gs, err := workloadItem(item)
		if err != nil {
			return nil, err
		}
		out = append(out, gs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("sweep: empty workload")
	}
	return out, nil
}

func workloadItem(item string) ([]GEMM, error) {
	if set, ok := Workloads[item]; ok {
		out := make([]GEMM, len(set))
		for i, g := range set {
			out[i] = GEMM{item + "/" + g.Name, g.M, g.K, g.N}
		}
		return out, nil
	}
	if set, layer, ok := strings.Cut(item, "/"); ok {
		if gs, ok := Workloads[set]; ok {
			var out []GEMM
			for _, g := range gs {
				if g.Name == layer || strings.HasPrefix(g.Name, layer+".") {
					out = append(out, GEMM{set + "/" + g.Name, g.M, g.K, g.N})
				}
			}
			if len(out) == 0 {
				return nil, fmt.Errorf("sweep: workload %q: %s has no layer %q", item, set, layer)
			}
			return out, nil
		}
	}
	name, shape, named := strings.Cut(item, "=")
	if !named {
		shape = item
	}
	dims := strings.Split(strings.ToLower(shape), "x")
	if len(dims) != 3 {
		return nil, fmt.Errorf("sweep: workload %q: want a built-in set (%s), set/layer, MxKxN or name=MxKxN", item, setNames())
	}
	var mkn [3]int
	for i, d := range dims {
		v, err := strconv.Atoi(strings.TrimSpace(d))
		if err == nil && v > 0 {
			if err := limits.GEMMDim.Check(fmt.Sprintf("sweep: workload %q", item), int64(v)); err != nil {
				return nil, err
			}
		}
		if err != nil || v < 1 {
			return nil, fmt.Errorf("sweep: workload %q: dimension %q is not a positive integer", item, d)
		}
		mkn[i] = v
	}
	if !named {
		name = fmt.Sprintf("%dx%dx%d", mkn[0], mkn[1], mkn[2])
	}
	if err := checkGEMM(GEMM{name, mkn[0], mkn[1], mkn[2]}); err != nil {
		return nil, err
	}
	return []GEMM{{name, mkn[0], mkn[1], mkn[2]}}, nil
}

func setNames() string {
	names := make([]string, 0, len(Workloads))
	for n := range Workloads {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// checkGEMM checks g against the GEMM limits before its operands are
// allocated.
func checkGEMM(g GEMM) error { return checkGEMMAs(fmt.Sprintf("sweep: workload %s", g), g) }

// checkGEMMAs is checkGEMM naming g as subject in its errors.
func checkGEMMAs(subject string, g GEMM) error {
	for _, d := range []int{g.M, g.K, g.N} {
		if err := limits.GEMMDim.Check(subject, int64(d)); err != nil {
			return err
		}
	}
	m, k, n := int64(g.M), int64(g.K), int64(g.N)
	return limits.GEMMElements.Check(subject, limits.Add(limits.Add(limits.Mul(m, k), limits.Mul(k, n)), limits.Mul(m, n)))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
