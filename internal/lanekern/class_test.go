package lanekern

// The tests run every class through these: a plane of any class as a
// []uint64 of its elements' values.

// trunc returns pl's values truncated to class cw.
func trunc(cw int, pl []uint64) []uint64 {
	out := make([]uint64, len(pl))
	for i, v := range pl {
		if cw < 64 {
			v &= 1<<cw - 1
		}
		out[i] = v
	}
	return out
}

func toClass[T word](pl []uint64) []T {
	out := make([]T, len(pl))
	for i, v := range pl {
		out[i] = T(v)
	}
	return out
}

func fromClass[T word](dst []uint64, pl []T) {
	for i, v := range pl {
		dst[i] = uint64(v)
	}
}

// inClass runs f on pl (and nx, which may be nil) converted to the
// plane of class cw, and writes them back.
func inClass(cw int, pl, nx []uint64, f8 func(pl, nx []uint8), f16 func(pl, nx []uint16), f32 func(pl, nx []uint32), f64 func(pl, nx []uint64)) {
	switch cw {
	case 8:
		p, n := toClass[uint8](pl), toClass[uint8](nx)
		f8(p, n)
		fromClass(pl, p)
		fromClass(nx, n)
	case 16:
		p, n := toClass[uint16](pl), toClass[uint16](nx)
		f16(p, n)
		fromClass(pl, p)
		fromClass(nx, n)
	case 32:
		p, n := toClass[uint32](pl), toClass[uint32](nx)
		f32(p, n)
		fromClass(pl, p)
		fromClass(nx, n)
	default:
		f64(pl, nx)
	}
}

// blockAt runs Block8, Block16, Block32 or Block64 on pl, a plane of
// class cw.
func blockAt(cw int, k Kind, pl []uint64, ops []Op, lanes int) {
	inClass(cw, pl, nil, func(p, _ []uint8) { Block8(k, p, ops, lanes) }, func(p, _ []uint16) { Block16(k, p, ops, lanes) },
		func(p, _ []uint32) { Block32(k, p, ops, lanes) },
		func(p, _ []uint64) { Block64(k, p, ops, lanes) })
}

// nextAt runs Next8, Next16, Next32 or Next64 on pl and nx of class cw.
func nextAt(cw int, c RegClass, pl, nx []uint64, regs []Reg, lanes int) {
	inClass(cw, pl, nx, func(p, n []uint8) { Next8(c, p, n, regs, lanes) }, func(p, n []uint16) { Next16(c, p, n, regs, lanes) },
		func(p, n []uint32) { Next32(c, p, n, regs, lanes) },
		func(p, n []uint64) { Next64(c, p, n, regs, lanes) })
}

// commitAt runs Commit8, Commit16, Commit32 or Commit64 on pl of class
// cw.
func commitAt(cw int, c RegClass, pl []uint64, regs []Reg, lanes int) {
	inClass(cw, pl, nil, func(p, _ []uint8) { Commit8(c, p, regs, lanes) }, func(p, _ []uint16) { Commit16(c, p, regs, lanes) },
		func(p, _ []uint32) { Commit32(c, p, regs, lanes) },
		func(p, _ []uint64) { Commit64(c, p, regs, lanes) })
}
