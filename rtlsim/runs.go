package rtlsim

import (
	"cmp"
	"slices"
)

// strideReg is a strided run of n one-word registers of one class: the
// i-th register's Q, D, enable and reset are at q+i*sq, d+i*sd, en+i*sen
// and rst+i*srst (strides in two's complement), and they share one reset
// value.
type strideReg struct {
	n, q, d, en, rst  uint32
	sq, sd, sen, srst uint32
	init              uint64
}

// sortWave orders each class of a wave's registers by reset net, reset
// value, D and Q, which puts the registers of repeated structure in
// strided runs. The registers of a wave read no Q of the wave (see
// compiler.regRanks), so the order in which they commit is free.
func sortWave(w *regWave) {
	regs := waveRegs(w)
	slices.SortStableFunc(regs, func(x, y regRec) int {
		return cmp.Or(cmp.Compare(slices.Index(regFields, x.field), slices.Index(regFields, y.field)),
			cmp.Compare(x.rst, y.rst), cmp.Compare(x.init, y.init), cmp.Compare(x.d, y.d), cmp.Compare(x.q, y.q))
	})
	*w = regWave{}
	for _, r := range regs {
		w.add(r)
	}
}

// runsOf returns a sorted wave as the interpreter commits it: its runs of
// at least evalMinRun registers of one class at constant strides (see
// regRun), and the rest.
func runsOf(w *regWave) waveRuns {
	var out waveRuns
	regs := waveRegs(w)
	runs := map[string][]strideReg{}
	for i := 0; i < len(regs); {
		j := i + 1
		for j < len(regs) && regs[j].field == regs[i].field {
			j++
		}
		cls := regs[i:j]
		for k := 0; k < len(cls); {
			n := regRun(cls[k:])
			if n < evalMinRun {
				out.rest.add(cls[k])
				k++
				continue
			}
			r0, r1 := &cls[k], &cls[k+1]
			runs[r0.field] = append(runs[r0.field], strideReg{n: uint32(n),
				q: r0.q, d: r0.d, en: uint32(r0.en), rst: uint32(r0.rst),
				sq: r1.q - r0.q, sd: r1.d - r0.d, sen: uint32(r1.en - r0.en), srst: uint32(r1.rst - r0.rst),
				init: r0.init})
			k += n
		}
		i = j
	}
	out.setRuns(runs)
	return out
}
