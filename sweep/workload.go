package sweep

import (
	"fmt"
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

// BERT-base (Devlin et al., "BERT: Pre-training of Deep Bidirectional
// Transformers for Language Understanding", NAACL 2019, §3: L=12 layers,
// hidden size H=768, A=12 heads, feed-forward size 4H=3072) at sequence
// length 128. Each encoder layer runs these GEMMs (M = tokens):
// the Q, K and V projections and the attention output projection
// (128×768×768 each), per head the scores Q·Kᵀ (128×64×128) and the
// context P·V (128×128×64), and the two feed-forward layers (128×768×3072,
// 128×3072×768).
var bertBase = []GEMM{
	{"qkv", 128, 768, 768},
	{"scores", 128, 64, 128},
	{"context", 128, 128, 64},
	{"attn_out", 128, 768, 768},
	{"ffn1", 128, 768, 3072},
	{"ffn2", 128, 3072, 768},
}

// scaled returns set with the sequence length (M) divided by mdiv and
// every other dimension by div: the same layer structure at a size that
// simulates in milliseconds.
func scaled(set []GEMM, mdiv, div int) []GEMM {
	out := make([]GEMM, len(set))
	for i, g := range set {
		out[i] = GEMM{g.Name, g.M / mdiv, g.K / div, g.N / div}
	}
	// scores and context: K resp. N is the head size 64, M and N resp. K
	// the sequence length, which scales with mdiv.
	for i := range out {
		switch out[i].Name {
		case "scores":
			out[i].N = set[i].N / mdiv
		case "context":
			out[i].K = set[i].K / mdiv
		}
	}
	return out
}

// Workloads are the built-in GEMM sets, by name. A single layer is named
// set/layer, such as bert-base/ffn1.
var Workloads = map[string][]GEMM{
	// BERT-base, sequence length 128: full size (75M to 302M MACs a GEMM).
	"bert-base": bertBase,
	// BERT-base's layer shapes at sequence length 32 with every hidden
	// dimension divided by 16 (H=48, head size 4, FFN 192): for quick
	// sweeps on small arrays.
	"bert-base-s16": scaled(bertBase, 4, 16),
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
		for _, g := range Workloads[set] {
			if g.Name == layer {
				return []GEMM{{item, g.M, g.K, g.N}}, nil
			}
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
	return "bert-base, bert-base-s16"
}

// checkGEMM checks g against the GEMM limits before its operands are
// allocated.
func checkGEMM(g GEMM) error {
	subject := fmt.Sprintf("sweep: workload %s", g)
	for _, d := range []int{g.M, g.K, g.N} {
		if err := limits.GEMMDim.Check(subject, int64(d)); err != nil {
			return err
		}
	}
	m, k, n := int64(g.M), int64(g.K), int64(g.N)
	return limits.GEMMElements.Check(subject, limits.Add(limits.Add(limits.Mul(m, k), limits.Mul(k, n)), limits.Mul(m, n)))
}
