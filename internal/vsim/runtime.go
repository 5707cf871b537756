package vsim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Every Verilated executable links Verilator's runtime library
// (verilated.cpp, verilated_threads.cpp, ...), which the generated makefile
// compiles again for every model: for a small test design that is most of
// the build. Build therefore keeps the compiled runtime objects in one
// directory of the cache per Verilator version, flags and compiler, and
// copies them into later builds, where make finds them up to date.

// runtimeDir returns the cache directory of the runtime objects matching
// this Verilator version and flags.
func (v *Verilator) runtimeDir(cache, version string) string {
	h := sha256.New()
	for _, s := range append([]string{cacheFormat, version, os.Getenv("CXX"), os.Getenv("CXXFLAGS"),
		strings.Join(buildFlags, " "), strings.Join(v.makeOpt(), " ")}, v.Flags...) {
		fmt.Fprintf(h, "%d:%s\n", len(s), s)
	}
	return filepath.Join(cache, "runtime-"+hex.EncodeToString(h.Sum(nil))[:16])
}

// runtimeObjs returns the object files of the runtime library that the
// makefiles in obj build: VM_GLOBAL_FAST and VM_GLOBAL_SLOW of
// Vdut_classes.mk, with a .o suffix.
func runtimeObjs(obj string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(obj, "Vdut_classes.mk"))
	if err != nil {
		return nil, fmt.Errorf("vsim: %w", err)
	}
	var objs []string
	collecting := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "VM_GLOBAL_FAST +=") || strings.HasPrefix(line, "VM_GLOBAL_SLOW +=") {
			collecting = strings.HasSuffix(line, "\\")
			continue
		}
		if !collecting {
			continue
		}
		if name := strings.TrimSpace(strings.TrimSuffix(line, "\\")); name != "" {
			objs = append(objs, name+".o")
		}
		collecting = strings.HasSuffix(line, "\\")
	}
	return objs, nil
}

// useRuntime copies the cached runtime objects into obj, newer than the
// makefiles, and reports whether all of them were there.
func useRuntime(rdir, obj string, objs []string) bool {
	for _, o := range objs {
		if _, err := os.Stat(filepath.Join(rdir, o)); err != nil {
			return false
		}
	}
	now := time.Now()
	for _, o := range objs {
		dst := filepath.Join(obj, o)
		if copyFile(filepath.Join(rdir, o), dst) != nil || os.Chtimes(dst, now, now) != nil {
			// Make compiles whatever is missing or stale.
			return false
		}
	}
	return true
}

// saveRuntime stores the runtime objects that make just built in obj, in a
// temporary directory renamed to rdir; a concurrent save that wins the
// rename is as good.
func saveRuntime(cache, rdir, obj string, objs []string) {
	tmp, err := os.MkdirTemp(cache, "runtime-tmp-*")
	if err != nil {
		return
	}
	defer os.RemoveAll(tmp)
	for _, o := range objs {
		if copyFile(filepath.Join(obj, o), filepath.Join(tmp, o)) != nil {
			return
		}
	}
	os.Rename(tmp, rdir)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
