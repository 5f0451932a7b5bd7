package archive

import (
	"context"

	"github.com/gosdesk/gosdesk/xsd"
)

func prepare(spec Spec) (xsd.Service, []Input, Problems) {
	return xsd.Service{}, nil, Problems{newError(CodeIO, "", nil, "not implemented yet")}
}

func pack(ctx context.Context, spec Spec) (*Archive, error) {
	_, _, p := prepare(spec)
	return nil, p
}

func extract(ctx context.Context, zipPath, dir string, lim Limits) ([]ExtractedFile, error) {
	return nil, newError(CodeIO, "", nil, "not implemented yet")
}

func verifyFiles(files []ExtractedFile, opts VerifyOptions) []Verdict { return nil }
