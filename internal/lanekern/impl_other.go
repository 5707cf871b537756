//go:build !amd64 || purego

package lanekern

// available returns the generic implementation: this build has no
// assembly.
func available() []*impl { return []*impl{generic} }
