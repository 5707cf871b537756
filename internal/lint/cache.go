package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// EnvCache names the directory where Run remembers passes; unset, it is
// systole/lint under the user cache directory, and "off" remembers none.
const EnvCache = "SYSTOLE_LINT_CACHE"

// passFile returns the file whose existence records that tool passed on
// files (relative to dir) with args: named by a hash of the tool's
// executable (its path, size and modification time), the arguments and
// the name and content of every file. It returns "" when there is no cache
// or a file cannot be read. Only passes are remembered: a failure runs the
// tool again, so its output is always fresh.
func passFile(tool, dir string, args, files []string) string {
	cache := os.Getenv(EnvCache)
	switch cache {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		cache = filepath.Join(base, "systole", "lint")
	}
	path, err := exec.LookPath(tool)
	if err != nil {
		return ""
	}
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s\n", len(s), s) }
	field(path)
	field(fmt.Sprint(st.Size(), st.ModTime().UnixNano()))
	field(fmt.Sprint(len(args)))
	for _, a := range args {
		field(a)
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return ""
		}
		field(f)
		field(string(data))
	}
	return filepath.Join(cache, tool+"-"+hex.EncodeToString(h.Sum(nil))[:32])
}

// rememberPass records a pass; a cache that cannot be written only costs
// the next run its time.
func rememberPass(file string) {
	if file == "" {
		return
	}
	if os.MkdirAll(filepath.Dir(file), 0o755) == nil {
		_ = os.WriteFile(file, nil, 0o644)
	}
}
