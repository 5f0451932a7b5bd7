#!/usr/bin/env bash
# Runs every Fuzz target of the module for a short time (FUZZTIME, default 10s).
set -euo pipefail
t=${FUZZTIME:-10s}
n=0
for pkg in $(go list ./core/... ./internal/... ./cmd/gosctl/...); do
  for f in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo ">> $pkg $f ($t)"
    go test -run='^$' -fuzz="^${f}\$" -fuzztime="$t" "$pkg"
    n=$((n+1))
  done
done
echo ">> $n fuzz targets ran"
