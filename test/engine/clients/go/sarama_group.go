// sarama_group: one sarama 1.22.1 ConsumerGroup member (JoinGroup v1, SyncGroup v0,
// Heartbeat v0, OffsetCommit v2, OffsetFetch v1 at V2_0_0_0). It prints a JSON line
// per claim (with the offset it starts from: the committed one, or the oldest) and
// per message, marks every message, and leaves the group once it has seen -n
// messages and has started a claim for -partitions partitions; Close commits.
//
// Usage: sarama_group -broker host:port -topic T -group G -n N -partitions P
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/Shopify/sarama"
)

type line struct {
	Kind      string `json:"kind"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       string `json:"key,omitempty"`
	Value     string `json:"value,omitempty"`
}

var outMu sync.Mutex

func emit(l line) {
	b, _ := json.Marshal(l)
	outMu.Lock()
	fmt.Println(string(b))
	outMu.Unlock()
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "sarama_group: "+format+"\n", args...)
	os.Exit(1)
}

type handler struct {
	mu         sync.Mutex
	want       int
	partitions int
	seen       int
	claims     int
	done       chan struct{}
	closeOnce  sync.Once
}

func (h *handler) check() {
	if h.seen >= h.want && h.claims >= h.partitions {
		h.closeOnce.Do(func() { close(h.done) })
	}
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	emit(line{Kind: "claim", Partition: claim.Partition(), Offset: claim.InitialOffset()})
	h.mu.Lock()
	h.claims++
	h.check()
	h.mu.Unlock()
	for m := range claim.Messages() {
		emit(line{Kind: "message", Partition: m.Partition, Offset: m.Offset, Key: string(m.Key), Value: string(m.Value)})
		sess.MarkMessage(m, "")
		h.mu.Lock()
		h.seen++
		h.check()
		h.mu.Unlock()
	}
	return nil
}

func main() {
	broker := flag.String("broker", "", "bootstrap host:port")
	topic := flag.String("topic", "", "topic")
	group := flag.String("group", "", "group id")
	n := flag.Int("n", 0, "messages to consume before leaving")
	partitions := flag.Int("partitions", 1, "claims to wait for before leaving")
	timeout := flag.Duration("timeout", 40*time.Second, "overall deadline")
	flag.Parse()

	cfg := sarama.NewConfig()
	cfg.ClientID = "kafkadesk-sarama-group-test"
	cfg.Version = sarama.V2_0_0_0
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Return.Errors = true
	cfg.Consumer.Group.Session.Timeout = 10 * time.Second
	cfg.Consumer.Group.Heartbeat.Interval = 1 * time.Second

	cg, err := sarama.NewConsumerGroup([]string{*broker}, *group, cfg)
	if err != nil {
		fail("NewConsumerGroup: %v", err)
	}
	go func() {
		for e := range cg.Errors() {
			fmt.Fprintf(os.Stderr, "sarama_group: group error: %v\n", e)
		}
	}()
	h := &handler{want: *n, partitions: *partitions, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	consumeErr := make(chan error, 1)
	go func() {
		// Consume returns at every rebalance; loop until we are done.
		for ctx.Err() == nil {
			if err := cg.Consume(ctx, []string{*topic}, h); err != nil {
				consumeErr <- err
				return
			}
		}
		consumeErr <- nil
	}()
	select {
	case <-h.done:
	case err := <-consumeErr:
		fail("Consume: %v", err)
	case <-time.After(*timeout):
		fail("timed out: %d of %d messages, %d of %d claims", h.seen, h.want, h.claims, h.partitions)
	}
	cancel()
	<-consumeErr
	if err := cg.Close(); err != nil {
		fail("Close: %v", err)
	}
}
