package main

import (
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/gosdesk/gosdesk/core/gost/gost28147"
	"github.com/gosdesk/gosdesk/core/gost/gost341194"
	"github.com/gosdesk/gosdesk/core/gost/streebog"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/spf13/pflag"
)

// digestAlgorithms are the hashes `gosctl digest -a` knows.
//
// Output matches the sibling tools of Debian's gostsum package: gost12sum
// prints Streebog in hash byte order (as `openssl dgst` does), while gostsum
// prints GOST R 34.11-94 as the big-endian number of RFC 5831, i.e. the
// reverse of the hash bytes that `openssl dgst -md_gost94` shows.
var digestAlgorithms = map[string]func() hash.Hash{
	"streebog256": streebog.New256,
	"streebog512": streebog.New512,
	"gost94":      gost341194.NewCryptoPro,                                            // as `gostsum` (CryptoPro parameter set 1.2.643.2.2.30.1)
	"gost94-test": func() hash.Hash { return gost341194.New(gost28147.SBoxHashTest) }, // as `gostsum -t`
}

func digestNames() string {
	var n []string
	for k := range digestAlgorithms {
		n = append(n, k)
	}
	sort.Strings(n)
	return strings.Join(n, "|")
}

func init() {
	register(&command{
		name:    "digest",
		summary: i18n.Text{RU: "хеш файлов по ГОСТ (как gost12sum)", EN: "GOST digests of files (like gost12sum)"},
		usage:   "[-a " + digestNames() + "] ФАЙЛ… (- или ничего = стандартный ввод)",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			alg := fs.String("a", "streebog256", i18n.T("алгоритм: ", "algorithm: ")+digestNames())
			return func(e *env, args []string) error {
				newHash, ok := digestAlgorithms[*alg]
				if !ok {
					return usagef("неизвестный алгоритм %q (%s)", "unknown algorithm %q (%s)", *alg, digestNames())
				}
				if len(args) == 0 {
					args = []string{"-"}
				}
				failed := false
				for _, name := range args {
					sum, err := digestFile(e, name, newHash())
					if err != nil {
						fmt.Fprintf(e.stderr, "%s\n", i18n.Message(err))
						failed = true
						continue
					}
					if strings.HasPrefix(*alg, "gost94") {
						slices.Reverse(sum)
					}
					// The same line as gost12sum/gostsum: hex digest, one space, name.
					fmt.Fprintf(e.stdout, "%s %s\n", hex.EncodeToString(sum), name)
				}
				if failed {
					return errCheckFailed
				}
				return nil
			}
		},
	})
}

func digestFile(e *env, name string, h hash.Hash) ([]byte, error) {
	f, err := openInput(e, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	if _, err := io.CopyBuffer(h, f, buf); err != nil {
		return nil, fileError(name, err)
	}
	return h.Sum(nil), nil
}
