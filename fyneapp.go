// Package gosdesk holds FyneApp.toml, the one place where the application's
// name, ID, version and build number are written. `fyne package` reads the
// file from disk; core/version reads this embedded copy, so the binaries, the
// packages and the About dialog all show the same version.
package gosdesk

import _ "embed"

// FyneAppTOML is FyneApp.toml as it was when the binary was built.
//
//go:embed FyneApp.toml
var FyneAppTOML []byte
