package container

import (
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
)

// DefaultRoots returns the folders where CryptoPro CSP keeps containers for
// the current user: the HDIMAGE store /var/opt/cprocsp/keys/<user>/ and
// the roots of mounted removable media (/media/<user>/*, /run/media/<user>/*,
// /mnt/*; drive roots D:\ … Z:\ on Windows). Folders that do not exist are
// left out.
func DefaultRoots() []string {
	var roots []string
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	add := func(p string) {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			roots = append(roots, p)
		}
	}
	if runtime.GOOS == "windows" {
		for d := 'D'; d <= 'Z'; d++ {
			add(string(d) + `:\`)
		}
		return roots
	}
	if name != "" {
		add(filepath.Join("/var/opt/cprocsp/keys", name))
		for _, m := range []string{"/media/" + name, "/run/media/" + name} {
			subs, _ := filepath.Glob(filepath.Join(m, "*"))
			for _, s := range subs {
				add(s)
			}
		}
	}
	subs, _ := filepath.Glob("/mnt/*")
	for _, s := range subs {
		add(s)
	}
	return roots
}

// IsContainer reports whether dir holds a header.key.
func IsContainer(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, FileHeader))
	return err == nil && fi.Mode().IsRegular()
}

// Find returns the container folders in roots: a root that is itself a
// container, and the direct sub-folders of a root that are. Unreadable
// roots are skipped. The result is sorted and free of duplicates.
func Find(roots ...string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, r := range roots {
		if IsContainer(r) {
			add(r)
			continue
		}
		ents, err := os.ReadDir(r)
		if err != nil {
			continue
		}
		for _, e := range ents {
			p := filepath.Join(r, e.Name())
			if (e.IsDir() || e.Type()&os.ModeSymlink != 0) && IsContainer(p) {
				add(p)
			}
		}
	}
	sort.Strings(out)
	return out
}
