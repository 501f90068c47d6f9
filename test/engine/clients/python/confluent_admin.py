"""confluent-kafka-python 1.7.0 AdminClient (librdkafka 2.0.2): CreateTopics v4,
DescribeConfigs v1, AlterConfigs v0, CreatePartitions v0, DeleteTopics v1 and
Metadata v4, as librdkafka negotiates them.

Prints one JSON object of what the client saw; the node test asserts on it.
usage: confluent_admin.py BOOTSTRAP TOPIC
"""
import json
import sys
import time

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

bootstrap, topic = sys.argv[1], sys.argv[2]
timeout_s = 15
admin = AdminClient({"bootstrap.servers": bootstrap, "client.id": "kafkadesk-confluent-admin"})
out = {}


def outcome(future):
    """None on success, else the Kafka error name the broker returned."""
    try:
        future.result(timeout_s)
        return None
    except KafkaException as e:
        return e.args[0].name()


def topic_config():
    resource = ConfigResource("topic", topic)
    entries = admin.describe_configs([resource])[resource].result(timeout_s)
    return {k: entries[k].value for k in ("retention.ms", "cleanup.policy", "segment.bytes") if k in entries}


new = NewTopic(topic, num_partitions=3, replication_factor=1, config={"retention.ms": "3600000"})
out["create"] = outcome(admin.create_topics([new], operation_timeout=10)[topic])
out["create_again"] = outcome(admin.create_topics([new], operation_timeout=10)[topic])
out["partitions"] = sorted(admin.list_topics(topic, timeout=timeout_s).topics[topic].partitions)
out["configs"] = topic_config()

# AlterConfigs (non-incremental) replaces the topic's whole config set.
resource = ConfigResource("topic", topic, set_config={"cleanup.policy": "compact"})
out["alter"] = outcome(admin.alter_configs([resource])[resource])
out["configs_after_alter"] = topic_config()

out["create_partitions"] = outcome(admin.create_partitions([NewPartitions(topic, 5)], operation_timeout=10)[topic])
out["partitions_after"] = sorted(admin.list_topics(topic, timeout=timeout_s).topics[topic].partitions)
out["shrink_partitions"] = outcome(admin.create_partitions([NewPartitions(topic, 2)])[topic])

# Broker resource: the node's own configs, with Kafka's defaults.
broker_id = next(iter(admin.list_topics(timeout=timeout_s).brokers))
broker_resource = ConfigResource("broker", str(broker_id))
broker_entries = admin.describe_configs([broker_resource])[broker_resource].result(timeout_s)
out["broker_configs"] = {k: broker_entries[k].value if k in broker_entries else "(missing)"
                         for k in ("num.partitions", "log.retention.hours", "message.max.bytes", "auto.create.topics.enable")}

out["delete"] = outcome(admin.delete_topics([topic], operation_timeout=10)[topic])
deadline = time.monotonic() + 10
while topic in admin.list_topics(timeout=timeout_s).topics and time.monotonic() < deadline:
    time.sleep(0.2)
out["listed_after_delete"] = topic in admin.list_topics(timeout=timeout_s).topics
print(json.dumps(out))
