package main

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"kafkadesk.dev/test/clients/go/internal/protocol"
)

func admin(cmd protocol.Command) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(cmd.Bootstrap))
	if err != nil {
		return err
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ctx, cancel := context.WithTimeout(context.Background(), cmd.Timeout(60*time.Second))
	defer cancel()
	switch cmd.Action {
	case "create-topics":
		create := adm.CreateTopics
		if cmd.ValidateOnly {
			create = adm.ValidateCreateTopics
		}
		for _, t := range cmd.TopicSpecs() {
			configs := map[string]*string{}
			for k, v := range t.Configs {
				configs[k] = &v
			}
			partitions, rf := int32(-1), int16(-1)
			if t.Partitions != nil {
				partitions = *t.Partitions
			}
			if t.ReplicationFactor != nil {
				rf = *t.ReplicationFactor
			}
			res, err := create(ctx, partitions, rf, configs, t.Name)
			if err != nil {
				return err
			}
			protocol.Emit("topic-created", map[string]any{"name": t.Name, "error": protocol.ErrorInfo(res[t.Name].Err)})
		}
	case "delete-topics":
		res, err := adm.DeleteTopics(ctx, cmd.TopicNames()...)
		if err != nil {
			return err
		}
		for _, name := range cmd.TopicNames() {
			protocol.Emit("topic-deleted", map[string]any{"name": name, "error": protocol.ErrorInfo(res[name].Err)})
		}
	case "describe-topics":
		res, err := adm.ListTopics(ctx, cmd.TopicNames()...)
		if err != nil {
			return err
		}
		for _, name := range cmd.TopicNames() {
			d := res[name]
			if d.Err != nil {
				protocol.Emit("topic", map[string]any{"name": name, "error": protocol.ErrorInfo(d.Err)})
				continue
			}
			parts := []map[string]any{}
			for _, p := range d.Partitions.Sorted() {
				parts = append(parts, map[string]any{"partition": p.Partition, "leader": p.Leader, "replicas": p.Replicas, "isr": p.ISR})
			}
			protocol.Emit("topic", map[string]any{"name": name, "error": nil, "topicId": d.ID.String(), "internal": d.IsInternal, "partitions": parts})
		}
	case "describe-configs":
		if names := cmd.TopicNames(); len(names) > 0 {
			rc, err := adm.DescribeTopicConfigs(ctx, names...)
			if err != nil {
				return err
			}
			emitConfigs("topic", rc)
		}
		if len(cmd.Brokers) > 0 {
			rc, err := adm.DescribeBrokerConfigs(ctx, cmd.Brokers...)
			if err != nil {
				return err
			}
			emitConfigs("broker", rc)
		}
	case "alter-configs":
		var alters []kadm.AlterConfig
		for k, v := range cmd.Set {
			alters = append(alters, kadm.AlterConfig{Op: kadm.SetConfig, Name: k, Value: &v})
		}
		for _, k := range cmd.Delete {
			alters = append(alters, kadm.AlterConfig{Op: kadm.DeleteConfig, Name: k})
		}
		res, err := adm.AlterTopicConfigs(ctx, alters, cmd.Topic)
		if err != nil {
			return err
		}
		for _, r := range res {
			protocol.Emit("configs-altered", map[string]any{"name": r.Name, "error": protocol.ErrorInfo(r.Err)})
		}
	default:
		return fmt.Errorf("unknown admin action %q", cmd.Action)
	}
	protocol.Emit("done", map[string]any{})
	return nil
}

func emitConfigs(kind string, all kadm.ResourceConfigs) {
	for _, rc := range all {
		if rc.Err != nil {
			protocol.Emit("configs", map[string]any{"resourceType": kind, "name": rc.Name, "error": protocol.ErrorInfo(rc.Err)})
			continue
		}
		configs := map[string]any{}
		for _, c := range rc.Configs {
			// kadm does not keep DescribeConfigs' read-only flag.
			configs[c.Key] = map[string]any{"value": c.Value, "source": c.Source.String(), "readOnly": false, "sensitive": c.Sensitive}
		}
		protocol.Emit("configs", map[string]any{"resourceType": kind, "name": rc.Name, "error": nil, "configs": configs})
	}
}
