package dsl

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/systole-hdl/systole/internal/dslir"
)

// A bundle is a Go struct whose exported fields are Signals, Vecs or
// nested bundle structs, used as a group of ports or wires and connected
// whole. A Vec field is one packed port (see Vec); Go slices and arrays
// are not bundle fields (declaring one is an error: use a Vec).
// Field tags adjust a field:
//
//	Ready dsl.Signal `dsl:"flip"`        // points against the bundle's direction
//	Data  dsl.Signal `dsl:"name=payload"` // its own name part
//
// Before a bundle is declared (with InputBundle, OutputBundle, WireBundle or
// Inst.Bundle) its Signal fields hold type prototypes made with Proto. A
// field's signal is named prefix_field, the field name in snake_case.

// Proto returns a placeholder of type t for a bundle field. It is not
// hardware: declaring the bundle replaces it with a port or wire.
func Proto(t Type) Signal {
	return Signal{&dslir.Node{Kind: dslir.Invalid, Type: t.ir(), Pos: callerPos(),
		Err: "a bundle prototype (dsl.Proto) used as hardware: declare the bundle first"}}
}

// Stream is a valid/ready stream with AXI-Stream rules: a transfer happens
// on a clock edge where Valid and Ready are both 1; Valid must not depend
// combinationally on Ready; once Valid is 1, Data holds until the transfer.
type Stream struct {
	Valid Signal
	Ready Signal `dsl:"flip"`
	Data  Signal
}

// NewStream returns a Stream prototype carrying data of type t.
func NewStream(t Type) *Stream {
	return &Stream{Valid: Proto(Bool()), Ready: Proto(Bool()), Data: Proto(t)}
}

// Fire is Valid & Ready: a transfer on this cycle.
func (s *Stream) Fire() Signal { return s.Valid.And(s.Ready) }

type bundleField struct {
	name string
	flip bool
	ptr  *Signal
	vec  *Vec // a Vec field (ptr is nil)
}

var (
	signalType = reflect.TypeOf(Signal{})
	vecType    = reflect.TypeOf(Vec{})
)

// fields lists the Signal fields of the bundle b points to, depth first,
// with their full names and directions, and the fields it cannot use.
func fields(b any, prefix string, pos srcPos) ([]bundleField, []string) {
	v := reflect.ValueOf(b)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		panic(&BuildError{Pos: Pos(pos), Msg: fmt.Sprintf("bundle %s: want a pointer to a struct, have %T", prefix, b)})
	}
	var out []bundleField
	var bad []string
	var walk func(v reflect.Value, prefix string, flip bool)
	walk = func(v reflect.Value, prefix string, flip bool) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, fl := snake(f.Name), flip
			for _, opt := range strings.Split(f.Tag.Get("dsl"), ",") {
				switch {
				case opt == "flip":
					fl = !fl
				case strings.HasPrefix(opt, "name="):
					name = strings.TrimPrefix(opt, "name=")
				}
			}
			full := name
			if prefix != "" {
				full = prefix + "_" + name
			}
			fv := v.Field(i)
			switch {
			case f.Type == signalType:
				out = append(out, bundleField{name: full, flip: fl, ptr: fv.Addr().Interface().(*Signal)})
			case f.Type == vecType:
				out = append(out, bundleField{name: full, flip: fl, vec: fv.Addr().Interface().(*Vec)})
			case f.Type.Kind() == reflect.Struct:
				walk(fv, full, fl)
			case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct && !fv.IsNil():
				walk(fv.Elem(), full, fl)
			case f.Type.Kind() == reflect.Slice || f.Type.Kind() == reflect.Array:
				bad = append(bad, fmt.Sprintf("bundle field %s (Go field %s) is a Go %s: a bundle holds Signals, Vecs and nested bundles; use a dsl.Vec",
					full, f.Name, f.Type.Kind()))
			}
		}
	}
	walk(v.Elem(), prefix, false)
	return out, bad
}

// snake turns a Go field name into snake_case: DataIn -> data_in, ID -> id.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (m *Module) declareBundle(b any, prefix string, flipAll bool, wire bool, pos srcPos) {
	m = m.live("a bundle declaration")
	fs, bad := fields(b, prefix, pos)
	for _, msg := range bad {
		m.recordError(pos, prefix, msg)
	}
	for _, f := range fs {
		if f.vec != nil {
			n, t := m.checkLen(f.name, f.vec.Len(), pos), f.vec.t
			switch {
			case wire:
				*f.vec = m.WireVec(f.name, n, t)
			case f.flip != flipAll:
				p := m.signal(dslir.Input, f.name, UInt(max(n, 1)*t.width), pos)
				m.ir.Ports = append(m.ir.Ports, p)
				*f.vec = unpackAt(Signal{p}, n, t, pos)
			default:
				p := m.signal(dslir.Output, f.name, UInt(max(n, 1)*t.width), pos)
				m.ir.Ports = append(m.ir.Ports, p)
				*f.vec = m.driving(Signal{p}, f.name, n, t, pos)
			}
			continue
		}
		t := f.ptr.Type()
		var n *dslir.Node
		switch {
		case wire:
			n = m.signal(dslir.Wire, f.name, t, pos)
			m.ir.Wires = append(m.ir.Wires, n)
		case f.flip != flipAll:
			n = m.signal(dslir.Input, f.name, t, pos)
			m.ir.Ports = append(m.ir.Ports, n)
		default:
			n = m.signal(dslir.Output, f.name, t, pos)
			m.ir.Ports = append(m.ir.Ports, n)
		}
		*f.ptr = Signal{n}
	}
}

// OutputBundle declares the bundle b points to as ports driven by this
// module: plain fields become outputs and flipped fields inputs (a stream
// this module produces). The fields are replaced by the ports.
func (m *Module) OutputBundle(prefix string, b any) {
	m.declareBundle(b, prefix, false, false, callerPos())
}

// InputBundle declares the bundle as ports driven from outside: plain fields
// become inputs and flipped fields outputs (a stream this module consumes).
func (m *Module) InputBundle(prefix string, b any) {
	m.declareBundle(b, prefix, true, false, callerPos())
}

// WireBundle declares every field of the bundle as a wire.
func (m *Module) WireBundle(prefix string, b any) {
	m.declareBundle(b, prefix, false, true, callerPos())
}

// Bundle fills the bundle b points to with the child's ports prefix_field.
func (i *Inst) Bundle(prefix string, b any) {
	pos := callerPos()
	fs, bad := fields(b, prefix, pos)
	for _, msg := range bad {
		i.m.recordError(pos, prefix, msg)
	}
	for _, f := range fs {
		p := i.Port(f.name)
		p.n.Pos = pos
		if f.vec != nil {
			n, t := f.vec.Len(), f.vec.t
			if p.n.PortOut || p.n.Err != "" || i.ir.Broken {
				*f.vec = unpackAt(p, n, t, pos)
			} else {
				*f.vec = i.m.driving(p, i.ir.Name+"_"+f.name, n, t, pos)
			}
			continue
		}
		*f.ptr = p
	}
}

// Connect connects two bundles of the same struct type field by field, in
// the direction of data flow: plain fields flow from source to sink
// (sink.F.Set(source.F)) and flipped fields from sink to source.
func Connect(sink, source any) {
	pos := callerPos()
	if reflect.TypeOf(sink) != reflect.TypeOf(source) {
		panic(&BuildError{Pos: Pos(pos), Msg: fmt.Sprintf("Connect: bundles of different types %T and %T", sink, source)})
	}
	dst, bad := fields(sink, "", pos)
	src, _ := fields(source, "", pos)
	if len(bad) > 0 {
		panic(&BuildError{Pos: Pos(pos), Msg: "Connect: " + bad[0]})
	}
	for i := range dst {
		if dst[i].vec != nil {
			to, from := dst[i].vec, src[i].vec
			if dst[i].flip {
				to, from = from, to
			}
			if len(to.elems) != len(from.elems) {
				panic(&BuildError{Pos: Pos(pos), Msg: fmt.Sprintf("Connect: Vec field %s of %d and %d elements", dst[i].name, len(to.elems), len(from.elems))})
			}
			for k := range to.elems {
				to.elems[k].setAt(from.elems[k], pos)
			}
			continue
		}
		to, from := dst[i].ptr, src[i].ptr
		if dst[i].flip {
			to, from = from, to
		}
		to.setAt(*from, pos)
	}
}
