// The IBM/sarama test driver (test/clients/README.md), configured for the newest Kafka version sarama knows.
package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/IBM/sarama"

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
		fail(err)
	}
}

// fail reports sarama's KError with Kafka's code and name (sarama has no names of its own).
func fail(err error) {
	var ke sarama.KError
	if errors.As(err, &ke) {
		protocol.Emit("error", map[string]any{"error": protocol.KafkaCode(int16(ke), err)})
		fmt.Fprintln(os.Stderr, "driver failed:", err)
		os.Exit(1)
	}
	protocol.Fail(err)
}

func errorInfo(err error) map[string]any {
	if err == nil {
		return nil
	}
	var ke sarama.KError
	if errors.As(err, &ke) {
		return protocol.KafkaCode(int16(ke), err)
	}
	var te *sarama.TopicError
	if errors.As(err, &te) {
		return protocol.KafkaCode(int16(te.Err), err)
	}
	return protocol.ErrorInfo(err)
}

func config(cmd protocol.Command) *sarama.Config {
	c := sarama.NewConfig()
	c.Version = sarama.MaxVersion
	c.ClientID = "kafkadesk-sarama-driver"
	c.Metadata.Retry.Backoff = 100 * time.Millisecond
	if cmd.Isolation == "read_committed" {
		c.Consumer.IsolationLevel = sarama.ReadCommitted
	}
	return c
}

var codecs = map[string]sarama.CompressionCodec{
	"": sarama.CompressionNone, "none": sarama.CompressionNone, "gzip": sarama.CompressionGZIP,
	"snappy": sarama.CompressionSnappy, "lz4": sarama.CompressionLZ4, "zstd": sarama.CompressionZSTD,
}

func produce(cmd protocol.Command) error {
	c := config(cmd)
	codec, ok := codecs[cmd.Compression]
	if !ok {
		return fmt.Errorf("unknown compression %q", cmd.Compression)
	}
	c.Producer.Compression = codec
	c.Producer.Return.Successes = true
	c.Producer.RequiredAcks = sarama.RequiredAcks(cmd.AcksOrAll())
	if cmd.Idempotent || cmd.TransactionalID != "" {
		c.Producer.Idempotent = true
		c.Net.MaxOpenRequests = 1
		c.Producer.RequiredAcks = sarama.WaitForAll
	}
	if cmd.TransactionalID != "" {
		c.Producer.Transaction.ID = cmd.TransactionalID
	}
	msgs := make([]*sarama.ProducerMessage, len(cmd.Records))
	manual := len(cmd.Records) > 0
	for i, r := range cmd.Records {
		m := &sarama.ProducerMessage{Topic: cmd.Topic}
		if k := protocol.Bytes(r.Key); k != nil {
			m.Key = sarama.ByteEncoder(k)
		}
		if v := protocol.Bytes(r.Value); v != nil {
			m.Value = sarama.ByteEncoder(v)
		}
		for _, h := range r.Headers {
			m.Headers = append(m.Headers, sarama.RecordHeader{Key: []byte(h.Key), Value: protocol.Bytes(h.Value)})
		}
		if r.Partition != nil {
			m.Partition = *r.Partition
		} else {
			manual = false
		}
		if r.Timestamp != nil {
			m.Timestamp = time.UnixMilli(*r.Timestamp)
		}
		msgs[i] = m
	}
	if manual {
		c.Producer.Partitioner = sarama.NewManualPartitioner
	}
	p, err := sarama.NewSyncProducer([]string{cmd.Bootstrap}, c)
	if err != nil {
		return err
	}
	defer p.Close()
	if cmd.TransactionalID != "" {
		if err := p.BeginTxn(); err != nil {
			return err
		}
	}
	failed := map[*sarama.ProducerMessage]error{}
	if err := p.SendMessages(msgs); err != nil {
		var pe sarama.ProducerErrors
		if !errors.As(err, &pe) {
			return err
		}
		for _, e := range pe {
			failed[e.Msg] = e.Err
		}
	}
	for i, m := range msgs {
		if err, ok := failed[m]; ok {
			protocol.Emit("produced", map[string]any{"index": i, "error": errorInfo(err)})
		} else {
			protocol.Emit("produced", map[string]any{"index": i, "partition": m.Partition, "offset": m.Offset, "error": nil})
		}
	}
	if cmd.TransactionalID != "" {
		for _, err := range failed {
			return err
		}
		if cmd.EndTransaction == "abort" {
			err = p.AbortTxn()
		} else {
			err = p.CommitTxn()
		}
		if err != nil {
			return err
		}
	}
	protocol.Emit("done", map[string]any{"count": len(msgs)})
	return nil
}

func headers(hs []*sarama.RecordHeader) []protocol.Header {
	out := []protocol.Header{}
	for _, h := range hs {
		out = append(out, protocol.Header{Key: string(h.Key), Value: protocol.B64(h.Value)})
	}
	return out
}

func emitMessage(m *sarama.ConsumerMessage) {
	protocol.Emit("record", protocol.RecordLine(m.Topic, m.Partition, m.Offset, m.Timestamp, m.Key, m.Value, headers(m.Headers)))
}

func consume(cmd protocol.Command) error {
	consumer, err := sarama.NewConsumer([]string{cmd.Bootstrap}, config(cmd))
	if err != nil {
		return err
	}
	defer consumer.Close()
	partitions := cmd.Partitions
	if len(partitions) == 0 {
		if partitions, err = consumer.Partitions(cmd.Topic); err != nil {
			return err
		}
	}
	kind, at := cmd.StartFrom()
	start := map[string]int64{"earliest": sarama.OffsetOldest, "latest": sarama.OffsetNewest, "offset": at}[kind]
	merged := make(chan *sarama.ConsumerMessage)
	for _, p := range partitions {
		pc, err := consumer.ConsumePartition(cmd.Topic, p, start)
		if err != nil {
			return err
		}
		defer pc.AsyncClose()
		go func() {
			for m := range pc.Messages() {
				merged <- m
			}
		}()
	}
	count := cmd.CountOr(0)
	deadline := time.After(cmd.Timeout(30 * time.Second))
	seen := 0
	for seen < count {
		select {
		case m := <-merged:
			emitMessage(m)
			seen++
		case <-deadline:
			protocol.Emit("done", map[string]any{"count": seen, "timedOut": true})
			os.Exit(0) // partition consumers may still be blocked on `merged`
		}
	}
	protocol.Emit("done", map[string]any{"count": seen, "timedOut": false})
	os.Exit(0) // as above: closing would wait for forwarders nobody reads any more
	return nil
}
