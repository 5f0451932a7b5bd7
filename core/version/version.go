// Package version tells which gosdesk this is. The version and build number
// are written in one place, FyneApp.toml at the repository root (embedded at
// build time, and read by `fyne package` too); `make package` also injects the
// `git describe` of the tree it built from:
//
//	go build -ldflags "-X github.com/gosdesk/gosdesk/core/version.gitDescribe=$(git describe --tags --always --dirty)"
//
// gosctl version, gosdesk --version and the About dialog all print String().
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gosdesk/gosdesk"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// gitDescribe is set by the linker (-X) in builds made by `make package`.
var gitDescribe string

// Info is what is known about this build.
type Info struct {
	Name    string // "gosdesk"
	ID      string // "ru.gosdesk.app", the Fyne/AppStream/desktop-file ID
	Version string // "0.1.0" (FyneApp.toml [Details] Version)
	Build   int    // FyneApp.toml [Details] Build
	Website string
	Git     string // `git describe` injected by the linker, or the VCS revision Go recorded, or ""
	Go      string // runtime.Version()
}

type fyneApp struct {
	Website string
	Details struct {
		Name    string
		ID      string
		Version string
		Build   int
	}
}

var info = load(gosdesk.FyneAppTOML, gitDescribe)

func load(src []byte, describe string) Info {
	var f fyneApp
	if _, err := toml.Decode(string(src), &f); err != nil {
		// FyneApp.toml is checked by this package's tests; a broken file must
		// not stop the program, so it reports an unknown version.
		f.Details.Version = "0.0.0"
	}
	in := Info{
		Name:    f.Details.Name,
		ID:      f.Details.ID,
		Version: f.Details.Version,
		Build:   f.Details.Build,
		Website: f.Website,
		Git:     describe,
		Go:      runtime.Version(),
	}
	if in.Git == "" {
		in.Git = vcsRevision()
	}
	return in
}

// vcsRevision is the short commit Go stamped into the binary (go build in a
// git checkout, -buildvcs=auto), with "-dirty" when the tree was modified.
func vcsRevision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" && dirty {
		rev += "-dirty"
	}
	return rev
}

// Get returns what is known about this build.
func Get() Info { return info }

// Version is the release version, e.g. "0.1.0".
func Version() string { return info.Version }

// Build is the build number of this version (FyneApp.toml Build).
func Build() int { return info.Build }

// Git is the `git describe` (or VCS revision) of the source, or "".
func Git() string { return info.Git }

// Full is the version with its build number, "0.1.0+1" (Debian packages
// show it as 0.1.0-1, the Windows version resource as 0.1.0.1).
func Full() string { return fmt.Sprintf("%s+%d", info.Version, info.Build) }

// String is the one-line version every program prints after its name, in
// the current language (core/i18n): "0.1.0 (сборка 1, git v0.1.0-3-gabc1234,
// go1.26.8)", or "0.1.0 (build 1, git …, go1.26.8)" in English.
func String() string { return info.format(i18n.T("сборка", "build")) }

func (in Info) format(word string) string {
	parts := []string{fmt.Sprintf("%s %d", word, in.Build)}
	if in.Git != "" {
		parts = append(parts, "git "+in.Git)
	}
	parts = append(parts, in.Go)
	return in.Version + " (" + strings.Join(parts, ", ") + ")"
}
