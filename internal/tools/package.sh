#!/usr/bin/env bash
# make package: builds the installable packages into dist/.
#   dist/gosdesk_VERSION-BUILD_amd64.deb            Debian/Ubuntu: both binaries, menu entry, icons, AppStream
#   dist/gosdesk-VERSION-linux-amd64.tar.xz         `fyne package -os linux` layout with its install Makefile
#   dist/gosdesk-VERSION-windows-amd64-setup.exe    NSIS installer, per-user, no administrator rights
#   dist/windows/gosdesk.exe, dist/windows/gosctl.exe   the Windows programs with icon and version resource
#   dist/linux/gosctl                               the static Linux gosctl
#   dist/SHA256SUMS
# The version is FyneApp.toml's [Details] Version and Build (see core/version); `git describe` is
# linked into the binaries. Builds are reproducible: -trimpath, -buildvcs=false, -buildid=, and
# SOURCE_DATE_EPOCH (the last commit's time) for every timestamp in the packages.
# Work files (staging trees, resources, icons) go to build/package/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
GO=${GO:-go}
# fyne.io/tools, pinned; `go run` caches the built tool.
FYNE=${FYNE:-fyne.io/tools/cmd/fyne@v1.7.4}
CONVERT=/usr/bin/convert # the real ImageMagick (a stand-in may shadow it in /usr/local/bin)

VERSION=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILD=$(sed -n 's/^Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
WEBSITE=$(sed -n 's/^Website *= *"\(.*\)"/\1/p' FyneApp.toml)
[[ $VERSION =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ && -n $BUILD ]] || { echo "package: FyneApp.toml: Version must be X.Y.Z and Build a number" >&2; exit 1; }
V1=${BASH_REMATCH[1]} V2=${BASH_REMATCH[2]} V3=${BASH_REMATCH[3]}
GIT=$(git describe --tags --always --dirty 2>/dev/null || true)
: "${GIT:=$VERSION}"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
DEBVER=$VERSION-$BUILD

W=$ROOT/build/package
DIST=$ROOT/dist
rm -rf "$W/linux" "$W/windows" "$W/icons" "$W/deb" "$W/fyne" "$DIST"
mkdir -p "$W/linux" "$W/windows" "$W/icons" "$DIST/windows"

# Release build flags, shared with package-test's reproducibility check.
source internal/tools/package-flags.sh
step() { printf '>> %s\n' "$*"; }
t0=$SECONDS

step "gosctl $VERSION ($GIT) for Linux"
CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $GO build "${RELFLAGS[@]}" -ldflags "$(ldflags)" -o "$W/linux/gosctl" ./cmd/gosctl
step "gosdesk for Linux (cgo; the first build takes minutes)"
# -buildmode=pie: a position-independent executable, as Debian builds its own programs (lintian's
# hardening-no-pie); gosctl stays a static non-PIE binary so that it runs on any x86-64 Linux.
CGO_ENABLED=1 GOOS=linux GOARCH=amd64 $GO build "${RELFLAGS[@]}" -buildmode=pie -ldflags "$(ldflags)" -o "$W/linux/gosdesk" ./cmd/gosdesk

step "icons (hicolor sizes, .ico) from assets/icon.png"
SIZES="16 24 32 48 64 128 256"
for s in $SIZES; do
  $CONVERT assets/icon.png -resize "${s}x${s}" -strip -define png:exclude-chunks=date,time "$W/icons/$s.png"
done
$CONVERT assets/icon.png -define icon:auto-resize=256,64,48,32,24,16 -strip "$W/icons/gosdesk.ico"

# ---------------------------------------------------------------- .deb
step "gosdesk_${DEBVER}_amd64.deb"
D=$W/deb
install -Dm755 "$W/linux/gosdesk" "$D/usr/bin/gosdesk"
install -Dm755 "$W/linux/gosctl" "$D/usr/bin/gosctl"
install -Dm644 packaging/linux/ru.gosdesk.app.desktop "$D/usr/share/applications/ru.gosdesk.app.desktop"
for s in $SIZES; do
  install -Dm644 "$W/icons/$s.png" "$D/usr/share/icons/hicolor/${s}x${s}/apps/ru.gosdesk.app.png"
done
install -d "$D/usr/share/metainfo"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" -e "s#@WEBSITE@#$WEBSITE#" \
  packaging/linux/ru.gosdesk.app.metainfo.xml > "$D/usr/share/metainfo/ru.gosdesk.app.metainfo.xml"
install -Dm644 packaging/linux/copyright "$D/usr/share/doc/gosdesk/copyright"
{
  echo "gosdesk ($DEBVER) unstable; urgency=medium"
  echo
  echo "  * Release $VERSION, build $BUILD ($GIT)."
  echo
  echo " -- gosdesk developers <gosdesk@users.noreply.github.com>  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$D/usr/share/doc/gosdesk/changelog.Debian.gz"
chmod 644 "$D/usr/share/doc/gosdesk/changelog.Debian.gz"
# Man pages: gosdesk's own, gosctl's from `gosctl man` (cmd/gosctl) when it can write them.
install -d "$D/usr/share/man/man1"
gzip -9n < packaging/linux/gosdesk.1 > "$D/usr/share/man/man1/gosdesk.1.gz"
chmod 644 "$D/usr/share/man/man1/gosdesk.1.gz"
if "$W/linux/gosctl" man --help >/dev/null 2>&1; then
  mkdir -p "$W/man"
  if "$W/linux/gosctl" man --out "$W/man" >/dev/null 2>&1 && ls "$W/man"/*.1 >/dev/null 2>&1; then
    install -d "$D/usr/share/man/man1"
    for m in "$W/man"/*.1; do gzip -9n < "$m" > "$D/usr/share/man/man1/$(basename "$m").gz"; done
    chmod 644 "$D"/usr/share/man/man1/*
  fi
fi
# Shell completion of gosctl (bash, zsh, fish), when gosctl can write it.
if "$W/linux/gosctl" completion bash > "$W/gosctl.bash" 2>/dev/null && [[ -s $W/gosctl.bash ]]; then
  install -Dm644 "$W/gosctl.bash" "$D/usr/share/bash-completion/completions/gosctl"
  "$W/linux/gosctl" completion zsh > "$W/gosctl.zsh" && install -Dm644 "$W/gosctl.zsh" "$D/usr/share/zsh/vendor-completions/_gosctl"
  "$W/linux/gosctl" completion fish > "$W/gosctl.fish" && install -Dm644 "$W/gosctl.fish" "$D/usr/share/fish/vendor_completions.d/gosctl.fish"
fi
desktop-file-validate "$D/usr/share/applications/ru.gosdesk.app.desktop"
appstreamcli validate --no-net --pedantic "$D/usr/share/metainfo/ru.gosdesk.app.metainfo.xml" >"$W/appstream.log" 2>&1 \
  || { cat "$W/appstream.log" >&2; echo "package: appstreamcli validate failed" >&2; exit 1; }

# Runtime dependencies: exactly the shared libraries gosdesk links (gosctl is static), as
# dpkg-shlibdeps computes them from the libraries' shlibs/symbols files.
mkdir -p "$W/shlibs/debian"
printf 'Source: gosdesk\n\nPackage: gosdesk\nArchitecture: amd64\n' > "$W/shlibs/debian/control"
DEPENDS=$(cd "$W/shlibs" && dpkg-shlibdeps -O -e"$D/usr/bin/gosdesk" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n $DEPENDS ]] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# GLFW (inside Fyne) dlopens these X extension libraries instead of linking them; without them the
# window still opens, with the default cursor shape and a single monitor. So: Recommends, not Depends.
RECOMMENDS="libxcursor1, libxi6, libxinerama1, libxrandr2, libxrender1, libxxf86vm1"
install -d "$D/DEBIAN"
cat > "$D/DEBIAN/control" <<CTL
Package: gosdesk
Version: $DEBVER
Architecture: amd64
Maintainer: gosdesk developers <gosdesk@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$D" | cut -f1)
Depends: $DEPENDS
Recommends: $RECOMMENDS
Section: utils
Priority: optional
Homepage: $WEBSITE
Description: applications to Gosuslugi and the unified tax account, GOST-signed
 gosdesk submits applications to Gosuslugi (API EPGU) and shows the unified
 tax account (API ENS), signing everything with the user's qualified GOST
 certificate (CryptoPro containers, PFX). It validates each application
 against the service's XML schema and journals every step.
 .
 The package also has gosctl, the command-line twin for scripts.
CTL
find "$D" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
DEB=$DIST/gosdesk_${DEBVER}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$D" "$DEB" >/dev/null
step "lintian"
lintian --fail-on error --suppress-tags statically-linked-binary "$DEB" | tee "$W/lintian.log"

# ---------------------------------------------------------------- tar.xz (fyne package)
step "gosdesk-$VERSION-linux-amd64.tar.xz (fyne package -os linux)"
mkdir -p "$W/fyne"
cp "$W/linux/gosdesk" "$W/fyne/gosdesk"
# fyne reads FyneApp.toml from, and raises its Build in, the directory it runs in: give it a copy.
cp FyneApp.toml "$W/fyne/"
# …and wants to see Go code there even with --exe.
printf 'package main\n\nfunc main() {}\n' > "$W/fyne/main.go"
# --exe: package the release binary built above instead of letting fyne build another one.
(cd "$W/fyne" && $GO run "$FYNE" package -os linux --release --exe "$W/fyne/gosdesk" --name gosdesk --icon "$ROOT/assets/icon.png" \
  --app-id ru.gosdesk.app --app-version "$VERSION" --app-build "$BUILD" >"$W/fyne.log" 2>&1 \
  ) || { cat "$W/fyne.log" >&2; exit 1; }
mv "$W/fyne/gosdesk.tar.xz" "$DIST/gosdesk-$VERSION-linux-amd64.tar.xz"
mkdir -p "$DIST/linux"
cp "$W/linux/gosctl" "$DIST/linux/gosctl" # static; runs on any x86-64 Linux

# ---------------------------------------------------------------- Windows
# The icon and version resource: windres (mingw-w64) compiles packaging/windows/versioninfo.rc.in
# into a COFF .syso, put beside main for the one build and removed after it (go build -overlay
# does not carry .syso files to the linker). .gitignore keeps it out of commits.
SYSO=()
trap 'rm -f "${SYSO[@]}"' EXIT
winres() { # NAME DESCRIPTION
  sed -e "s/@V1@/$V1/g" -e "s/@V2@/$V2/g" -e "s/@V3@/$V3/g" -e "s/@BUILD@/$BUILD/g" \
      -e "s/@VERSION@/$VERSION/g" -e "s/@GIT@/$GIT/g" -e "s/@NAME@/$1/g" -e "s/@DESC@/$2/g" \
      -e "s#@ICO@#$W/icons/gosdesk.ico#" packaging/windows/versioninfo.rc.in > "$W/windows/$1.rc"
  x86_64-w64-mingw32-windres -c 65001 -O coff -i "$W/windows/$1.rc" -o "$W/windows/$1.syso"
  SYSO+=("cmd/$1/zz_resource_windows_amd64.syso")
  cp "$W/windows/$1.syso" "cmd/$1/zz_resource_windows_amd64.syso"
}
step "gosctl.exe"
winres gosctl "gosctl — командная строка gosdesk"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $GO build "${RELFLAGS[@]}" -ldflags "$(ldflags)" -o "$W/windows/gosctl.exe" ./cmd/gosctl
rm -f cmd/gosctl/zz_resource_windows_amd64.syso
step "gosdesk.exe (cgo with x86_64-w64-mingw32-gcc; the first build takes minutes)"
winres gosdesk "gosdesk — заявления в ЕПГУ и ЕНС"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $GO build "${RELFLAGS[@]}" \
  -ldflags "-H windowsgui $(ldflags)" -o "$W/windows/gosdesk.exe" ./cmd/gosdesk
rm -f cmd/gosdesk/zz_resource_windows_amd64.syso
cp "$W/windows/gosctl.exe" "$W/windows/gosdesk.exe" "$DIST/windows/"
cp "$W/icons/gosdesk.ico" "$W/windows/gosdesk.ico"

step "gosdesk-$VERSION-windows-amd64-setup.exe (makensis)"
SIZE_KB=$(du -sk "$W/windows/gosdesk.exe" "$W/windows/gosctl.exe" | awk '{s+=$1} END {print s}')
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DBUILD="$BUILD" -DSRC="$W/windows" -DSIZE_KB="$SIZE_KB" \
  -DOUT="$DIST/gosdesk-$VERSION-windows-amd64-setup.exe" packaging/windows/gosdesk.nsi

(cd "$DIST" && find . -type f ! -name SHA256SUMS | sort | sed 's#^\./##' | xargs sha256sum > SHA256SUMS)
step "done in $((SECONDS - t0)) s:"
(cd "$DIST" && du -b $(find . -type f | sort) | awk '{printf "   %10d  %s\n", $1, $2}')
