package emit

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
)

// zero is the w-bit zero literal, w'h0.
func zero(w int) string { return fmt.Sprintf("%d'h0", w) }

// sizedUint is v as a w-bit literal; v must fit in w bits.
func sizedUint(w int, v uint64) string { return bits.FromUint64(w, v).String() }
