// Package assets embeds the application's icons, translations and templates.
package assets

import _ "embed"

// IconPNG is the application icon (256×256), drawn by internal/tools/mkicon.
//
//go:embed icon.png
var IconPNG []byte
