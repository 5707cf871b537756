package dsl

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"Valid": "valid", "DataIn": "data_in", "ID": "id", "AXIData": "axi_data", "a": "a", "X2Y": "x2y",
	} {
		if got := snake(in); got != want {
			t.Errorf("snake(%q) = %q, want %q", in, got, want)
		}
	}
}

type params struct {
	Width  int
	Signed bool
	Kind   string
	Scale  uint
	Neg    int
	skip   int
}

func (params) Build(*Module) {}

func TestGenName(t *testing.T) {
	if got := genName(params{Width: 8, Signed: true, Kind: "a-b", Scale: 3, Neg: -2, skip: 9}); got != "params_8_1_ab_3_m2" {
		t.Errorf("genName = %q", got)
	}
	if got := genName(Func("adder16", nil)); got != "adder16" {
		t.Errorf("genName(Func) = %q", got)
	}
	if c := (&circuit{}); c.genKey(params{Width: 8}) == c.genKey(params{Width: 9}) {
		t.Error("distinct parameters share a key")
	}
}
