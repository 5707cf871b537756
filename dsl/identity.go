package dsl

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

const dslirPath = "github.com/systole-hdl/systole/internal/dslir"

// genKey returns the identity of a generator's parameterization: two
// generators share a module exactly when their keys are equal.
//
// A Func is identified by the value Func returned: the same Func value
// instantiated twice is one module, two Func calls are two modules (even
// with one name), because Go cannot compare what two closures capture.
// Any other generator is identified by its dynamic type and its value,
// followed through pointers, slices, arrays, maps and interfaces and
// compared field by field, exported or not: two generators that hold equal
// parameters behind different pointers share a module, and one whose
// pointed-to parameters changed between two instantiations does not. A
// generator holding a func, chan or unsafe pointer cannot be compared and
// is never shared: each instantiation is its own module.
func (c *circuit) genKey(g Generator) string {
	if f, ok := g.(*funcGen); ok {
		return "func:" + strconv.FormatUint(f.id, 10)
	}
	k := keyWriter{seen: map[uintptr]int{}}
	k.value(reflect.ValueOf(g))
	if k.unique {
		c.uniq++
		return fmt.Sprintf("unique:%d", c.uniq)
	}
	return k.b.String()
}

// keyWriter writes a value's identity as text.
type keyWriter struct {
	b      strings.Builder
	seen   map[uintptr]int // pointers on the current path, for cycles
	unique bool            // the value holds something that cannot be compared
}

func (k *keyWriter) value(v reflect.Value) {
	if !v.IsValid() {
		k.b.WriteString("nil")
		return
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.Bool:
		k.b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k.b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		k.b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		k.b.WriteString(strconv.FormatUint(math.Float64bits(v.Float()), 16))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		fmt.Fprintf(&k.b, "%x,%x", math.Float64bits(real(c)), math.Float64bits(imag(c)))
	case reflect.String:
		k.b.WriteString(strconv.Quote(v.String()))
	case reflect.Pointer:
		if v.IsNil() {
			k.b.WriteString("nil")
			return
		}
		p := v.Pointer()
		if t.Elem().PkgPath() == dslirPath {
			// A node or module of a description: its identity.
			fmt.Fprintf(&k.b, "%s@%x", t, p)
			return
		}
		if d, ok := k.seen[p]; ok {
			fmt.Fprintf(&k.b, "cycle%d", d)
			return
		}
		k.seen[p] = len(k.seen)
		k.b.WriteString("&")
		k.value(v.Elem())
		delete(k.seen, p)
	case reflect.Interface:
		if v.IsNil() {
			k.b.WriteString("nil")
			return
		}
		k.b.WriteString(v.Elem().Type().String())
		k.b.WriteString(":")
		k.value(v.Elem())
	case reflect.Struct:
		k.b.WriteString(t.String())
		k.b.WriteString("{")
		for i := range v.NumField() {
			k.b.WriteString(t.Field(i).Name)
			k.b.WriteString(":")
			k.value(v.Field(i))
			k.b.WriteString(",")
		}
		k.b.WriteString("}")
	case reflect.Slice:
		if v.IsNil() {
			k.b.WriteString("nil")
			return
		}
		fallthrough
	case reflect.Array:
		k.b.WriteString("[")
		for i := range v.Len() {
			k.value(v.Index(i))
			k.b.WriteString(",")
		}
		k.b.WriteString("]")
	case reflect.Map:
		if v.IsNil() {
			k.b.WriteString("nil")
			return
		}
		type entry struct{ key, val string }
		var es []entry
		for it := v.MapRange(); it.Next(); {
			kk := keyWriter{seen: k.seen}
			kk.value(it.Key())
			kv := keyWriter{seen: k.seen}
			kv.value(it.Value())
			k.unique = k.unique || kk.unique || kv.unique
			es = append(es, entry{kk.b.String(), kv.b.String()})
		}
		sort.Slice(es, func(i, j int) bool { return es[i].key < es[j].key })
		k.b.WriteString("map[")
		for _, e := range es {
			k.b.WriteString(e.key + ":" + e.val + ",")
		}
		k.b.WriteString("]")
	default: // Func, Chan, UnsafePointer
		if v.Kind() == reflect.Func && v.IsNil() || v.Kind() == reflect.Chan && v.IsNil() {
			k.b.WriteString("nil")
			return
		}
		k.unique = true
	}
}
