# gosdesk — see README.md. Targets:
#   run    build and open the desktop app
#   test   install what tests need (as root) and run every test
#   bench  performance figures, each next to its peer measured in the same run
#   fuzz   every fuzz target for FUZZTIME (default 10s)
#   e2e    the real app under Xvfb driven by xdotool (GUI issue)
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
GO ?= go
BIN := bin
TESTFLAGS ?= -timeout 30m -count=1

.PHONY: man tidy-check reliability
.PHONY: all run test bench fuzz e2e screens package package-test deps deps-build deps-test build gosctl gosdesk vet conformance

all: build

deps-build:
	@internal/tools/deps.sh build
deps-test:
	@internal/tools/deps.sh build oracles gui
deps: deps-test

gosctl:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/gosctl ./cmd/gosctl

gosdesk: deps-build
	$(GO) build -o $(BIN)/gosdesk ./cmd/gosdesk

build: gosctl gosdesk

run: gosdesk
	$(BIN)/gosdesk

vet:
	$(GO) vet ./...

test: deps-test tidy-check
	$(GO) version
	CGO_ENABLED=0 $(GO) build -o $(BIN)/gosctl ./cmd/gosctl
	GOOS=windows CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/gosctl
	$(GO) build ./...
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt: unformatted files:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) test $(TESTFLAGS) ./...
	$(GO) test -count=1 -tags purego ./core/gost/streebog/

# go.mod/go.sum must be what `go mod tidy` makes of the imports (issue 13
# item 11): -diff changes nothing and fails with the difference.
tidy-check:
	@$(GO) mod tidy -diff >/dev/null 2>&1 || { echo "go.mod/go.sum differ from what 'go mod tidy' makes; run it and commit:" >&2; $(GO) mod tidy -diff >&2; exit 1; }

# gosctl's man pages from its command tree (cobra/doc): English in
# build/man/man1, Russian in build/man/ru/man1 (build/ is not committed).
# Read one with: man -l build/man/ru/man1/gosctl-sign.1
man: gosctl
	rm -rf build/man
	$(BIN)/gosctl --lang en man --out build/man/man1
	$(BIN)/gosctl --lang ru man --out build/man/ru/man1

bench: deps-test gosctl
	@internal/tools/bench.sh

fuzz:
	@internal/tools/fuzz.sh

# The W3C XML Schema suite (not committed whole; see internal/tools/xsdsuite/README.md).
conformance:
	@test -n "$(XSDTESTS)" -a -f "$(XSDTESTS)/suite.xml" || { echo "make conformance XSDTESTS=/path/to/xsdtests — see internal/tools/xsdsuite/README.md" >&2; exit 2; }
	$(GO) run ./core/xmlschema/internal/w3crun -suite $(XSDTESTS)

# Reliability harness (issue 9 §7): sandbox with ~20 % faults, a 100-application batch (some > 50 MB, chunked),
# the sending process killed with SIGKILL at least 10 times; figures in the last lines. Short version: make test.
reliability:
	$(GO) run ./internal/tools/reliability -apps 100 -big 5 -kills 10 -faults 0.2

# The real app under Xvfb driven by xdotool, files dropped over XDND; one
# screenshot per step and a contact sheet under build/e2e/ (internal/tools/e2e.sh).
# `make screens` renders every screen with Fyne's test driver (light/dark, ru/en)
# into build/screens/ with a contact sheet.
e2e: gosdesk
	@internal/tools/deps.sh gui
	CGO_ENABLED=0 $(GO) build -o $(BIN)/xdnddrop ./internal/tools/xdnd
	internal/tools/e2e.sh

screens:
	@internal/tools/deps.sh gui
	rm -rf build/screens && GOSDESK_SCREENS=$(CURDIR)/build/screens $(GO) test -count=1 -run TestScreens ./ui
	montage $$(test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && echo -font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf) -label '%t' -pointsize 12 -tile 4x -geometry 683x369+4+4 build/screens/*.png build/screens-contact-sheet.png && mv build/screens-contact-sheet.png build/screens/contact-sheet.png

# Installable packages into dist/ (.deb, tar.xz, Windows exes + NSIS installer); see packaging/README.md.
package: deps-build
	@internal/tools/deps.sh package
	@internal/tools/package.sh

# Installs and runs what make package built: the .deb with apt, the Windows programs and installer under Wine.
package-test: package
	@internal/tools/package-test.sh
