//go:build !windows

package wincrypt

import (
	"time"

	"github.com/gosdesk/gosdesk/core/keystore/kserr"
)

// Available reports whether the CryptoAPI store can be used here.
func Available() bool { return false }

// List returns the certificates of the current user's MY store.
func List() ([]Cert, error) {
	return nil, kserr.New(kserr.CodeNotSupportedHere, nil, "Windows CryptoAPI")
}

// SignMessage signs content with the certificate (DER) of the MY store.
func SignMessage(certDER, content []byte, detached bool, signingTime time.Time) ([]byte, error) {
	return nil, kserr.New(kserr.CodeNotSupportedHere, nil, "Windows CryptoAPI")
}
