package workflow

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// RemoteError is an answer of API ЕПГУ or ЕСИА in the user's language:
// the clients' Error() texts are Russian with the spec's descriptions;
// English gets the HTTP status, code and server message.
type RemoteError struct{ Err error }

func (r *RemoteError) Error() string { return r.Err.Error() }
func (r *RemoteError) Unwrap() error { return r.Err }

// Localize implements i18n.Localized.
func (r *RemoteError) Localize(l i18n.Lang) string {
	if l != i18n.EN {
		// the clients' texts are Russian; a bilingual wrapper (the
		// refusals the workflow words itself, e.g. a cancel not allowed in
		// this status) gives its Russian, not its English Error()
		return i18n.MessageIn(l, r.Err)
	}
	var pe *epgu.Error
	if errors.As(r.Err, &pe) {
		s := "EPGU:"
		if pe.HTTPStatus != 0 {
			s += fmt.Sprintf(" HTTP %d", pe.HTTPStatus)
		}
		if pe.Code != "" {
			s += " [" + pe.Code + "]"
		}
		if pe.Message != "" {
			s += ": " + pe.Message
		}
		return s
	}
	var ee *esia.Error
	if errors.As(r.Err, &ee) {
		s := "ESIA:"
		if ee.HTTPStatus != 0 {
			s += fmt.Sprintf(" HTTP %d", ee.HTTPStatus)
		}
		if ee.Code != "" {
			s += " " + ee.Code
		}
		if ee.Description != "" {
			s += ": " + ee.Description
		}
		return s
	}
	return i18n.MessageIn(l, r.Err)
}

// Remote wraps errors of API ЕПГУ and ЕСИА for localisation; other
// errors pass unchanged.
func Remote(err error) error {
	var pe *epgu.Error
	var ee *esia.Error
	var re *RemoteError
	if err != nil && !errors.As(err, &re) && (errors.As(err, &pe) || errors.As(err, &ee)) {
		return &RemoteError{err}
	}
	return err
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
