// Command heartbeat-load drives POST /api/v1/agent/heartbeat of a running appliance at a fixed rate from many
// simulated clusters and reports the sustained rate and latency percentiles as JSON.
//
// The clusters are rows written straight into the appliance's PostgreSQL (status RUNNING, a cluster token hash, no
// instances), because creating thousands through the API would start thousands of local Dask processes. Latency is
// measured from each heartbeat's scheduled send time, so a slow server also counts the time a beat waited to be sent.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

func main() {
	dbURL := flag.String("db", "", "PostgreSQL URL of the appliance's database (postgres://user:pass@127.0.0.1:port/db)")
	url := flag.String("url", "http://127.0.0.1:8080", "the appliance's base URL (loopback)")
	clusters := flag.Int("clusters", 3000, "simulated clusters")
	rate := flag.Float64("rate", 5000, "heartbeats per second to send")
	duration := flag.Duration("duration", 30*time.Second, "how long to measure")
	warmup := flag.Duration("warmup", 10*time.Second, "load before measuring (JIT, pools)")
	senders := flag.Int("senders", 128, "concurrent HTTP senders")
	flag.Parse()
	if *dbURL == "" {
		fail("-db is required")
	}
	ctx := context.Background()
	tokens, err := createClusters(ctx, *dbURL, *clusters)
	if err != nil {
		fail("creating clusters: %v", err)
	}
	load := newLoad(*url+"/api/v1/agent/heartbeat", tokens, *senders)
	warm := load.run(*rate, *warmup, true)
	result := load.run(*rate, *duration, true)
	result.WarmupOK = warm.OK
	result.Clusters = *clusters
	result.Senders = *senders
	out, _ := json.MarshalIndent(result, "", "  ")
	fmt.Println(string(out))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "heartbeat-load: "+format+"\n", args...)
	os.Exit(1)
}

// createClusters writes n RUNNING cluster rows of the default workspace, owned by the admin, and returns their tokens.
func createClusters(ctx context.Context, dbURL string, n int) ([]string, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var workspace, owner string
	if err := conn.QueryRow(ctx, "SELECT w.id::text, u.id::text FROM workspaces w, users u WHERE w.name = 'default' AND u.username = 'admin'").Scan(&workspace, &owner); err != nil {
		return nil, fmt.Errorf("default workspace and admin: %w", err)
	}
	run := time.Now().UnixNano()
	tokens := make([]string, n)
	rows := make([][]any, n)
	now := time.Now().UTC()
	for i := range tokens {
		tokens[i] = fmt.Sprintf("flc_bench-%d-%06d-0123456789abcdefghijklmnopqrstuv", run, i)
		hash := sha256.Sum256([]byte(tokens[i]))
		rows[i] = []any{newUUID(), workspace, owner, fmt.Sprintf("hb-%d-%06d", run%100000, i), "local", "RUNNING", "RUNNING",
			"{}", 0, hex.EncodeToString(hash[:]), 0, 0, now, now, now}
	}
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"clusters"}, []string{"id", "workspace_id", "owner_id", "name", "provider",
		"status", "target", "spec", "desired_workers", "cluster_token_hash", "workers_connected", "n_clients",
		"created_at", "status_since", "ready_at"}, pgx.CopyFromRows(rows))
	return tokens, err
}

func newUUID() string {
	var b [16]byte
	if _, err := io.ReadFull(cryptoRand, b[:]); err != nil {
		fail("random: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Result is what one measured run reports.
type Result struct {
	Clusters      int     `json:"clusters"`
	Senders       int     `json:"senders"`
	TargetRate    float64 `json:"targetRate"`
	Seconds       float64 `json:"seconds"`
	Sent          int64   `json:"sent"`
	OK            int64   `json:"ok"`
	Errors        int64   `json:"errors"`
	Missed        int64   `json:"missed"`
	HeartbeatsPS  float64 `json:"heartbeatsPerSecond"`
	P50Millis     float64 `json:"p50Millis"`
	P90Millis     float64 `json:"p90Millis"`
	P99Millis     float64 `json:"p99Millis"`
	MaxMillis     float64 `json:"maxMillis"`
	WarmupOK      int64   `json:"warmupOk"`
	FirstErrorMsg string  `json:"firstError,omitempty"`
}

type load struct {
	url     string
	tokens  []string
	senders int
	client  *http.Client
	bodies  [][]byte
}

func newLoad(url string, tokens []string, senders int) *load {
	transport := &http.Transport{MaxIdleConns: senders * 2, MaxIdleConnsPerHost: senders * 2, MaxConnsPerHost: senders * 2,
		IdleConnTimeout: time.Minute}
	bodies := make([][]byte, 8)
	for i := range bodies {
		bodies[i] = heartbeatBody(i)
	}
	return &load{url: url, tokens: tokens, senders: senders, client: &http.Client{Transport: transport, Timeout: time.Minute}, bodies: bodies}
}

// heartbeatBody is a plausible plugin heartbeat: a few workers, one of them with a GPU.
func heartbeatBody(variant int) []byte {
	workers := []map[string]any{}
	for w := 0; w < 4; w++ {
		worker := map[string]any{"name": fmt.Sprintf("worker-%d", w), "address": fmt.Sprintf("tls://10.0.0.%d:40000", w+2),
			"nthreads": 4, "memoryLimit": 16 << 30, "processing": (variant + w) % 3}
		if w == 0 {
			worker["gpus"] = 1
			worker["gpuUtilization"] = float64(10 * variant)
		}
		workers = append(workers, worker)
	}
	body, _ := json.Marshal(map[string]any{"schedulerAddress": "tls://10.0.0.1:8786", "dashboardUrl": "https://10.0.0.1:8787/status",
		"workers": workers, "nThreads": 16, "memory": 64 << 30, "tasksProcessing": variant % 5, "idleSince": nil,
		"nClients": 1, "lastClientLeftAt": nil, "adaptiveTarget": nil,
		"versions": map[string]string{"python": "3.11.9", "dask": "2026.8.0", "distributed": "2026.8.0"}})
	return body
}

// run sends at rate for d; when measure is false it only warms up.
func (l *load) run(rate float64, d time.Duration, measure bool) Result {
	type beat struct {
		due   time.Time
		index int
	}
	queue := make(chan beat, 20000)
	var ok, errs, missed, sent atomic.Int64
	var firstErr atomic.Value
	latencies := make([][]time.Duration, l.senders)
	var wg sync.WaitGroup
	for s := 0; s < l.senders; s++ {
		wg.Add(1)
		go func(s int) {
			defer wg.Done()
			for b := range queue {
				err := l.send(b.index)
				took := time.Since(b.due)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				ok.Add(1)
				latencies[s] = append(latencies[s], took)
			}
		}(s)
	}
	start := time.Now()
	interval := time.Duration(float64(time.Second) / rate)
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if due.Sub(start) >= d {
			break
		}
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		select {
		case queue <- beat{due: due, index: i}:
			sent.Add(1)
		default:
			missed.Add(1) // every sender busy and 20,000 beats waiting: the server is far behind
		}
	}
	close(queue)
	wg.Wait()
	elapsed := time.Since(start)
	if !measure {
		return Result{}
	}
	var all []time.Duration
	for _, part := range latencies {
		all = append(all, part...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	result := Result{TargetRate: rate, Seconds: elapsed.Seconds(), Sent: sent.Load(), OK: ok.Load(), Errors: errs.Load(),
		Missed: missed.Load(), HeartbeatsPS: float64(ok.Load()) / elapsed.Seconds()}
	if len(all) > 0 {
		result.P50Millis = millis(all[len(all)*50/100])
		result.P90Millis = millis(all[len(all)*90/100])
		result.P99Millis = millis(all[len(all)*99/100])
		result.MaxMillis = millis(all[len(all)-1])
	}
	if msg, found := firstErr.Load().(string); found {
		result.FirstErrorMsg = msg
	}
	return result
}

func millis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

func (l *load) send(i int) error {
	request, err := http.NewRequest(http.MethodPost, l.url, bytes.NewReader(l.bodies[i%len(l.bodies)]))
	if err != nil {
		return err
	}
	request.Header.Set("Authorization", "Bearer "+l.tokens[i%len(l.tokens)])
	request.Header.Set("Content-Type", "application/json")
	response, err := l.client.Do(request)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	if response.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.200s", response.StatusCode, body)
	}
	return nil
}
