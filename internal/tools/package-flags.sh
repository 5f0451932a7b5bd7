# Release build flags for make package and package-test's reproducibility check (sourced).
# -trimpath: no build paths; -buildvcs=false: the version comes from core/version and git
# describe, not from the state of the work tree; -buildid=: no content-hash IDs that vary; -s -w:
# no symbol/DWARF tables (smaller, and lintian wants stripped binaries).
RELFLAGS=(-trimpath -buildvcs=false)
ldflags() { printf '%s' "-s -w -buildid= -X github.com/gosdesk/gosdesk/core/version.gitDescribe=${GIT:-}"; }
