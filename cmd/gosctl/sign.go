package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/gosdesk/gosdesk/core/cms"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/keystore"
	"github.com/spf13/pflag"
)

func init() {
	register(&command{
		name:    "sign",
		summary: i18n.Text{RU: "подписать файлы: CAdES-BES по ГОСТ Р 34.10-2012, как КриптоПро", EN: "sign files: CAdES-BES with GOST R 34.10-2012, as CryptoPro does"},
		usage:   "[--attached] (--thumbprint ОТПЕЧАТОК | --pfx ФАЙЛ | --container ПАПКА | --key PEM [--cert ФАЙЛ]) [--pin-env ПЕРЕМЕННАЯ] [--dir ПАПКА]… [--file ФАЙЛ]… [--only] ФАЙЛ [ПОДПИСЬ]\n   или: gosctl sign --many [параметры] ФАЙЛ… (подписи рядом: ФАЙЛ.sig)",
		setup: func(fs *pflag.FlagSet) func(*env, []string) error {
			attached := fs.Bool("attached", false, i18n.T("присоединённая подпись (документ внутри подписи)", "attached signature (the document inside)"))
			thumb := fs.String("thumbprint", "", i18n.T("отпечаток (SHA-1) сертификата в хранилище, можно начало (см. gosctl certs list)", "SHA-1 thumbprint of the certificate in the store, or its beginning (see gosctl certs list)"))
			pfxFile := fs.String("pfx", "", i18n.T("файл PFX/P12 с ключом", "PFX/P12 file with the key"))
			contDir := fs.String("container", "", i18n.T("папка контейнера КриптоПро (xxxxxxxx.000)", "CryptoPro container folder (xxxxxxxx.000)"))
			keyFile := fs.String("key", "", i18n.T("файл ключа PEM/PKCS#8", "PEM/PKCS#8 key file"))
			certFile := fs.String("cert", "", i18n.T("файл сертификата к --key или --pfx, если его нет внутри (PEM или DER)", "certificate file for --key or --pfx when it is not inside (PEM or DER)"))
			aliasFlag(fs, "cert-file", "cert")
			pinEnv := fs.String("pin-env", "", i18n.T("переменная окружения с PIN-кодом или паролем", "environment variable holding the PIN or password"))
			many := fs.Bool("many", false, i18n.T("все аргументы — подписываемые файлы; подписи в ФАЙЛ.sig", "every argument is a file to sign; signatures go to FILE.sig"))
			dirs, files, only := storeFlags(fs)
			return func(e *env, args []string) error {
				if len(args) == 0 || (!*many && len(args) > 2) {
					return usagef("нужен подписываемый файл и, по желанию, имя файла подписи", "need the file to sign and, optionally, the signature file name")
				}
				certThumbprint(thumb, certFile)
				ctx := context.Background()
				pin := ""
				if *pinEnv != "" {
					v, ok := os.LookupEnv(*pinEnv)
					if !ok {
						return usagef("переменная окружения %s не задана", "environment variable %s is not set", *pinEnv)
					}
					pin = v
				}
				s, err := openSigner(ctx, signerSource{*thumb, *pfxFile, *contDir, *keyFile, *certFile, pin, *pinEnv != ""}, newStore(*dirs, *files, *only))
				if err != nil {
					return err
				}
				opts := &cms.SignOptions{Attached: *attached}
				pairs := [][2]string{}
				if *many {
					for _, f := range args {
						pairs = append(pairs, [2]string{f, f + ".sig"})
					}
				} else {
					out := args[0] + ".sig"
					if len(args) == 2 {
						out = args[1]
					}
					pairs = append(pairs, [2]string{args[0], out})
				}
				if !*many {
					if err := signFile(ctx, s, pairs[0][0], pairs[0][1], opts); err != nil {
						return err
					}
					fmt.Fprintf(e.stderr, "%s: %s\n", i18n.T("подпись записана", "signature written"), pairs[0][1])
					return nil
				}
				// A batch signs on a few goroutines (each file is fsynced, so
				// they overlap well) and goes on past a bad file: every failure
				// is reported, and the exit code says that some failed.
				errs := make([]error, len(pairs))
				next := make(chan int)
				var wg sync.WaitGroup
				for range min(4, len(pairs)) {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := range next {
							errs[i] = signFile(ctx, s, pairs[i][0], pairs[i][1], opts)
						}
					}()
				}
				for i := range pairs {
					next <- i
				}
				close(next)
				wg.Wait()
				failed := 0
				for _, err := range errs {
					if err != nil {
						failed++
						fmt.Fprintf(e.stderr, "%s\n", i18n.Message(err))
					}
				}
				fmt.Fprintf(e.stderr, "%s: %d\n", i18n.T("подписано файлов", "files signed"), len(pairs)-failed)
				if failed > 0 {
					fmt.Fprintf(e.stderr, "%s: %d\n", i18n.T("не подписано", "not signed"), failed)
					return errCheckFailed
				}
				return nil
			}
		},
	})
}

// certThumbprint keeps the old meaning of sign --cert (a thumbprint,
// before one naming for all commands) for one release: a --cert value that
// is no file but looks like a thumbprint is taken as --thumbprint.
func certThumbprint(thumb, cert *string) {
	if *thumb != "" || *cert == "" || !looksLikeThumbprint(*cert) {
		return
	}
	if _, err := os.Stat(*cert); err == nil {
		return
	}
	fmt.Fprintf(deprecationOut, "gosctl: %s\n", i18n.T("--cert теперь — файл сертификата; отпечаток задаётся параметром --thumbprint (старая запись работает до следующего выпуска)",
		"--cert is now a certificate file; a thumbprint goes with --thumbprint (the old spelling works until the next release)"))
	*thumb, *cert = *cert, ""
}

func looksLikeThumbprint(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
			n++
		case r == ' ' || r == ':':
		default:
			return false
		}
	}
	return n >= 4 && n <= 40
}

type signerSource struct {
	thumbprint, pfx, container, key, cert string
	pin                                   string
	pinGiven                              bool
}

var errPINHint = i18n.New("ключ защищён PIN-кодом или паролем: передайте его через --pin-env ПЕРЕМЕННАЯ",
	"the key is protected by a PIN or password: pass it with --pin-env VARIABLE")

// openSigner opens exactly one key source.
func openSigner(ctx context.Context, src signerSource, st *keystore.Store) (keystore.Signer, error) {
	n := 0
	for _, v := range []string{src.thumbprint, src.pfx, src.container, src.key} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		return nil, usagef("укажите ровно один ключ: --thumbprint, --pfx, --container или --key", "give exactly one key: --thumbprint, --pfx, --container or --key")
	}
	var s keystore.Signer
	var err error
	switch {
	case src.thumbprint != "":
		if src.pinGiven {
			st.Prompt = keystore.StaticPIN(src.pin)
		}
		var en *keystore.Entry
		if en, err = st.Lookup(ctx, src.thumbprint); err == nil {
			s, err = st.Open(ctx, en)
		}
	case src.container != "":
		s, err = keystore.OpenContainer(src.container, src.pin)
	case src.pfx != "":
		s, err = keystore.OpenFile(src.pfx, src.pin, src.cert)
	default:
		s, err = keystore.OpenFile(src.key, src.pin, src.cert)
	}
	if err != nil && !src.pinGiven && (errors.Is(err, keystore.ErrWrongPIN) || errors.Is(err, keystore.ErrWrongPassword) || errors.Is(err, keystore.ErrPINCancelled)) {
		return nil, errPINHint
	}
	return s, err
}

// signFile signs one file into out, written atomically: a crash leaves
// either the old signature or the new one, never half of it.
func signFile(ctx context.Context, s keystore.Signer, in, out string, opts *cms.SignOptions) error {
	f, err := os.Open(in)
	if err != nil {
		return fileError(in, err)
	}
	defer f.Close()
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return fileError(out, err)
	}
	defer os.Remove(tmp.Name())
	if _, ok := s.(keystore.MessageSigner); ok {
		sig, err := keystore.SignCMS(ctx, s, f, opts)
		if err != nil {
			tmp.Close()
			return err
		}
		_, err = tmp.Write(sig)
	} else {
		// In-process keys stream the file; an attached signature of a file
		// reads it twice and never holds it in memory.
		err = cms.SignTo(tmp, f, s, s.Certificate(), opts)
	}
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fileError(out, err)
	}
	if err := tmp.Close(); err != nil {
		return fileError(out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fileError(out, err)
	}
	return nil
}
