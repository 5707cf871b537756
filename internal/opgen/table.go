package opgen

// A Kind is one instruction kind of rtlsim's program.
//
// The kernel of a one-word kind is a Go expression of type uint64 over
// these placeholders, which each generator replaces by its own operands:
//
//	$a $b $c  the words the instruction reads (op.a, op.b, op.c)
//	$d        the word it writes, as it was (only a kind that ORs into it)
//	$sh $sh2  op.sh and op.sh2 (uint8): a shift, a low bit, or 64 minus a
//	          width to sign-extend with; always below 64
//	$m        op.mask (uint64): the mask of the output's valid bits, or of
//	          the input's for RedAnd
//
// A multi-word kind (Wide) has no kernel: rtlsim's evalWide runs it.
type Kind struct {
	Name   string // the constant, without its k64 or kW prefix
	Wide   bool
	Doc    string
	Kernel string
	Bit    string // an operand of one bit (0 or 1), if any: Mux's select
	// Lanes8, if set, is Kernel for eight words of one byte each in a
	// uint64 ($h 0x8080808080808080, $l 0x0101010101010101, $m the mask
	// repeated in every byte), for a kernel that is not bitwise (see
	// rtlsim's TestRowsBytes)
	Lanes8 string
}

// Const returns the Go constant of k.
func (k Kind) Const() string {
	if k.Wide {
		return "kW" + k.Name
	}
	return "k64" + k.Name
}

// Kinds is rtlsim's instruction set, one-word kinds first (rtlsim relies
// on every multi-word kind coming after every one-word one).
var Kinds = []Kind{
	// There is no one-word copy: the compiler makes a copy within a word
	// count (buf, zext) an alias of its input instead.
	{Name: "Sext", Doc: "dst = a sign-extended from 64-sh bits", Kernel: "uint64(int64($a<<$sh)>>$sh) & $m"},
	{Name: "Not", Doc: "dst = ^a", Kernel: "^$a & $m"},
	{Name: "Neg", Doc: "dst = -a", Kernel: "-$a & $m"},
	{Name: "And", Doc: "dst = a & b", Kernel: "$a & $b"},
	{Name: "Or", Doc: "dst = a | b", Kernel: "$a | $b"},
	{Name: "Xor", Doc: "dst = a ^ b", Kernel: "$a ^ $b"},
	{Name: "Add", Doc: "dst = a + b", Kernel: "($a + $b) & $m",
		Lanes8: "(($a&^$h + $b&^$h) ^ ($a^$b)&$h) & $m"},
	{Name: "Sub", Doc: "dst = a - b", Kernel: "($a - $b) & $m",
		Lanes8: "(($a|$h - $b&^$h) ^ ($a^^$b)&$h) & $m"},
	{Name: "Shl", Doc: "dst = a << b, b of at most 64 bits (Go shifts by 64 or more give 0)", Kernel: "($a << $b) & $m"},
	{Name: "Shr", Doc: "dst = a >> b", Kernel: "$a >> $b"},
	{Name: "Sshr", Doc: "dst = a >> b arithmetic, sh = 64 minus the width", Kernel: "uint64(int64($a<<$sh)>>$sh>>min($b, 63)) & $m"},
	{Name: "Eq", Doc: "dst = a == b, inputs of at most 64 bits", Kernel: "b2u($a == $b)"},
	{Name: "Ne", Doc: "dst = a != b", Kernel: "b2u($a != $b)"},
	{Name: "Lt", Doc: "dst = a < b, unsigned", Kernel: "b2u($a < $b)"},
	{Name: "Le", Doc: "dst = a <= b, unsigned", Kernel: "b2u($a <= $b)"},
	// shifting both left by 64 minus their width keeps their signed order
	{Name: "LtS", Doc: "dst = a < b, signed", Kernel: "b2u(int64($a<<$sh) < int64($b<<$sh))"},
	{Name: "LeS", Doc: "dst = a <= b, signed", Kernel: "b2u(int64($a<<$sh) <= int64($b<<$sh))"},
	// branch-free: the select is one bit, 0 or 1
	{Name: "Mux", Doc: "dst = a ? b : c", Kernel: "$c ^ ($c^$b)&-$a", Bit: "a"},
	{Name: "Slice", Doc: "dst = a[sh +: w], a of at most 64 bits", Kernel: "($a >> $sh) & $m"},
	{Name: "RedAnd", Doc: "dst = &a; mask holds a's mask", Kernel: "b2u($a == $m)"},
	{Name: "RedOr", Doc: "dst = |a", Kernel: "b2u($a != 0)"},
	{Name: "RedXor", Doc: "dst = ^a", Kernel: "parity($a)"},
	{Name: "DepSet", Doc: "dst = a << sh: the first part of a concat", Kernel: "$a << $sh"},
	{Name: "DepOr", Doc: "dst |= a << sh: a further part", Kernel: "$d | $a<<$sh"},
	{Name: "MulS", Doc: "dst = sx(a, sh) * sx(b, sh2), sx(x, s) = int64(x<<s)>>s", Kernel: "uint64((int64($a<<$sh)>>$sh)*(int64($b<<$sh2)>>$sh2)) & $m"},
	{Name: "Mac", Doc: "dst = c + sx(a, sh) * sx(b, sh2)", Kernel: "($c + uint64((int64($a<<$sh)>>$sh)*(int64($b<<$sh2)>>$sh2))) & $m"},
	{Name: "AndNot", Doc: "dst = a & ^b", Kernel: "$a &^ $b"},
	{Name: "AndEq", Doc: "dst = a & (b == c), b and c of at most 64 bits", Kernel: "$a & b2u($b == $c)",
		// a byte of b^c is 0 when its low seven bits plus 0x7f do not
		// carry into its high bit and its high bit is 0
		Lanes8: "$a &^ (((($b^$c)&^$h + ($h - $l)) | ($b^$c)) >> 7) & $l"},

	{Name: "Copy", Wide: true, Doc: "dst = zero-extended a"},
	{Name: "Sext", Wide: true, Doc: "dst = sign-extended a"},
	{Name: "Not", Wide: true},
	{Name: "Neg", Wide: true},
	{Name: "And", Wide: true},
	{Name: "Or", Wide: true},
	{Name: "Xor", Wide: true},
	{Name: "Add", Wide: true},
	{Name: "Sub", Wide: true},
	{Name: "Mul", Wide: true},
	{Name: "Shl", Wide: true, Doc: "any widths of a and of the amount b"},
	{Name: "Shr", Wide: true},
	{Name: "Sshr", Wide: true},
	{Name: "Eq", Wide: true, Doc: "inputs of more than 64 bits"},
	{Name: "Ne", Wide: true},
	{Name: "Lt", Wide: true},
	{Name: "Le", Wide: true},
	{Name: "LtS", Wide: true},
	{Name: "LeS", Wide: true},
	{Name: "Mux", Wide: true},
	{Name: "Slice", Wide: true, Doc: "any widths"},
	{Name: "RedAnd", Wide: true, Doc: "inputs of more than 64 bits"},
	{Name: "RedOr", Wide: true},
	{Name: "RedXor", Wide: true},
	{Name: "Zero", Wide: true, Doc: "dst = 0: the first part of a wide concat"},
	{Name: "Dep", Wide: true, Doc: "dst |= a << lo"},
}

// A RegClass is one class of the one-word registers the clock edge
// commits, with its fields in rtlsim's struct and its next value: a Go
// expression over $q, $d, $en, $rst (state words) and $init (the reset
// value, a constant), after Let, when set, has been bound to $v.
type RegClass struct {
	Field  string // the regWave field
	Vars   []string
	Let    string
	Kernel string
}

// RegClasses are the register classes, in the order a wave commits them.
// Every one is branch-free: en and rst are one bit, 0 or 1, and the
// enables of a design's registers rarely form a pattern a branch
// predictor learns.
var RegClasses = []RegClass{
	{Field: "plain", Vars: []string{"d"}, Kernel: "$d"},
	{Field: "en", Vars: []string{"q", "d", "en"}, Kernel: "$q ^ ($q^$d)&-$en"},
	{Field: "rst", Vars: []string{"d", "rst"}, Kernel: "$d ^ ($d^$init)&-$rst"},
	{Field: "both", Vars: []string{"q", "d", "en", "rst"}, Let: "$q ^ ($q^$d)&-$en", Kernel: "$v ^ ($v^$init)&-$rst"},
}

// The sequential elements that are not one-word registers commit word by
// word with the kernels of RegClasses, so the clock edge has one
// definition too:
//
//   - a register of more than 64 bits, every word with WideRegClass ($en 1
//     when it has no enable, $rst 0 when it has no reset, $init the reset
//     value's word);
//   - a memory read port's data, every word with PortClass: $q the data
//     as it is, $d the addressed memory word (0 at or beyond the depth),
//     $en the port's enable (1 for a port without one);
//   - a memory write port, every word of the addressed entry with
//     PortClass: $q the memory word, $d the data, $en the port's enable
//     (an address at or beyond the depth writes nothing).
const (
	WideRegClass = "both"
	PortClass    = "en"
)

// classOf returns the RegClass whose Field is field.
func classOf(field string) RegClass {
	for _, rc := range RegClasses {
		if rc.Field == field {
			return rc
		}
	}
	panic("opgen: no register class " + field)
}
