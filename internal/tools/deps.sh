#!/usr/bin/env bash
# Ensures the Debian packages gosdesk needs are installed.
#   deps.sh GROUP...   with GROUP in: build oracles gui package
# As root, missing packages are installed with apt-get; otherwise the exact
# apt-get line is printed and the script fails.
set -euo pipefail

declare -A PKGS=(
  # Fyne (GLFW/X11) build headers; gcc, pkg-config, libgl1-mesa-dev and libx11-dev are listed
  # for machines that lack them.
  [build]="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
  # Independent oracles: OpenSSL GOST engine, gost12sum/gostsum, xmllint.
  # stunnel4: the GOST-TLS tunnel end-to-end test (core/tunnel). zip: make bench's peer of core/archive.
  [oracles]="openssl libengine-gost-openssl gostsum libxml2-utils time stunnel4 zip"
  # GUI tests and screenshots; dbus for the keyring integration test.
  # bc: e2e timings; fonts-dejavu-core: labels of the e2e contact sheet (montage).
  # dunst: the e2e's notification server (shows the app's desktop notifications on the Xvfb screen);
  # x11-xkb-utils (setxkbmap): a us,ru keyboard for typing Cyrillic; curl: the sandbox admin API.
  [gui]="xvfb xauth xdotool x11-xkb-utils curl imagemagick dbus dbus-daemon gnome-keyring libsecret-tools bc fonts-dejavu-core dunst"
  # make package / package-test: Windows cross-build (mingw-w64 gcc + windres), NSIS installer,
  # Wine to run the .exe files, .deb tools and checkers, icon resizing, the GUI smoke test.
  [package]="gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis wine wine64 lintian desktop-file-utils appstream dpkg-dev binutils xz-utils imagemagick xvfb xauth xdotool dbus-daemon"
)

want=()
for g in "$@"; do
  [[ -n "${PKGS[$g]:-}" ]] || { echo "deps.sh: unknown group $g" >&2; exit 2; }
  for p in ${PKGS[$g]}; do want+=("$p"); done
done

missing=()
for p in "${want[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$st" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "Не хватает пакетов Debian / missing Debian packages: ${missing[*]}" >&2
  echo "Установите их от root / install them as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo ">> installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
