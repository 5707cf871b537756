package workload

import "fmt"

// This file holds the published networks as GEMM sets: every matrix
// product of one BERT-base encoder layer, of one GPT-2 small decoder layer
// (prefill and one decode step) and of ResNet-50's convolutions (im2col)
// and classifier, each at full size and scaled down for quick sweeps.
// docs/sweep.md lists the shapes and their MAC totals.

// bertLayer returns the GEMMs of one BERT encoder layer (Devlin et al.,
// "BERT: Pre-training of Deep Bidirectional Transformers for Language
// Understanding", NAACL 2019, §3; the layer as in google-research/bert's
// modeling.py, attention_layer and transformer_model) over seq tokens,
// hidden size h, heads heads and feed-forward size ff:
//
//   - qkv.query, qkv.key, qkv.value: the three projections, seq×h×h each
//     (modeling.py has three dense layers; their MACs equal one fused
//     seq×h×3h product);
//   - scores.NN: per head NN, Q·Kᵀ, seq×(h/heads)×seq;
//   - context.NN: per head, softmax(scores)·V, seq×seq×(h/heads);
//   - attn_out: the attention output projection, seq×h×h;
//   - ffn1, ffn2: the feed-forward layers, seq×h×ff and seq×ff×h.
func bertLayer(seq, h, heads, ff int) []GEMM {
	d := h / heads
	out := []GEMM{{"qkv.query", seq, h, h}, {"qkv.key", seq, h, h}, {"qkv.value", seq, h, h}}
	out = append(out, perHead(heads, seq, d)...)
	return append(out, GEMM{"attn_out", seq, h, h}, GEMM{"ffn1", seq, h, ff}, GEMM{"ffn2", seq, ff, h})
}

// perHead returns every head's scores (q×d×kv) and context (q×kv×d) for
// q query tokens attending to kv keys of head size d.
func perHead(heads, q, d int, kv ...int) []GEMM {
	keys := q
	if len(kv) > 0 {
		keys = kv[0]
	}
	var out []GEMM
	for i := range heads {
		out = append(out, GEMM{fmt.Sprintf("scores.%02d", i), q, d, keys})
	}
	for i := range heads {
		out = append(out, GEMM{fmt.Sprintf("context.%02d", i), q, keys, d})
	}
	return out
}

// gpt2Layer returns the GEMMs of one GPT-2 decoder layer (Radford et al.,
// "Language Models are Unsupervised Multitask Learners", 2019, Table 2;
// the layer as in openai/gpt-2's src/model.py, block, attn and mlp) for q
// new tokens attending to kv positions (q = kv: a prefill of the whole
// context; q = 1: one decode step with a cache of kv keys and values, the
// new token's own included), model width h, heads heads, feed-forward
// size ff:
//
//   - c_attn: the fused query, key and value projection, q×h×3h;
//   - scores.NN, context.NN: per head, q×(h/heads)×kv and q×kv×(h/heads)
//     (the causal mask is applied to the full scores, as model.py does);
//   - attn_proj: the attention's c_proj, q×h×h;
//   - mlp_fc, mlp_proj: the MLP's c_fc and c_proj, q×h×ff and q×ff×h.
func gpt2Layer(q, kv, h, heads, ff int) []GEMM {
	out := []GEMM{{"c_attn", q, h, 3 * h}}
	out = append(out, perHead(heads, q, h/heads, kv)...)
	return append(out, GEMM{"attn_proj", q, h, h}, GEMM{"mlp_fc", q, h, ff}, GEMM{"mlp_proj", q, ff, h})
}

// resnetOpts chooses a ResNet-50 variant.
type resnetOpts struct {
	input   int  // the image's height and width: 224 as published
	div     int  // every channel count but the image's 3 divided by div: 1 as published
	classes int  // the classifier's outputs: 1000
	v1      bool // the stride of a downsampling block on its first 1×1 (He et al.), not on its 3×3 (torchvision, "v1.5")
	noPad   bool // SCALE-Sim's convention: every convolution unpadded on its published input size, ceil((H-R+S)/S) outputs a side
}

// resnet50 returns every convolution of ResNet-50 as an im2col GEMM
// (M = output pixels, K = kernel height × width × input channels, N =
// output channels) and its fully connected classifier (1×2048×classes),
// for one image. The network is torchvision's resnet50 (He et al., "Deep
// Residual Learning for Image Recognition", CVPR 2016, Table 1; stages of
// 3, 4, 6 and 3 bottleneck blocks of widths 64, 128, 256 and 512 and
// expansion 4, the first block of stages 2-4 downsampling by 2, a 1×1
// projection on each stage's first block). Names follow torchvision's
// modules: conv1, layerS.B.conv1..conv3, layerS.B.downsample, fc.
func resnet50(o resnetOpts) ([]GEMM, error) {
	var out []GEMM
	var err error
	conv := func(name string, h, cin, cout, k, stride, pad int) int {
		published := (h+2*pad-k)/stride + 1
		m := published
		if o.noPad {
			// SCALE-Sim's topology_utils.py: ceil((H - R + S)/S), which
			// counts a last window that the stride leaves incomplete.
			m = ceilDiv(h-k+stride, stride)
		}
		if (m < 1 || o.noPad && h < k) && err == nil {
			err = fmt.Errorf("sweep: resnet50: %s: a %dx%d kernel does not fit its %dx%d input unpadded", name, k, k, h, h)
		}
		out = append(out, GEMM{name, m * m, k * k * cin, cout})
		return published
	}
	ch := func(c int) int { return max(c/o.div, 1) }
	h := conv("conv1", o.input, 3, ch(64), 7, 2, 3)
	h = (h+2-3)/2 + 1 // the 3×3 max pool, stride 2, padding 1
	cin := ch(64)
	for s, blocks := range []int{3, 4, 6, 3} {
		width := ch(64 << s)
		for b := range blocks {
			name := fmt.Sprintf("layer%d.%d.", s+1, b)
			stride := 1
			if b == 0 && s > 0 {
				stride = 2
			}
			s1, s3 := 1, stride // v1.5: the 3×3 strides
			if o.v1 {
				s1, s3 = stride, 1
			}
			h1 := conv(name+"conv1", h, cin, width, 1, s1, 0)
			h2 := conv(name+"conv2", h1, width, width, 3, s3, 1)
			conv(name+"conv3", h2, width, 4*width, 1, 1, 0)
			if b == 0 {
				conv(name+"downsample", h, cin, 4*width, 1, stride, 0)
			}
			h, cin = h2, 4*width
		}
	}
	out = append(out, GEMM{"fc", 1, cin, o.classes})
	return out, err
}

func mustResnet50(o resnetOpts) []GEMM {
	gs, err := resnet50(o)
	if err != nil {
		panic(err) // the built-in variants all fit: TestWorkloadMACs
	}
	return gs
}
