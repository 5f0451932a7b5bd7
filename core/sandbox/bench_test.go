package sandbox_test

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosdesk/gosdesk/core/epgu"
	"github.com/gosdesk/gosdesk/core/esia"
	"github.com/gosdesk/gosdesk/core/sandbox"
)

// peakRSS reads VmHWM of the process in KiB.
func peakRSS() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// resetPeakRSS resets VmHWM (Linux: clear_refs 5).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func benchEnv(b *testing.B) (*sandbox.Server, *epgu.Client) {
	srv, err := sandbox.New(sandbox.Options{Logger: quiet(), RequestsPerMinute: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	ts, err := esia.NewOrgTokenSource(esia.OrgTokenOptions{BaseURL: srv.URL(), APIKey: srv.Credentials().APIKey, Signer: srv.EmployeeSigner(), Logger: quiet()})
	if err != nil {
		b.Fatal(err)
	}
	c, err := epgu.New(epgu.Options{BaseURL: srv.URL(), Tokens: ts, Logger: quiet(), ChunkSize: 50_000_000})
	if err != nil {
		b.Fatal(err)
	}
	return srv, c
}

// bigArchive writes a stored (uncompressed) ZIP of about size bytes with
// the FSSP files for orderID, streaming pseudo-random data.
func bigArchive(b *testing.B, path string, orderID int64, size int64) int64 {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	for _, x := range [][2]string{{"req.xml", fsspReq(b, orderID)}, {"piev_epgu.xml", pievXML(b, orderID)}} {
		w, _ := zw.Create(x[0])
		w.Write([]byte(x[1]))
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "scan.bin", Method: zip.Store})
	rng := rand.NewChaCha8([32]byte{1})
	buf := make([]byte, 1<<20)
	for left := size; left > 0; left -= int64(len(buf)) {
		rng.Read(buf)
		w.Write(buf[:min(int64(len(buf)), left)])
	}
	zw.Close()
	bw.Flush()
	st, _ := f.Stat()
	return st.Size()
}

// BenchmarkChunkedPush500MiB: reserve + chunked upload of a 500 MiB
// archive from disk to the sandbox over loopback. Reports MB/s and the
// peak RSS of the process (client and in-process sandbox together; the
// goal for the client is ≤ 64 MiB).
func BenchmarkChunkedPush500MiB(b *testing.B) {
	srv, c := benchEnv(b)
	_ = srv
	path := filepath.Join(b.TempDir(), "big.zip")
	var total time.Duration
	var size int64
	var peak int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		id, err := c.CreateOrder(context.Background(), fsspMeta)
		if err != nil {
			b.Fatal(err)
		}
		size = bigArchive(b, path, id, 500<<20)
		resetPeakRSS()
		b.StartTimer()
		start := time.Now()
		if err := c.PushChunkedFile(context.Background(), id, &fsspMeta, path, epgu.ChunkOptions{}); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		peak = max(peak, peakRSS())
	}
	b.ReportMetric(float64(size)*float64(b.N)/1e6/total.Seconds(), "MB/s")
	b.ReportMetric(float64(peak)/1024, "peakRSS-MiB")
	b.SetBytes(size)
}

// BenchmarkStatusRefresh1000: statuses of 1,000 orders through
// getOrdersStatus paging (goal ≤ 2 s).
func BenchmarkStatusRefresh1000(b *testing.B) {
	srv, c := benchEnv(b)
	ids := srv.SeedOrders(1000, "60010153")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		items, err := c.AllOrdersStatus(context.Background(), ids, 100)
		if err != nil {
			b.Fatal(err)
		}
		if len(items) != 1000 || items[999].SearchStatus != epgu.SearchFound {
			b.Fatal(fmt.Sprintf("got %d items", len(items)))
		}
	}
}
