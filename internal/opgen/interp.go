package opgen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The interpreter (rtlsim.Sim) stores its state by width class: the words
// of nets of at most 8, 16 and 32 bits in arrays of uint8, uint16 and
// uint32, every other word in an array of uint64. Its kernels are generic
// over the element types of the arrays they read and write; Go compiles
// one copy of each for every combination of element types (each is a GC
// shape of its own), so every load zero-extends and every store truncates
// in the instruction itself, and the kernel's expression is computed at 64
// bits as the table writes it.

// interpClasses are the interpreter's width classes, in the order of
// rtlsim's goClass: the field of rtlsim's nstate that holds the class's
// words, and a short name for comments.
var interpClasses = []struct{ field, typ string }{
	{"w", "uint64"},
	{"b", "uint8"},
	{"h", "uint16"},
	{"s", "uint32"},
}

// interpGroups are, for every one-word kind, its words (d the
// destination, a, b, c the operands it reads) by type parameter: the
// words before the bar share the destination's class D, the words after
// it share a class A of their own. rtlsim widens a word's class until
// every instruction's groups hold words of one class (see rtlsim's
// narrowLayout), so a kind compiles to at most 16 copies, not one for
// every class of every word. The groups keep apart what differs in
// width in a design: a comparison's one-bit result and its operands, a
// select and its data, a multiply-add's narrow factors and its sum.
var interpGroups = map[string]string{
	"Sext": "d|a", "Not": "da", "Neg": "da",
	"And": "dab", "Or": "dab", "Xor": "dab", "Add": "dab", "Sub": "dab", "AndNot": "dab",
	"Shl": "da|b", "Shr": "da|b", "Sshr": "da|b",
	"Eq": "d|ab", "Ne": "d|ab", "Lt": "d|ab", "Le": "d|ab", "LtS": "d|ab", "LeS": "d|ab",
	"Mux": "dbc|a", "Slice": "d|a", "RedAnd": "d|a", "RedOr": "d|a", "RedXor": "d|a",
	"DepSet": "d|a", "DepOr": "d|a", "MulS": "d|ab", "Mac": "dc|ab", "AndEq": "da|bc",
}

// interpFields are the words of an instruction, in the order of their
// two-bit fields in a block's class signature.
var interpFields = []string{"d", "a", "b", "c"}

// groupsOf returns the words of kind k of each type parameter: D's, then
// A's (none for a kind of one class).
func groupsOf(k Kind) (dg, ag []string) {
	g, ok := interpGroups[k.Name]
	if !ok {
		panic("opgen: no interpreter groups for kind " + k.Name)
	}
	d, a, _ := strings.Cut(g, "|")
	want := []string{"d"}
	for _, u := range uses(k.Kernel) {
		if slices.Contains(interpFields, u) && u != "d" {
			want = append(want, u)
		}
	}
	dg = strings.Split(d, "")
	if a != "" {
		ag = strings.Split(a, "")
	}
	got := append(slices.Clone(dg), ag...)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		panic(fmt.Sprintf("opgen: kind %s: interpreter groups %q, want the words %v", k.Name, g, want))
	}
	return dg, ag
}

// sigOf returns the class signature of a block of kind k whose D words
// are of class dc and A words of class ac: two bits a word, in the order
// of interpFields, 0 for a word the kind does not use.
func sigOf(dg, ag []string, dc, ac int) int {
	sig := 0
	for _, f := range dg {
		sig |= dc << (2 * slices.Index(interpFields, f))
	}
	for _, f := range ag {
		sig |= ac << (2 * slices.Index(interpFields, f))
	}
	return sig
}

func execFile() string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("import \"fmt\"\n\n")
	b.WriteString("// k64Groups are, by one-word kind, the type parameter of each word (d, a,\n// b, c): 0 for the destination's class D, 1 for the operands' class A,\n// -1 for a word the kind does not use. Words of one type parameter are\n// of one class (see narrowLayout).\nvar k64Groups = [...][4]int8{\n")
	for _, k := range Kinds {
		if k.Wide {
			continue
		}
		dg, ag := groupsOf(k)
		var g [4]int
		for i, f := range interpFields {
			switch {
			case slices.Contains(dg, f):
				g[i] = 0
			case slices.Contains(ag, f):
				g[i] = 1
			default:
				g[i] = -1
			}
		}
		fmt.Fprintf(&b, "\t%s: {%d, %d, %d, %d},\n", k.Const(), g[0], g[1], g[2], g[3])
	}
	b.WriteString("}\n\n")
	b.WriteString(`// eval runs a program (s.xprog, s.xin or s.xlazy) once, in levelized
// order, one block at a time: the switch, a jump table, runs once per
// block and calls the loop of its kind for the classes of its words
// (bl.fn, see blockFn) over the block's instructions, or for a strided
// block over its operands' offsets. (A function of their own gives the
// loops the registers they need.)
func (s *Sim) eval(prog []op, blocks []block) {
	ns := &s.ns
	for bi := range blocks {
		bl := &blocks[bi]
		ops := prog[:bl.n:bl.n]
		prog = prog[bl.n:]
		switch bl.fn {
`)
	var fns, rows, fnOf strings.Builder
	nfn := 0
	for _, k := range Kinds {
		if k.Wide {
			continue
		}
		dg, ag := groupsOf(k)
		arr := map[string]string{}
		for _, f := range dg {
			arr[f] = "dv"
		}
		for _, f := range ag {
			arr[f] = "av"
		}
		fmt.Fprintf(&fnOf, "\tcase %s:\n\t\tswitch sig {\n", k.Const())
		nac := 1
		if len(ag) > 0 {
			nac = len(interpClasses)
		}
		for dc := range interpClasses {
			for ac := range nac {
				args := "ns." + interpClasses[dc].field
				if len(ag) > 0 {
					args += ", ns." + interpClasses[ac].field
				}
				fmt.Fprintf(&fnOf, "\t\tcase %#02x:\n\t\t\treturn %d + form, true\n", sigOf(dg, ag, dc, ac), nfn)
				fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\trun%s(%s, &ops[0], bl)\n\t\tcase %d:\n\t\t\tops%s(%s, ops)\n", nfn, k.Name, args, nfn+1, k.Name, args)
				nfn += 2
			}
		}
		fnOf.WriteString("\t\t}\n")

		tparams, params := "[D uword]", "dv []D"
		if len(ag) > 0 {
			tparams, params = "[D, A uword]", "dv []D, av []A"
		}
		load := func(x string) string { return "uint64(" + x + ")" }
		// The offsets and strides are ints (a stride is a uint32 in
		// two's complement), so no index needs extending.
		decl := []string{}
		row, step := []string{"d := int(o.dst) + r*int(int32(bl.rd))"}, []string{"d += sd"}
		strides := []string{"sd := int(int32(bl.sd))"}
		runVars := map[string]string{"d": load("dv[d]"), "sh": "sh", "sh2": "sh2", "m": "m"}
		vars := map[string]string{"d": load("dv[o.dst]"), "sh": "(o.sh & 63)", "sh2": "(o.sh2 & 63)", "m": "o.mask"}
		unitVars := map[string]string{"d": "uint64(d[i])", "sh": "sh", "sh2": "sh2", "m": "m"}
		unit, sls := []string{"sd == 1"}, []string{"d := dv[int(o.dst)+r*int(int32(bl.rd)):][:n]"}
		for _, u := range uses(k.Kernel) {
			switch u {
			case "a", "b", "c":
				row = append(row, fmt.Sprintf("%s := int(o.%s) + r*int(int32(bl.r%s))", u, u, u))
				strides = append(strides, fmt.Sprintf("s%s := int(int32(bl.s%s))", u, u))
				step = append(step, fmt.Sprintf("%s += s%s", u, u))
				runVars[u] = load(fmt.Sprintf("%s[%s]", arr[u], u))
				vars[u] = load(fmt.Sprintf("%s[o.%s]", arr[u], u))
				unitVars[u] = fmt.Sprintf("uint64(%s[i])", u)
				unit = append(unit, fmt.Sprintf("s%s == 1", u))
				sls = append(sls, fmt.Sprintf("%s := %s[int(o.%s)+r*int(int32(bl.r%s)):][:n]", u, arr[u], u, u))
			case "sh", "sh2":
				decl = append(decl, fmt.Sprintf("%s := o.%s & 63", u, u))
			case "m":
				decl = append(decl, "m := o.mask")
			}
		}
		ind := func(n int) string { return "\n" + strings.Repeat("\t", n) }
		words := func(g []string) string { return strings.Join(g, ", ") }
		fmt.Fprintf(&fns, "// run%s runs a strided block of %s from its first instruction o; dv\n// holds its words %s", k.Name, k.Const(), words(dg))
		if len(ag) > 0 {
			fmt.Fprintf(&fns, ", av its words %s", words(ag))
		}
		fmt.Fprintf(&fns, ".\nfunc run%s%s(%s, o *op, bl *block) {\n", k.Name, tparams, params)
		for _, d := range append(decl, strides...) {
			fmt.Fprintf(&fns, "\t%s\n", d)
		}
		// Unit strides (the consecutive words of a structure of arrays):
		// each operand of a row is a slice, and the loop over them has
		// no bounds to check.
		// The loop over a row is a function of its own, over the row's
		// slices alone: few values live across it, so it keeps them in
		// registers.
		rowArgs, rowParams, rowFit := []string{"d"}, []string{"d []D"}, []string{}
		for _, u := range uses(k.Kernel) {
			switch u {
			case "a", "b", "c":
				rowArgs = append(rowArgs, u)
				typ := "A"
				if arr[u] == "dv" {
					typ = "D"
				}
				rowParams = append(rowParams, u+" []"+typ)
				rowFit = append(rowFit, u)
			}
		}
		for _, u := range uses(k.Kernel) {
			switch u {
			case "sh", "sh2":
				rowArgs = append(rowArgs, u)
				rowParams = append(rowParams, u+" uint8")
			case "m":
				rowArgs = append(rowArgs, u)
				rowParams = append(rowParams, "m uint64")
			}
		}
		fmt.Fprintf(&fns, "\tif %s {%sn := int(bl.cols)%sfor r := range int(bl.rows) {%s%s", strings.Join(unit, " && "), ind(2), ind(2), ind(3), strings.Join(sls, ind(3)))
		fmt.Fprintf(&fns, "%srow%s(%s)%s}%sreturn%s}\n", ind(3), k.Name, strings.Join(rowArgs, ", "), ind(2), ind(2), ind(1))
		fmt.Fprintf(&rows, "// row%s runs one row of a strided block of %s whose words all advance\n// by one.\n//\n//go:noinline\nfunc row%s%s(%s) {\n", k.Name, k.Const(), k.Name, tparams, strings.Join(rowParams, ", "))
		for _, u := range uses(k.Kernel) {
			if u == "sh" || u == "sh2" {
				// below 64: the shifts need no fix-up for larger counts
				fmt.Fprintf(&rows, "\t%s &= 63\n", u)
			}
		}
		if len(rowFit) > 0 {
			fmt.Fprintf(&rows, "\t%s = ", strings.Join(rowFit, ", "))
			for i, u := range rowFit {
				if i > 0 {
					rows.WriteString(", ")
				}
				rows.WriteString(u + "[:len(d)]")
			}
			rows.WriteString("\n")
		}
		if kern, conds := classSext(k.Kernel, arr); len(conds) > 0 {
			// operands as wide as their class: their sign extensions
			// are the loads' own (MOVBQSX and the like)
			fmt.Fprintf(&rows, "\tif %s {\n\t\tfor i := range d {\n\t\t\td[i] = D(%s)\n\t\t}\n\t\treturn\n\t}\n", strings.Join(conds, " && "), subst(kern, unitVars))
		}
		if u := uses(k.Kernel); slices.Contains(u, "sh") && slices.Contains(u, "sh2") {
			// one shift count for both operands (operands of one
			// width, as a PE's usually are) keeps one register for it
			same := map[string]string{}
			for k, v := range unitVars {
				same[k] = v
			}
			same["sh2"] = "sh"
			fmt.Fprintf(&rows, "\tif sh == sh2 {\n\t\tfor i := range d {\n\t\t\td[i] = D(%s)\n\t\t}\n\t\treturn\n\t}\n", subst(k.Kernel, same))
		}
		fmt.Fprintf(&rows, "\tfor i := range d {\n\t\td[i] = D(%s)\n\t}\n}\n\n", subst(k.Kernel, unitVars))
		fmt.Fprintf(&fns, "\tfor r := range int(bl.rows) {%s%s", ind(2), strings.Join(row, ind(2)))
		fmt.Fprintf(&fns, "%sfor range bl.cols {%sdv[d] = D(%s)%s%s%s}\n\t}\n}\n\n", ind(2), ind(3), subst(k.Kernel, runVars), ind(3), strings.Join(step, ind(3)), ind(2))
		fmt.Fprintf(&fns, "// ops%s runs a plain block of %s.\nfunc ops%s%s(%s, ops []op) {\n", k.Name, k.Const(), k.Name, tparams, params)
		fmt.Fprintf(&fns, "\tfor i := range ops {\n\t\to := &ops[i]\n\t\tdv[o.dst] = D(%s)\n\t}\n}\n\n", subst(k.Kernel, vars))
	}
	fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\tfor i := range ops {\n\t\t\t\tevalWide(ns.w, &s.wide[ops[i].c])\n\t\t\t}\n", nfn)
	b.WriteString("\t\tdefault:\n\t\t\tpanic(fmt.Sprintf(\"rtlsim: Sim.eval: no kernel for %v (class signature %#02x, function %d)\", bl.kind, bl.sig, bl.fn))\n\t\t}\n\t}\n}\n\n")
	b.WriteString("// blockFn returns the number of the loop eval runs for a block of kind\n// k and class signature sig, strided (run) or plain, and whether there\n// is one.\nfunc blockFn(k kind, sig uint8, run bool) (uint16, bool) {\n\tform := uint16(1)\n\tif run {\n\t\tform = 0\n\t}\n\tswitch k {\n")
	b.WriteString(fnOf.String())
	fmt.Fprintf(&b, "\tcase %s:\n\t\treturn %d, sig == 0\n\t}\n\treturn 0, false\n}\n\n", wideCases(), nfn)
	b.WriteString(fns.String())
	b.WriteString(rows.String())

	b.WriteString("// commitWave writes the next values of one wave of one-word registers\n// whose Qs and Ds are words of qv, and enables and resets words of ev,\n// into out (qv itself when committing in place).\nfunc commitWave[Q, E uword](qv, out []Q, ev []E, w *regWave) {\n")
	for _, rc := range RegClasses {
		rv := map[string]string{"v": "v", "init": "r.init", "q": "uint64(qv[r.q])", "d": "uint64(qv[r.d])", "en": "uint64(ev[r.en])", "rst": "uint64(ev[r.rst])"}
		fmt.Fprintf(&b, "\tfor i := range w.%s {\n\t\tr := &w.%s[i]\n", rc.Field, rc.Field)
		if rc.Let != "" {
			fmt.Fprintf(&b, "\t\tv := %s\n", subst(rc.Let, rv))
		}
		fmt.Fprintf(&b, "\t\tout[r.q] = Q(%s)\n\t}\n", subst(rc.Kernel, rv))
	}
	b.WriteString("}\n\n")
	b.WriteString(runsFile())
	b.WriteString(simSeq())
	return b.String()
}

// regUsesE reports whether register class rc reads an enable or a reset
// (a word of class E).
func regUsesE(rc RegClass) bool {
	u := uses(rc.Let, rc.Kernel)
	return slices.Contains(u, "en") || slices.Contains(u, "rst")
}

// runsFile returns commitRuns, which commits a wave's strided runs of
// registers, regWave.add and waveRuns.
func runsFile() string {
	var b strings.Builder
	b.WriteString(`// commitRuns writes the next values of one wave of one-word registers,
// computed from the state ns, in place, except the registers of class w,
// which it writes into outW (ns.w itself when committing in place; the
// registers all are of class w otherwise): the strided runs class by
// class, each from its first register's offsets and strides, then the
// other registers.
func commitRuns(ns *nstate, outW []uint64, w *waveRuns) {
`)
	// arrays returns the arguments for a Q of class qc and an E of class ec.
	arrays := func(qc, ec int, e bool) string {
		q := "ns." + interpClasses[qc].field
		out := q
		if qc == 0 {
			out = "outW"
		}
		s := q + ", " + out
		if e {
			s += ", ns." + interpClasses[ec].field
		}
		return s
	}
	var fns strings.Builder
	for _, rc := range RegClasses {
		name := "commitRun" + strings.ToUpper(rc.Field[:1]) + rc.Field[1:]
		e := regUsesE(rc)
		fmt.Fprintf(&b, "\tfor i := range w.%s {\n\t\tr := &w.%s[i]\n\t\tswitch r.sig {\n", rc.Field, rc.Field)
		nec := 1
		if e {
			nec = len(interpClasses)
		}
		for qc := range interpClasses {
			for ec := range nec {
				fmt.Fprintf(&b, "\t\tcase %#02x:\n\t\t\t%s(%s, r)\n", qc|ec<<2, name, arrays(qc, ec, e))
			}
		}
		b.WriteString("\t\tdefault:\n\t\t\tpanic(\"rtlsim: no register commit for class signature \" + fmt.Sprint(r.sig))\n\t\t}\n\t}\n")
		// int offsets and strides (uint32s in two's complement)
		decl, step := []string{"q, sq := int(r.q), int(int32(r.sq))"}, []string{"q += sq"}
		rv := map[string]string{"v": "v", "q": "uint64(qv[q])"}
		for _, u := range uses(rc.Let, rc.Kernel) {
			switch u {
			case "d", "en", "rst":
				decl = append(decl, fmt.Sprintf("%s, s%s := int(r.%s), int(int32(r.s%s))", u, u, u, u))
				step = append(step, fmt.Sprintf("%s += s%s", u, u))
				arr := "ev"
				if u == "d" {
					arr = "qv"
				}
				rv[u] = fmt.Sprintf("uint64(%s[%s])", arr, u)
			case "init":
				decl = append(decl, "init := r.init")
				rv[u] = "init"
			}
		}
		tparams, params, what := "[Q uword]", "qv, out []Q", "its Qs and Ds are words of qv"
		if e {
			tparams, params, what = "[Q, E uword]", "qv, out []Q, ev []E", "its Qs and Ds are words of qv, its\n// enables and resets of ev"
		}
		fmt.Fprintf(&fns, "// %s commits a strided run of the %s class into out: %s. (Not\n// inlined: the loop needs the registers.)\n//\n//go:noinline\nfunc %s%s(%s, r *strideReg) {\n", name, rc.Field, what, name, tparams, params)
		fmt.Fprintf(&fns, "\t%s\n", strings.Join(decl, "\n\t"))
		// Unit strides (and one reset for the run, as a reset usually
		// is): slices, and a loop with no bounds to check.
		unit, sl := []string{"sq == 1"}, []string{"qo := out[q:][:n]"}
		uv := map[string]string{"v": "v", "q": "uint64(qs[i])"}
		for _, u := range uses(rc.Let, rc.Kernel) {
			switch u {
			case "q":
				sl = append(sl, "qs := qv[q:][:n]")
			case "d":
				unit = append(unit, "sd == 1")
				sl = append(sl, "ds := qv[d:][:n]")
				uv[u] = "uint64(ds[i])"
			case "en":
				unit = append(unit, "sen == 1")
				sl = append(sl, "ens := ev[en:][:n]")
				uv[u] = "uint64(ens[i])"
			case "rst":
				unit = append(unit, "srst == 0")
				sl = append(sl, "rs := uint64(ev[rst])")
				uv[u] = "rs"
			case "init":
				uv[u] = "init"
			}
		}
		fmt.Fprintf(&fns, "\tif %s {\n\t\tn := int(r.n)\n\t\t%s\n\t\tfor i := range qo {\n", strings.Join(unit, " && "), strings.Join(sl, "\n\t\t"))
		if rc.Let != "" {
			fmt.Fprintf(&fns, "\t\t\tv := %s\n", subst(rc.Let, uv))
		}
		fmt.Fprintf(&fns, "\t\t\tqo[i] = Q(%s)\n\t\t}\n\t\treturn\n\t}\n", subst(rc.Kernel, uv))
		fmt.Fprintf(&fns, "\tfor range r.n {\n")
		if rc.Let != "" {
			fmt.Fprintf(&fns, "\t\tv := %s\n", subst(rc.Let, rv))
		}
		fmt.Fprintf(&fns, "\t\tout[q] = Q(%s)\n\t\t%s\n\t}\n}\n\n", subst(rc.Kernel, rv), strings.Join(step, "\n\t\t"))
	}
	b.WriteString("\tfor i := range w.rest {\n\t\tx := &w.rest[i]\n\t\tswitch x.sig {\n")
	for qc := range interpClasses {
		for ec := range interpClasses {
			fmt.Fprintf(&b, "\t\tcase %#02x:\n\t\t\tcommitWave(%s, &x.w)\n", qc|ec<<2, arrays(qc, ec, true))
		}
	}
	b.WriteString("\t\tdefault:\n\t\t\tpanic(\"rtlsim: no register commit for class signature \" + fmt.Sprint(x.sig))\n\t\t}\n\t}\n}\n\n")
	b.WriteString(fns.String())

	b.WriteString("// add appends r to the list of its class.\nfunc (w *regWave) add(r regRec) {\n\tswitch r.field {\n")
	for _, rc := range RegClasses {
		typ := map[string]string{"plain": "plainReg", "en": "regEn", "rst": "regRst", "both": "reg1"}[rc.Field]
		if typ == "" {
			panic("opgen: no struct for register class " + rc.Field)
		}
		lit := []string{"q: r.q"}
		for _, v := range []string{"d", "en", "rst"} {
			if slices.Contains(rc.Vars, v) {
				if v == "d" {
					lit = append(lit, "d: r.d")
				} else {
					lit = append(lit, fmt.Sprintf("%s: uint32(r.%s)", v, v))
				}
			}
		}
		if slices.Contains(rc.Vars, "rst") {
			lit = append(lit, "init: r.init")
		}
		fmt.Fprintf(&b, "\tcase %q:\n\t\tw.%s = append(w.%s, %s{%s})\n", rc.Field, rc.Field, rc.Field, typ, strings.Join(lit, ", "))
	}
	b.WriteString("\tdefault:\n\t\tpanic(\"rtlsim: no register class \" + r.field)\n\t}\n}\n\n")

	b.WriteString("// waveRuns is one wave of one-word registers as the interpreter commits\n// it: the strided runs of each class, and the rest, by class signature.\ntype waveRuns struct {\n")
	for _, rc := range RegClasses {
		fmt.Fprintf(&b, "\t%s []strideReg\n", rc.Field)
	}
	b.WriteString("\trest []sigWave\n}\n\n")
	b.WriteString("// setRuns sets the runs of every class from runs, by class.\nfunc (w *waveRuns) setRuns(runs map[string][]strideReg) {\n")
	for _, rc := range RegClasses {
		fmt.Fprintf(&b, "\tw.%s = runs[%q]\n", rc.Field, rc.Field)
	}
	b.WriteString("}\n")
	return b.String()
}

// sextPattern is a sign extension in a kernel: $x shifted left by $sh and
// back, arithmetically.
var sextPattern = regexp.MustCompile(`int64\(\$(a|b|c|d)<<\$(sh2|sh)\)>>\$(sh2|sh)\b`)

// classSext returns kernel with every sign extension of an operand x by
// a shift s (int64($x<<$s)>>$s) written as sx(x[i]), of x's element in
// a row function's loop: rtlsim's sign
// extension from the width of x's class, and the conditions under which
// the two agree: the shift is 64 minus that width, which is the case for
// an operand as wide as its class (an int8 factor in a uint8 array). arr
// names the array (dv, the destination's class D, or av, A) of each
// operand.
func classSext(kernel string, arr map[string]string) (string, []string) {
	var conds []string
	out := sextPattern.ReplaceAllStringFunc(kernel, func(m string) string {
		g := sextPattern.FindStringSubmatch(m)
		if g[2] != g[3] {
			return m
		}
		typ := "A"
		if arr[g[1]] == "dv" {
			typ = "D"
		}
		c := fmt.Sprintf("uint64(^%s(0)) == ^uint64(0)>>%s", typ, g[2])
		if !slices.Contains(conds, c) {
			conds = append(conds, c)
		}
		return "sx(" + g[1] + "[i])"
	})
	return out, conds
}
