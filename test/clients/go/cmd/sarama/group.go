package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/IBM/sarama"

	"kafkadesk.dev/test/clients/go/internal/protocol"
)

// member is the ConsumerGroupHandler: claims run concurrently, one goroutine per partition.
type member struct {
	cmd        protocol.Command
	assignment protocol.Assignment
	mu         sync.Mutex
	seen       int
	count      int
	stop       context.CancelFunc
}

func (m *member) Setup(s sarama.ConsumerGroupSession) error {
	m.assignment.Change("assigned", s.Claims())
	return nil
}

func (m *member) Cleanup(s sarama.ConsumerGroupSession) error {
	m.assignment.Change("revoked", s.Claims())
	return nil
}

func (m *member) ConsumeClaim(s sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		m.mu.Lock()
		if m.seen >= m.count {
			m.mu.Unlock()
			return nil
		}
		emitMessage(msg)
		m.seen++
		reached := m.seen >= m.count
		if m.cmd.Commit != "none" {
			s.MarkMessage(msg, "")
		}
		if m.cmd.Commit == "sync" || m.cmd.Commit == "" {
			s.Commit()
			protocol.Emit("committed", map[string]any{"offsets": protocol.Offsets(map[protocol.Partition]int64{{Topic: msg.Topic, Partition: msg.Partition}: msg.Offset + 1})})
		}
		m.mu.Unlock()
		if reached {
			m.stop()
			return nil
		}
	}
	return nil
}

var strategies = map[string]func() sarama.BalanceStrategy{
	"range":      sarama.NewBalanceStrategyRange,
	"roundrobin": sarama.NewBalanceStrategyRoundRobin,
	"sticky":     sarama.NewBalanceStrategySticky,
}

func groupConsume(cmd protocol.Command) error {
	if cmd.Protocol == "consumer" {
		return fmt.Errorf("sarama has no KIP-848 consumer protocol")
	}
	c := config(cmd)
	if cmd.Assignor != "" {
		s, ok := strategies[cmd.Assignor]
		if !ok {
			return fmt.Errorf("sarama has no %q assignor", cmd.Assignor)
		}
		c.Consumer.Group.Rebalance.GroupStrategies = []sarama.BalanceStrategy{s()}
	}
	c.Consumer.Offsets.AutoCommit.Enable = cmd.Commit == "auto"
	c.Consumer.Offsets.Initial = sarama.OffsetOldest
	if f, _ := cmd.StartFrom(); f == "latest" {
		c.Consumer.Offsets.Initial = sarama.OffsetNewest
	}
	if cmd.InstanceID != "" {
		c.Consumer.Group.InstanceId = cmd.InstanceID
	}
	if cmd.SessionTimeoutMs > 0 {
		c.Consumer.Group.Session.Timeout = time.Duration(cmd.SessionTimeoutMs) * time.Millisecond
	}
	group, err := sarama.NewConsumerGroup([]string{cmd.Bootstrap}, cmd.Group, c)
	if err != nil {
		return err
	}
	duration := time.Duration(cmd.DurationMs) * time.Millisecond
	if duration == 0 {
		duration = cmd.Timeout(60 * time.Second)
	}
	ctx, cancel := protocol.StopContext(duration)
	defer cancel()
	m := &member{cmd: cmd, count: cmd.CountOr(int(^uint(0) >> 1)), stop: cancel}
	go func() {
		for err := range group.Errors() {
			fmt.Fprintln(os.Stderr, "group error:", err)
		}
	}()
	for ctx.Err() == nil {
		if err := group.Consume(ctx, cmd.TopicNames(), m); err != nil && ctx.Err() == nil {
			return err
		}
	}
	if err := group.Close(); err != nil { // leaves the group
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	timedOut := cmd.Count != nil && m.seen < m.count && ctx.Err() == context.DeadlineExceeded
	protocol.Emit("done", map[string]any{"count": m.seen, "timedOut": timedOut})
	return nil
}
