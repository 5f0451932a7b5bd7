package oracle

import "testing"

func TestOpenSSLGostEngineLoads(t *testing.T) {
	RequireOpenSSLGost(t)
}
