package main

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/IBM/sarama"

	"kafkadesk.dev/test/clients/go/internal/protocol"
)

func admin(cmd protocol.Command) error {
	adm, err := sarama.NewClusterAdmin([]string{cmd.Bootstrap}, config(cmd))
	if err != nil {
		return err
	}
	defer adm.Close()
	switch cmd.Action {
	case "create-topics":
		for _, t := range cmd.TopicSpecs() {
			d := &sarama.TopicDetail{NumPartitions: -1, ReplicationFactor: -1, ConfigEntries: map[string]*string{}}
			if t.Partitions != nil {
				d.NumPartitions = *t.Partitions
			}
			if t.ReplicationFactor != nil {
				d.ReplicationFactor = *t.ReplicationFactor
			}
			for k, v := range t.Configs {
				d.ConfigEntries[k] = &v
			}
			err := adm.CreateTopic(t.Name, d, cmd.ValidateOnly)
			protocol.Emit("topic-created", map[string]any{"name": t.Name, "error": errorInfo(err)})
		}
	case "delete-topics":
		for _, name := range cmd.TopicNames() {
			protocol.Emit("topic-deleted", map[string]any{"name": name, "error": errorInfo(adm.DeleteTopic(name))})
		}
	case "describe-topics":
		mds, err := adm.DescribeTopics(cmd.TopicNames())
		if err != nil {
			return err
		}
		for _, md := range mds {
			if md.Err != sarama.ErrNoError {
				protocol.Emit("topic", map[string]any{"name": md.Name, "error": errorInfo(md.Err)})
				continue
			}
			sort.Slice(md.Partitions, func(i, j int) bool { return md.Partitions[i].ID < md.Partitions[j].ID })
			parts := []map[string]any{}
			for _, p := range md.Partitions {
				parts = append(parts, map[string]any{"partition": p.ID, "leader": p.Leader, "replicas": p.Replicas, "isr": p.Isr})
			}
			protocol.Emit("topic", map[string]any{"name": md.Name, "error": nil, "topicId": md.Uuid.String(), "internal": md.IsInternal, "partitions": parts})
		}
	case "describe-configs":
		for _, name := range cmd.TopicNames() {
			describeConfigs(adm, "topic", sarama.TopicResource, name)
		}
		for _, id := range cmd.Brokers {
			describeConfigs(adm, "broker", sarama.BrokerResource, strconv.Itoa(int(id)))
		}
	case "alter-configs":
		entries := map[string]sarama.IncrementalAlterConfigsEntry{}
		for k, v := range cmd.Set {
			entries[k] = sarama.IncrementalAlterConfigsEntry{Operation: sarama.IncrementalAlterConfigsOperationSet, Value: &v}
		}
		for _, k := range cmd.Delete {
			entries[k] = sarama.IncrementalAlterConfigsEntry{Operation: sarama.IncrementalAlterConfigsOperationDelete}
		}
		err := adm.IncrementalAlterConfig(sarama.TopicResource, cmd.Topic, entries, false)
		protocol.Emit("configs-altered", map[string]any{"name": cmd.Topic, "error": errorInfo(err)})
	default:
		return fmt.Errorf("unknown admin action %q", cmd.Action)
	}
	protocol.Emit("done", map[string]any{})
	return nil
}

func describeConfigs(adm sarama.ClusterAdmin, kind string, t sarama.ConfigResourceType, name string) {
	entries, err := adm.DescribeConfig(sarama.ConfigResource{Type: t, Name: name})
	if err != nil {
		protocol.Emit("configs", map[string]any{"resourceType": kind, "name": name, "error": errorInfo(err)})
		return
	}
	configs := map[string]any{}
	for _, e := range entries {
		configs[e.Name] = map[string]any{"value": e.Value, "source": protocol.ConfigSourceName(int8(e.Source)), "readOnly": e.ReadOnly, "sensitive": e.Sensitive}
	}
	protocol.Emit("configs", map[string]any{"resourceType": kind, "name": name, "error": nil, "configs": configs})
}
