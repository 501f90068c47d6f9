// The franz-go test driver (test/clients/README.md): produce, consume and group-consume with kgo.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"kafkadesk.dev/test/clients/go/internal/protocol"
)

func main() {
	cmd := protocol.Parse()
	var err error
	switch cmd.Op {
	case "produce":
		err = produce(cmd)
	case "consume":
		err = consume(cmd)
	case "group-consume":
		err = groupConsume(cmd)
	case "admin":
		err = admin(cmd)
	default:
		err = fmt.Errorf("unknown op %q", cmd.Op)
	}
	if err != nil {
		protocol.Fail(err)
	}
}

func codec(name string) (kgo.CompressionCodec, error) {
	switch name {
	case "", "none":
		return kgo.NoCompression(), nil // franz-go's own default would be snappy
	case "gzip":
		return kgo.GzipCompression(), nil
	case "snappy":
		return kgo.SnappyCompression(), nil
	case "lz4":
		return kgo.Lz4Compression(), nil
	case "zstd":
		return kgo.ZstdCompression(), nil
	}
	return kgo.CompressionCodec{}, fmt.Errorf("unknown compression %q", name)
}

func produce(cmd protocol.Command) error {
	c, err := codec(cmd.Compression)
	if err != nil {
		return err
	}
	// Auto-creation as the Java producer has it by default (franz-go asks Metadata not to).
	opts := []kgo.Opt{kgo.SeedBrokers(cmd.Bootstrap), kgo.DefaultProduceTopic(cmd.Topic), kgo.ProducerBatchCompression(c), kgo.AllowAutoTopicCreation()}
	switch cmd.AcksOrAll() {
	case 0:
		opts = append(opts, kgo.RequiredAcks(kgo.NoAck()))
	case 1:
		opts = append(opts, kgo.RequiredAcks(kgo.LeaderAck()))
	}
	if cmd.TransactionalID != "" {
		opts = append(opts, kgo.TransactionalID(cmd.TransactionalID))
	} else if !cmd.Idempotent {
		opts = append(opts, kgo.DisableIdempotentWrite()) // franz-go is idempotent by default
	}
	manual := len(cmd.Records) > 0
	records := make([]*kgo.Record, len(cmd.Records))
	for i, r := range cmd.Records {
		rec := &kgo.Record{Key: protocol.Bytes(r.Key), Value: protocol.Bytes(r.Value)}
		for _, h := range r.Headers {
			rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: h.Key, Value: protocol.Bytes(h.Value)})
		}
		if r.Partition != nil {
			rec.Partition = *r.Partition
		} else {
			manual = false
		}
		if r.Timestamp != nil {
			rec.Timestamp = time.UnixMilli(*r.Timestamp)
		}
		records[i] = rec
	}
	if manual {
		opts = append(opts, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cmd.Timeout(60*time.Second))
	defer cancel()
	if cmd.TransactionalID != "" {
		if err := cl.BeginTransaction(); err != nil {
			return err
		}
	}
	results := cl.ProduceSync(ctx, records...)
	for i, res := range results {
		if res.Err != nil {
			protocol.Emit("produced", map[string]any{"index": i, "error": protocol.ErrorInfo(res.Err)})
		} else {
			protocol.Emit("produced", map[string]any{"index": i, "partition": res.Record.Partition, "offset": res.Record.Offset, "error": nil})
		}
	}
	if cmd.TransactionalID != "" {
		if err := results.FirstErr(); err != nil {
			return err
		}
		if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(cmd.EndTransaction != "abort")); err != nil {
			return err
		}
	}
	protocol.Emit("done", map[string]any{"count": len(records)})
	return nil
}

func startOffset(cmd protocol.Command) kgo.Offset {
	kind, at := cmd.StartFrom()
	switch kind {
	case "latest":
		return kgo.NewOffset().AtEnd()
	case "offset":
		return kgo.NewOffset().At(at)
	}
	return kgo.NewOffset().AtStart()
}

func isolation(cmd protocol.Command) kgo.IsolationLevel {
	if cmd.Isolation == "read_committed" {
		return kgo.ReadCommitted()
	}
	return kgo.ReadUncommitted()
}

func headers(hs []kgo.RecordHeader) []protocol.Header {
	out := []protocol.Header{}
	for _, h := range hs {
		out = append(out, protocol.Header{Key: h.Key, Value: protocol.B64(h.Value)})
	}
	return out
}

func emitRecord(r *kgo.Record) {
	protocol.Emit("record", protocol.RecordLine(r.Topic, r.Partition, r.Offset, r.Timestamp, r.Key, r.Value, headers(r.Headers)))
}

// pollErr is a fetch error worth failing on (not the end of our own deadline).
func pollErr(fetches kgo.Fetches) error {
	for _, fe := range fetches.Errors() {
		if errors.Is(fe.Err, context.DeadlineExceeded) || errors.Is(fe.Err, context.Canceled) || errors.Is(fe.Err, kgo.ErrClientClosed) {
			continue
		}
		fmt.Fprintf(os.Stderr, "fetch error %s[%d]: %v\n", fe.Topic, fe.Partition, fe.Err)
	}
	return nil
}

func consume(cmd protocol.Command) error {
	opts := []kgo.Opt{kgo.SeedBrokers(cmd.Bootstrap), kgo.FetchIsolationLevel(isolation(cmd))}
	if len(cmd.Partitions) > 0 {
		ps := map[int32]kgo.Offset{}
		for _, p := range cmd.Partitions {
			ps[p] = startOffset(cmd)
		}
		opts = append(opts, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{cmd.Topic: ps}))
	} else {
		opts = append(opts, kgo.ConsumeTopics(cmd.Topic), kgo.ConsumeResetOffset(startOffset(cmd)))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	defer cl.Close()
	count := cmd.CountOr(0)
	ctx, cancel := context.WithTimeout(context.Background(), cmd.Timeout(30*time.Second))
	defer cancel()
	seen := 0
	for seen < count && ctx.Err() == nil {
		fetches := cl.PollFetches(ctx)
		_ = pollErr(fetches)
		fetches.EachRecord(func(r *kgo.Record) {
			if seen < count {
				emitRecord(r)
				seen++
			}
		})
	}
	protocol.Emit("done", map[string]any{"count": seen, "timedOut": seen < count})
	return nil
}
