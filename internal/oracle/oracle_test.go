package oracle

import (
	"sync"
	"testing"
)

func TestOpenSSLGostEngineLoads(t *testing.T) {
	RequireOpenSSLGost(t)
}

func TestParallelRunsEveryCaseOnce(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]int{}
	Parallel(100, func(i int) { mu.Lock(); seen[i]++; mu.Unlock() })
	if len(seen) != 100 {
		t.Fatalf("%d cases ran", len(seen))
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("case %d ran %d times", i, n)
		}
	}
}
