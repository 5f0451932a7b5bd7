#!/usr/bin/env bash
# Ensures the Debian packages gosdesk needs are installed.
#   deps.sh GROUP...   with GROUP in: build oracles gui
# As root, missing packages are installed with apt-get; otherwise the exact
# apt-get line is printed and the script fails.
set -euo pipefail

declare -A PKGS=(
  # Fyne (GLFW/X11) build headers; gcc, pkg-config, libgl1-mesa-dev and libx11-dev are listed
  # for machines that lack them.
  [build]="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
  # Independent oracles: OpenSSL GOST engine, gost12sum/gostsum, xmllint.
  [oracles]="openssl libengine-gost-openssl gostsum libxml2-utils time"
  # GUI tests and screenshots; dbus for the keyring integration test.
  [gui]="xvfb xauth xdotool imagemagick dbus dbus-daemon gnome-keyring libsecret-tools"
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
