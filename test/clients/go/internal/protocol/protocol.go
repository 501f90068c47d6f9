// Package protocol is the JSON-lines protocol every test driver speaks (test/clients/README.md):
// the command a driver gets as its only argument and the lines it prints.
package protocol

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
)

// Header is a record header; Value is base64 or null.
type Header struct {
	Key   string  `json:"key"`
	Value *string `json:"value"`
}

// Record is a record to produce; Key and Value are base64 or null.
type Record struct {
	Key       *string  `json:"key"`
	Value     *string  `json:"value"`
	Headers   []Header `json:"headers"`
	Partition *int32   `json:"partition"`
	Timestamp *int64   `json:"timestamp"`
}

// TopicSpec is a topic to create.
type TopicSpec struct {
	Name              string            `json:"name"`
	Partitions        *int32            `json:"partitions"`
	ReplicationFactor *int16            `json:"replicationFactor"`
	Configs           map[string]string `json:"configs"`
}

// Command is every op's fields; each op reads the ones it needs.
type Command struct {
	Op        string          `json:"op"`
	Bootstrap string          `json:"bootstrap"`
	TimeoutMs int64           `json:"timeoutMs"`
	Topic     string          `json:"topic"`
	Topics    json.RawMessage `json:"topics"`

	Records         []Record `json:"records"`
	Acks            *int     `json:"acks"`
	Idempotent      bool     `json:"idempotent"`
	Compression     string   `json:"compression"`
	TransactionalID string   `json:"transactionalId"`
	EndTransaction  string   `json:"endTransaction"`

	Partitions []int32         `json:"partitions"`
	From       json.RawMessage `json:"from"`
	Count      *int            `json:"count"`
	Isolation  string          `json:"isolation"`

	Group            string `json:"group"`
	DurationMs       int64  `json:"durationMs"`
	Commit           string `json:"commit"`
	Assignor         string `json:"assignor"`
	Protocol         string `json:"protocol"`
	InstanceID       string `json:"instanceId"`
	SessionTimeoutMs int64  `json:"sessionTimeoutMs"`

	Action       string            `json:"action"`
	ValidateOnly bool              `json:"validateOnly"`
	Brokers      []int32           `json:"brokers"`
	Set          map[string]string `json:"set"`
	Delete       []string          `json:"delete"`
}

// Parse reads the command from the program's only argument.
func Parse() Command {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: driver '<json command>'")
		os.Exit(2)
	}
	var c Command
	if err := json.Unmarshal([]byte(os.Args[1]), &c); err != nil {
		Fail(fmt.Errorf("bad command: %w", err))
	}
	return c
}

// Acks is the command's acks (default -1, all replicas).
func (c Command) AcksOrAll() int {
	if c.Acks == nil {
		return -1
	}
	return *c.Acks
}

// TopicNames is `topics` given as names (or specs, whose names are taken).
func (c Command) TopicNames() []string {
	var names []string
	if json.Unmarshal(c.Topics, &names) == nil {
		return names
	}
	for _, s := range c.TopicSpecs() {
		names = append(names, s.Name)
	}
	return names
}

// TopicSpecs is `topics` given as specs.
func (c Command) TopicSpecs() []TopicSpec {
	var specs []TopicSpec
	_ = json.Unmarshal(c.Topics, &specs)
	return specs
}

// StartFrom is `from`: "earliest" (default), "latest", or an offset.
func (c Command) StartFrom() (kind string, offset int64) {
	if len(c.From) == 0 {
		return "earliest", 0
	}
	if json.Unmarshal(c.From, &offset) == nil {
		return "offset", offset
	}
	_ = json.Unmarshal(c.From, &kind)
	return kind, 0
}

// CountOr is `count`, or def when absent.
func (c Command) CountOr(def int) int {
	if c.Count == nil {
		return def
	}
	return *c.Count
}

// Timeout is `timeoutMs` or def.
func (c Command) Timeout(def time.Duration) time.Duration {
	if c.TimeoutMs > 0 {
		return time.Duration(c.TimeoutMs) * time.Millisecond
	}
	return def
}

// Bytes decodes a base64 field; null stays nil, "" becomes an empty, non-nil slice.
func Bytes(s *string) []byte {
	if s == nil {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(*s)
	if err != nil {
		Fail(fmt.Errorf("bad base64 %q: %w", *s, err))
	}
	if b == nil {
		b = []byte{}
	}
	return b
}

// B64 encodes bytes for output; nil is null.
func B64(b []byte) *string {
	if b == nil {
		return nil
	}
	s := base64.StdEncoding.EncodeToString(b)
	return &s
}

var outMu sync.Mutex

// Emit prints one line of type `typ` with the given fields.
func Emit(typ string, fields map[string]any) {
	line := map[string]any{"type": typ}
	for k, v := range fields {
		line[k] = v
	}
	b, err := json.Marshal(line)
	if err != nil {
		panic(err)
	}
	outMu.Lock()
	defer outMu.Unlock()
	os.Stdout.Write(append(b, '\n'))
}

// RecordLine is the fields of a consumed record's line.
func RecordLine(topic string, partition int32, offset int64, ts time.Time, key, value []byte, headers []Header) map[string]any {
	if headers == nil {
		headers = []Header{}
	}
	return map[string]any{
		"topic": topic, "partition": partition, "offset": offset, "timestamp": ts.UnixMilli(),
		"key": B64(key), "value": B64(value), "headers": headers,
	}
}

// ErrorInfo is Kafka's error code and name for err (code nil when it is no Kafka error).
func ErrorInfo(err error) map[string]any {
	if err == nil {
		return nil
	}
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return map[string]any{"code": ke.Code, "name": ke.Message, "message": err.Error()}
	}
	return map[string]any{"code": nil, "name": fmt.Sprintf("%T", err), "message": err.Error()}
}

// KafkaCode turns a broker error code into the same shape as ErrorInfo (nil for 0).
func KafkaCode(code int16, err error) map[string]any {
	if code == 0 {
		return nil
	}
	name := "UNKNOWN_SERVER_ERROR"
	if ke := kerr.ErrorForCode(code); ke != nil {
		var k *kerr.Error
		if errors.As(ke, &k) {
			name = k.Message
		}
	}
	msg := name
	if err != nil {
		msg = err.Error()
	}
	return map[string]any{"code": code, "name": name, "message": msg}
}

// Fail prints an error line and exits 1.
func Fail(err error) {
	Emit("error", map[string]any{"error": ErrorInfo(err)})
	fmt.Fprintln(os.Stderr, "driver failed:", err)
	os.Exit(1)
}

// ConfigSourceName is Kafka's name for a DescribeConfigs source id.
func ConfigSourceName(id int8) string {
	names := []string{"UNKNOWN", "DYNAMIC_TOPIC_CONFIG", "DYNAMIC_BROKER_CONFIG", "DYNAMIC_DEFAULT_BROKER_CONFIG",
		"STATIC_BROKER_CONFIG", "DEFAULT_CONFIG", "DYNAMIC_BROKER_LOGGER_CONFIG", "CLIENT_METRICS_CONFIG", "GROUP_CONFIG"}
	if id < 0 || int(id) >= len(names) {
		return "UNKNOWN"
	}
	return names[id]
}

// StopContext is cancelled after d, or when a line "stop" arrives on stdin.
func StopContext(d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "stop" {
				cancel()
			}
		}
	}()
	return ctx, cancel
}

// Partition is one topic partition in an assignment line.
type Partition struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
}

// CommittedOffset is one entry of a committed line.
type CommittedOffset struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}
