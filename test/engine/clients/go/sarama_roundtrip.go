// sarama_roundtrip: produce N messages with a SyncProducer, then read them back
// with a partition consumer, and print one JSON object per line so the node test
// can assert exact contents. Built in GOPATH mode against Debian's
// golang-github-shopify-sarama-dev (1.22.1) because CI has no Go module proxy.
//
// Usage: sarama_roundtrip -broker host:port -topic T -n N [-compression none|gzip|snappy|lz4] [-idempotent]
//
// No zstd: sarama 1.22 sends it in Produce v3, which Kafka rejects (zstd needs Produce v7).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/Shopify/sarama"
)

type produced struct {
	Kind      string `json:"kind"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       string `json:"key"`
	Value     string `json:"value"`
}

type consumed struct {
	Kind      string            `json:"kind"`
	Partition int32             `json:"partition"`
	Offset    int64             `json:"offset"`
	Key       string            `json:"key"`
	Value     string            `json:"value"`
	Headers   map[string]string `json:"headers"`
	Timestamp int64             `json:"timestampMs"`
}

func emit(v interface{}) {
	b, err := json.Marshal(v)
	if err != nil {
		fail("marshal: %v", err)
	}
	fmt.Println(string(b))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "sarama_roundtrip: "+format+"\n", args...)
	os.Exit(1)
}

func codec(name string) sarama.CompressionCodec {
	switch name {
	case "none":
		return sarama.CompressionNone
	case "gzip":
		return sarama.CompressionGZIP
	case "snappy":
		return sarama.CompressionSnappy
	case "lz4":
		return sarama.CompressionLZ4
	}
	fail("unknown compression %q", name)
	return sarama.CompressionNone
}

func main() {
	broker := flag.String("broker", "", "bootstrap host:port")
	topic := flag.String("topic", "", "topic (must exist, partition 0 is used)")
	n := flag.Int("n", 10, "number of messages")
	compression := flag.String("compression", "none", "none|gzip|snappy|lz4")
	timeout := flag.Duration("timeout", 20*time.Second, "consume deadline")
	idempotent := flag.Bool("idempotent", false, "idempotent producer (InitProducerId v0)")
	flag.Parse()
	if *broker == "" || *topic == "" {
		fail("-broker and -topic are required")
	}

	cfg := sarama.NewConfig()
	cfg.ClientID = "kafkadesk-sarama-test"
	cfg.Version = sarama.V2_0_0_0
	cfg.Producer.Return.Successes = true
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Partitioner = sarama.NewManualPartitioner
	cfg.Producer.Compression = codec(*compression)
	if *idempotent {
		cfg.Producer.Idempotent = true
		cfg.Net.MaxOpenRequests = 1
	}
	cfg.Metadata.Retry.Max = 5
	cfg.Metadata.Retry.Backoff = 200 * time.Millisecond
	cfg.Net.DialTimeout = 5 * time.Second
	cfg.Net.ReadTimeout = 10 * time.Second
	cfg.Net.WriteTimeout = 10 * time.Second

	producer, err := sarama.NewSyncProducer([]string{*broker}, cfg)
	if err != nil {
		fail("NewSyncProducer: %v", err)
	}
	for i := 0; i < *n; i++ {
		msg := &sarama.ProducerMessage{
			Topic:     *topic,
			Partition: 0,
			Key:       sarama.StringEncoder(fmt.Sprintf("key-%d", i)),
			Value:     sarama.StringEncoder(fmt.Sprintf("sarama value %d ✓", i)),
			Headers:   []sarama.RecordHeader{{Key: []byte("seq"), Value: []byte(fmt.Sprintf("%d", i))}},
		}
		partition, offset, err := producer.SendMessage(msg)
		if err != nil {
			fail("SendMessage %d: %v", i, err)
		}
		emit(produced{"produced", partition, offset, fmt.Sprintf("key-%d", i), fmt.Sprintf("sarama value %d ✓", i)})
	}
	if err := producer.Close(); err != nil {
		fail("producer.Close: %v", err)
	}

	consumer, err := sarama.NewConsumer([]string{*broker}, cfg)
	if err != nil {
		fail("NewConsumer: %v", err)
	}
	defer consumer.Close()
	pc, err := consumer.ConsumePartition(*topic, 0, sarama.OffsetOldest)
	if err != nil {
		fail("ConsumePartition: %v", err)
	}
	defer pc.Close()
	deadline := time.After(*timeout)
	for got := 0; got < *n; {
		select {
		case m := <-pc.Messages():
			headers := map[string]string{}
			for _, h := range m.Headers {
				headers[string(h.Key)] = string(h.Value)
			}
			emit(consumed{"consumed", m.Partition, m.Offset, string(m.Key), string(m.Value), headers, m.Timestamp.UnixNano() / int64(time.Millisecond)})
			got++
		case e := <-pc.Errors():
			fail("consume: %v", e)
		case <-deadline:
			fail("timed out after consuming %d of %d messages", got, *n)
		}
	}
}
