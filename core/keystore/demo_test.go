package keystore

import (
	"context"
	"errors"
	"testing"
)

func TestWriteContainerRoundTrip(t *testing.T) {
	src, err := OpenFile(pfxDir+"/signer-cpA.gost89.pfx", "1234", "")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	e, err := WriteContainer(root, "Демо подписант", PrivateKey(src), src.Certificate(), "0000")
	if err != nil {
		t.Fatal(err)
	}
	if !e.NeedsPIN || e.ID != src.Certificate().Thumbprint() || e.ContainerName != "Демо подписант" {
		t.Errorf("%+v", e)
	}
	s := &Store{ContainerRoots: []string{root}, Prompt: StaticPIN("0000")}
	found, err := s.Lookup(context.Background(), e.ID[:8])
	if err != nil {
		t.Fatal(err)
	}
	sg, err := s.Open(context.Background(), found)
	if err != nil {
		t.Fatal(err)
	}
	if !PrivateKey(sg).Equal(PrivateKey(src)) {
		t.Error("key differs after the round trip")
	}
	// A certificate of another key is refused.
	other, _ := OpenContainer(containers+"/91team/srv.000", "")
	if _, err := WriteContainer(root, "x", PrivateKey(src), other.Certificate(), ""); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("mismatch: %v", err)
	}
}
