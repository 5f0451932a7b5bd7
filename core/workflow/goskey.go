package workflow

import "context"

// GoskeyRequest sends documents to the citizen's Госключ app for signing
// (API ЕПГУ «Отправка документов на подпись в Госключ» v1.8: services
// 10000000374, 60025907, 60080470).
type GoskeyRequest struct {
	// Service: one of the Госключ services of the catalog (default
	// 10000000374).
	Service string
	// Values fill the service's template placeholders (the signer's
	// СНИЛС, document titles…); missing ones take the catalog defaults.
	Values map[string]string
	// Documents are the files to be signed.
	Documents []string
}

// SendToGoskey builds the application from the service's template and
// the documents and submits it like Submit; Track follows it to «Документы
// подписаны» (3) or a refusal, and Download fetches the signed documents
// with their signatures verified.
func (s *Session) SendToGoskey(ctx context.Context, r GoskeyRequest) (*SubmitResult, error) {
	return s.sendToGoskey(ctx, r)
}
