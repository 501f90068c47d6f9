package main

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"kafkadesk.dev/test/clients/go/internal/protocol"
)

func balancer(cmd protocol.Command) (kgo.GroupBalancer, error) {
	switch cmd.Assignor {
	case "range":
		return kgo.RangeBalancer(), nil
	case "roundrobin":
		return kgo.RoundRobinBalancer(), nil
	case "sticky", "uniform": // KIP-848's "uniform" server assignor is franz-go's sticky one
		return kgo.StickyBalancer(), nil
	case "cooperative-sticky":
		return kgo.CooperativeStickyBalancer(), nil
	}
	return nil, fmt.Errorf("unknown assignor %q", cmd.Assignor)
}

func groupConsume(cmd protocol.Command) error {
	var assignment protocol.Assignment
	opts := []kgo.Opt{
		kgo.SeedBrokers(cmd.Bootstrap), kgo.ConsumerGroup(cmd.Group), kgo.ConsumeTopics(cmd.TopicNames()...),
		kgo.FetchIsolationLevel(isolation(cmd)), kgo.ConsumeResetOffset(startOffset(cmd)),
		kgo.OnPartitionsAssigned(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { assignment.Change("assigned", m) }),
		kgo.OnPartitionsRevoked(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { assignment.Change("revoked", m) }),
		kgo.OnPartitionsLost(func(_ context.Context, _ *kgo.Client, m map[string][]int32) { assignment.Change("lost", m) }),
	}
	if cmd.Commit != "auto" {
		opts = append(opts, kgo.DisableAutoCommit())
	}
	if cmd.Assignor != "" {
		b, err := balancer(cmd)
		if err != nil {
			return err
		}
		opts = append(opts, kgo.Balancers(b))
	}
	if cmd.Protocol == "consumer" {
		if cmd.Assignor == "" {
			opts = append(opts, kgo.Balancers(kgo.RangeBalancer()))
		}
		opts = append(opts, kgo.ServerSideBalancer())
	}
	if cmd.InstanceID != "" {
		opts = append(opts, kgo.InstanceID(cmd.InstanceID))
	}
	if cmd.SessionTimeoutMs > 0 {
		opts = append(opts, kgo.SessionTimeout(time.Duration(cmd.SessionTimeoutMs)*time.Millisecond))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return err
	}
	duration := time.Duration(cmd.DurationMs) * time.Millisecond
	if duration == 0 {
		duration = cmd.Timeout(60 * time.Second)
	}
	ctx, cancel := protocol.StopContext(duration)
	defer cancel()
	count := cmd.CountOr(int(^uint(0) >> 1))
	seen := 0
	for seen < count && ctx.Err() == nil {
		fetches := cl.PollFetches(ctx)
		_ = pollErr(fetches)
		var taken []*kgo.Record
		fetches.EachRecord(func(r *kgo.Record) {
			if seen < count {
				emitRecord(r)
				taken = append(taken, r)
				seen++
			}
		})
		if cmd.Commit == "sync" || cmd.Commit == "" {
			if len(taken) == 0 {
				continue
			}
			commitCtx, done := context.WithTimeout(context.Background(), 30*time.Second)
			err := cl.CommitRecords(commitCtx, taken...)
			done()
			if err != nil {
				return err
			}
			next := map[protocol.Partition]int64{}
			for _, r := range taken {
				next[protocol.Partition{Topic: r.Topic, Partition: r.Partition}] = r.Offset + 1
			}
			protocol.Emit("committed", map[string]any{"offsets": protocol.Offsets(next)})
		}
	}
	cl.Close() // leaves the group
	timedOut := cmd.Count != nil && seen < count && ctx.Err() == context.DeadlineExceeded
	protocol.Emit("done", map[string]any{"count": seen, "timedOut": timedOut})
	return nil
}
