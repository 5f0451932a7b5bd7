package csp

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

// Runner runs the CSP tools. ExecRunner is the real one; tests use a fake.
type Runner interface {
	// LookPath finds a tool by name (certmgr, cryptcp, csptest).
	LookPath(name string) (string, error)
	// Run runs the tool and returns its stdout and stderr.
	Run(ctx context.Context, path string, args []string) (stdout, stderr []byte, err error)
}

// DefaultDirs are the places CSP installs its tools.
func DefaultDirs() []string {
	switch runtime.GOOS {
	case "windows":
		return []string{`C:\Program Files\Crypto Pro\CSP`, `C:\Program Files (x86)\Crypto Pro\CSP`}
	case "darwin":
		return []string{"/opt/cprocsp/bin"}
	}
	arch := map[string]string{"amd64": "amd64", "386": "ia32", "arm64": "aarch64", "arm": "arm"}[runtime.GOARCH]
	return []string{"/opt/cprocsp/bin/" + arch, "/opt/cprocsp/sbin/" + arch}
}

// ExecRunner runs the tools with os/exec, looking for them in Dirs (default
// DefaultDirs) and then in PATH.
type ExecRunner struct {
	Dirs []string
	Env  []string // extra environment, e.g. LC_ALL=C
}

// LookPath implements Runner.
func (r ExecRunner) LookPath(name string) (string, error) {
	dirs := r.Dirs
	if dirs == nil {
		dirs = DefaultDirs()
	}
	exe := name
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	for _, d := range dirs {
		p := filepath.Join(d, exe)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return exec.LookPath(name)
}

// Run implements Runner.
func (r ExecRunner) Run(ctx context.Context, path string, args []string) ([]byte, []byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), r.Env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = nil
	err := cmd.Run()
	return out.Bytes(), errb.Bytes(), err
}

// Client drives CSP's tools.
type Client struct {
	Runner Runner
	// Store is the certificate store to list, "uMy" when empty.
	Store string
}

// New returns a client with the real runner.
func New() *Client { return &Client{Runner: ExecRunner{}} }

func (c *Client) store() string {
	if c.Store == "" {
		return "uMy"
	}
	return c.Store
}

// Installed reports whether certmgr is available.
func (c *Client) Installed() bool {
	_, err := c.Runner.LookPath("certmgr")
	return err == nil
}

func (c *Client) tool(name string) (string, error) {
	p, err := c.Runner.LookPath(name)
	if err != nil {
		return "", kserr.New(kserr.CodeCSPNotInstalled, err, "%s", name)
	}
	return p, nil
}

// PIN-related CSP error codes.
var pinCodes = map[uint32]bool{
	0x8010006B: true, // SCARD_W_WRONG_CHV: wrong PIN
	0x800704C7: true, // ERROR_CANCELLED: a PIN was needed and nobody entered it
	0x8010006C: true, // SCARD_W_CHV_BLOCKED
}

func toolError(tool string, stdout, stderr []byte, err error) error {
	text := ToUTF8(append(append([]byte{}, stdout...), stderr...))
	code := uint32(0)
	if m := errorCode.FindStringSubmatch(text); m != nil {
		v, _ := strconv.ParseUint(m[1][2:], 16, 32)
		code = uint32(v)
	}
	if err == nil && code == 0 {
		return nil
	}
	if pinCodes[code] {
		return kserr.New(kserr.CodeWrongPIN, nil, "%s: [ErrorCode: 0x%08x]", tool, code)
	}
	tail := strings.TrimSpace(text)
	if len(tail) > 400 {
		tail = tail[len(tail)-400:]
	}
	if code != 0 {
		return kserr.New(kserr.CodeCSPFailed, err, "%s: [ErrorCode: 0x%08x] %s", tool, code, tail)
	}
	return kserr.New(kserr.CodeCSPFailed, err, "%s: %s", tool, tail)
}

// List runs `certmgr -list -store <Store>` and parses the output. An empty
// store is not an error.
func (c *Client) List(ctx context.Context) ([]Cert, error) {
	p, err := c.tool("certmgr")
	if err != nil {
		return nil, err
	}
	out, serr, err := c.Runner.Run(ctx, p, []string{"-list", "-store", c.store()})
	certs, code := ParseList(out)
	if len(certs) > 0 {
		return certs, nil
	}
	// certmgr exits non-zero for an empty store (0x8010002C "no certificates").
	if code == 0x8010002C || bytes.Contains(out, []byte("Empty certificate list")) ||
		bytes.Contains([]byte(ToUTF8(out)), []byte("Список сертификатов пуст")) {
		return nil, nil
	}
	if e := toolError("certmgr", out, serr, err); e != nil {
		return nil, e
	}
	return nil, nil
}

// Export returns the DER certificate with the SHA-1 thumbprint, via
// `certmgr -export -store <Store> -thumbprint <t> -dest <file>`.
func (c *Client) Export(ctx context.Context, thumbprint string) ([]byte, error) {
	p, err := c.tool("certmgr")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "gosdesk-csp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	dest := filepath.Join(dir, "cert.cer")
	out, serr, err := c.Runner.Run(ctx, p, []string{"-export", "-store", c.store(), "-thumbprint", thumbprint, "-dest", dest})
	if e := toolError("certmgr", out, serr, err); e != nil {
		return nil, e
	}
	b, err := os.ReadFile(dest)
	if err != nil {
		return nil, kserr.New(kserr.CodeCSPFailed, err, "certmgr -export")
	}
	return derOrBase64(b), nil
}

// derOrBase64 decodes base64/PEM output of the tools; DER passes through.
func derOrBase64(b []byte) []byte {
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] == 0x30 {
		return b
	}
	if i := bytes.Index(t, []byte("-----BEGIN")); i >= 0 {
		if j := bytes.IndexByte(t[i:], '\n'); j >= 0 {
			t = t[i+j+1:]
		}
		if k := bytes.Index(t, []byte("-----END")); k >= 0 {
			t = t[:k]
		}
	}
	clean := bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, t)
	if d, err := base64.StdEncoding.DecodeString(string(clean)); err == nil && len(d) > 0 && d[0] == 0x30 {
		return d
	}
	return b
}

// SignOptions configure Sign.
type SignOptions struct {
	Attached bool
	PIN      string // passed with -pin / -password when not empty
}

// Sign makes a CAdES-BES signature of the file in with the certificate
// thumbprint. It runs
//
//	cryptcp -sign -thumbprint T -nochain -norev -der [-detached] [-pin P] in out
//
// and, when cryptcp is missing or fails for a reason other than the PIN,
//
//	csptest -sfsign -sign -in in -out out -my T [-detached] -add -cades_strict -addsigtime [-password P]
//
// The result is DER.
func (c *Client) Sign(ctx context.Context, thumbprint, in string, opts SignOptions) ([]byte, error) {
	dir, err := os.MkdirTemp("", "gosdesk-csp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "out.sig")

	var firstErr error
	if p, err := c.Runner.LookPath("cryptcp"); err == nil {
		args := []string{"-sign", "-thumbprint", thumbprint, "-nochain", "-norev", "-der"}
		if !opts.Attached {
			args = append(args, "-detached")
		}
		if opts.PIN != "" {
			args = append(args, "-pin", opts.PIN)
		}
		args = append(args, in, out)
		so, se, err := c.Runner.Run(ctx, p, args)
		if e := toolError("cryptcp", so, se, err); e == nil {
			if b, err := os.ReadFile(out); err == nil && len(b) > 0 {
				return derOrBase64(b), nil
			}
			firstErr = kserr.New(kserr.CodeCSPFailed, nil, "cryptcp wrote no signature")
		} else {
			if kerr, ok := e.(*kserr.Error); ok && kerr.Code == kserr.CodeWrongPIN {
				return nil, e
			}
			firstErr = e
		}
	}
	p, err := c.Runner.LookPath("csptest")
	if err != nil {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, kserr.New(kserr.CodeCSPNotInstalled, err, "cryptcp/csptest")
	}
	os.Remove(out)
	args := []string{"-sfsign", "-sign", "-in", in, "-out", out, "-my", thumbprint}
	if !opts.Attached {
		args = append(args, "-detached")
	}
	args = append(args, "-add", "-cades_strict", "-addsigtime")
	if opts.PIN != "" {
		args = append(args, "-password", opts.PIN)
	}
	so, se, err := c.Runner.Run(ctx, p, args)
	if e := toolError("csptest", so, se, err); e != nil {
		return nil, e
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) == 0 {
		return nil, kserr.New(kserr.CodeCSPFailed, err, "csptest wrote no signature")
	}
	return derOrBase64(b), nil
}

// SignReader is Sign for content given as a reader: it is copied to a
// temporary file for the tool.
func (c *Client) SignReader(ctx context.Context, thumbprint string, content io.Reader, opts SignOptions) ([]byte, error) {
	f, err := os.CreateTemp("", "gosdesk-csp-in-")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, content); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return c.Sign(ctx, thumbprint, f.Name(), opts)
}

// String describes the client for logs.
func (c *Client) String() string { return fmt.Sprintf("CryptoPro CSP (store %s)", c.store()) }
