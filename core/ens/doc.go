// Package ens is a client of API ЕНС, the FNS service that reports the state
// of a taxpayer's unified tax account (единый налоговый счёт): the balance
// (сальдо ЕНС) on a date, the operations (начисления, платежи, зачёты) over a
// period and the obligations.
//
// The wire format of API ЕНС is not public. The FNS connection guide only says
// that the client gets a one-time temporary key, signs it with a qualified
// certificate (CAdES-BES, GOST R 34.10-2012 256) and exchanges the signature
// for a session token that travels base64url-encoded in a special HTTP header.
// Everything the guide does not settle — paths, methods, field names, the
// header name, padding, what exactly is signed, error envelopes — is held in a
// Profile, so that a new profile (a JSON file) adapts the client to the real
// service without code changes. DefaultProfile follows the guide and the
// conventions of the FNS Open API; the sandbox in core/sandbox/ens serves any
// profile, so the client and the sandbox can be pointed at each other.
//
// Money is int64 kopecks (Kopecks), never float. Dates carry their offset
// (Moscow time, +03:00, unless the server says otherwise).
package ens
