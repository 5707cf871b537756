package lanekern

// The kinds, register classes and generic kernels are generated from the
// table in internal/opgen; the amd64 assembly from the same table by the
// avo program in _asm (a module of its own, so avo is no dependency of
// systole's).
//go:generate go run ../opgen/opgen -target lanekern
//go:generate go run -C _asm . -out ../lanekern_amd64.s -decl ../asm_amd64_gen.go -pkg lanekern
