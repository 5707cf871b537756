package systolic_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
)

// The manifest lists every memory of the core with what a chip flow needs
// to swap in an SRAM macro: module, depth, width, ports, guard macro,
// interface and instances.
func TestManifestMemories(t *testing.T) {
	iface := func(aw, w int) []systolic.Port {
		return []systolic.Port{{Name: "clk", Dir: "input", Width: 1}, {Name: "wr_en", Dir: "input", Width: 1},
			{Name: "wr_addr", Dir: "input", Width: aw}, {Name: "wr_data", Dir: "input", Width: w},
			{Name: "rd_en", Dir: "input", Width: 1}, {Name: "rd_addr", Dir: "input", Width: aw},
			{Name: "rd_data", Dir: "output", Width: w}}
	}
	for _, c := range []struct {
		c    systolic.Config
		want systolic.Memory
	}{
		{systolic.Default(), systolic.Memory{Module: "systolic_ws_16x16_i8_a32_mem_35x513_1r1w", Depth: 35, Width: 513,
			Ports: "1r1w", Bits: 35 * 513, ExternMacro: "SYSTOLIC_WS_16X16_I8_A32_MEM_35X513_1R1W_EXTERN",
			Interface: iface(6, 513), Instances: []string{"fifo.mem"}}},
		{systolic.Config{Rows: 4, Cols: 3, InWidth: 8, Signed: true, AccWidth: 9, Dataflow: systolic.OS, Top: "o"},
			systolic.Memory{Module: "o_mem_14x27_1r1w", Depth: 14, Width: 27, Ports: "1r1w", Bits: 14 * 27,
				ExternMacro: "O_MEM_14X27_1R1W_EXTERN", Interface: iface(4, 27), Instances: []string{"out_fifo.mem"}}},
	} {
		m := manifest(t, c.c)
		require.Equal(t, []systolic.Memory{c.want}, m.Memories)
		require.Contains(t, m.Modules, c.want.Module)
	}

	// With an accumulator: its memory, acc_rows rows of cols fp32 or
	// acc_width sums, then the output buffer.
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS, AccRows: 8}
	m := manifest(t, c)
	require.Len(t, m.Memories, 2)
	require.Equal(t, systolic.Memory{Module: "systolic_ws_2x2_i8_a32_acc8_mem_8x64_1r1w", Depth: 8, Width: 64, Ports: "1r1w",
		Bits: 512, ExternMacro: "SYSTOLIC_WS_2X2_I8_A32_ACC8_MEM_8X64_1R1W_EXTERN", Interface: iface(3, 64),
		Instances: []string{"acc.mem"}}, m.Memories[0])
	require.Equal(t, "systolic_ws_2x2_i8_a32_acc8_mem_7x65_1r1w", m.Memories[1].Module)
	require.Equal(t, []string{"fifo.mem"}, m.Memories[1].Instances)
}

func manifest(t *testing.T, c systolic.Config) systolic.Manifest {
	t.Helper()
	g, err := systolic.New(c)
	require.NoError(t, err)
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	return c.Manifest(d)
}
