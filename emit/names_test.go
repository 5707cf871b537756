package emit

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNamespaceAssign(t *testing.T) {
	for _, tc := range []struct {
		name       string
		user, want []string
		gen        []string // the next generated names
	}{
		{name: "plain", user: []string{"a", "b", "acc_q"}, want: []string{"a", "b", "acc_q"}, gen: []string{"_T_0", "_T_1"}},
		{name: "verilog keyword", user: []string{"reg", "wire", "module"}, want: []string{"reg_", "wire_", "module_"}},
		{name: "systemverilog keyword", user: []string{"logic", "bit", "int"}, want: []string{"logic_", "bit_", "int_"}},
		{name: "c++ word", user: []string{"auto", "delete", "NULL"}, want: []string{"auto_", "delete_", "NULL_"}},
		{name: "escape collides", user: []string{"reg", "reg_", "reg_1"}, want: []string{"reg_2", "reg_", "reg_1"}},
		{name: "reserved names", user: []string{"_unused", "top"}, want: []string{"_unused_", "top_"}},
		{name: "user takes generated names", user: []string{"_T_0", "_T_2"}, want: []string{"_T_0", "_T_2"}, gen: []string{"_T_1", "_T_3"}},
		{name: "duplicate", user: []string{"x", "x"}, want: []string{"x", "x_"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns := newNamespace()
			ns.taken["_unused"], ns.taken["top"] = true, true
			require.Equal(t, tc.want, ns.assign(tc.user))
			for _, g := range tc.gen {
				require.Equal(t, g, ns.gen())
			}
		})
	}
}
