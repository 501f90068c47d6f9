"""kafka-python 2.0.2 KafkaAdminClient: create / describe / alter partitions / delete
topics, describe configs, and list / describe a consumer group and its offsets.
kafka-python picks min(its max, the broker's max) per admin request, so this runs
CreateTopics v3, DeleteTopics v3, CreatePartitions v1, DescribeConfigs v2,
Metadata v5, ListGroups v2, DescribeGroups v2/v3 and OffsetFetch v3 here.

Prints one JSON object of what the client saw; the node test asserts on it.
usage: kafka_python_admin.py BOOTSTRAP TOPIC GROUP
"""
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic

bootstrap, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}
admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kafkadesk-kafka-python-admin", request_timeout_ms=15000)
out["api_version"] = list(admin.config["api_version"])


def topic_errors(response):
    return [[t[0], t[1]] for t in response.topic_errors]


new = NewTopic(topic, num_partitions=3, replication_factor=1,
               topic_configs={"retention.ms": "3600000", "cleanup.policy": "compact"})
out["create"] = topic_errors(admin.create_topics([new], timeout_ms=10000))
try:
    admin.create_topics([new], timeout_ms=10000)
    out["create_again"] = "no error"
except Exception as e:  # kafka-python raises the topic error for the controller's response
    out["create_again"] = type(e).__name__

described = admin.describe_topics([topic])
out["describe_topics"] = [{"topic": t["topic"], "error_code": t["error_code"],
                           "partitions": sorted(p["partition"] for p in t["partitions"])} for t in described]

configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
entries = {}
for response in configs:
    for resource in response.resources:
        out["describe_configs_error"] = resource[0]
        for entry in resource[4]:
            entries[entry[0]] = entry[1]
out["configs"] = {k: entries.get(k) for k in ("retention.ms", "cleanup.policy", "segment.bytes", "min.insync.replicas")}

out["create_partitions"] = topic_errors(admin.create_partitions({topic: NewPartitions(total_count=5)}, timeout_ms=10000))
out["partitions_after"] = sorted(p["partition"] for p in admin.describe_topics([topic])[0]["partitions"])

# A group with committed offsets, made by a real kafka-python consumer.
producer = KafkaProducer(bootstrap_servers=bootstrap)
for p in range(5):
    producer.send(topic, key=b"k", value=f"to {p}".encode(), partition=p)
producer.flush(10)
producer.close()
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=False)
seen = 0
deadline = time.monotonic() + 30
while seen < 5 and time.monotonic() < deadline:
    seen += sum(len(v) for v in consumer.poll(timeout_ms=500).values())
consumer.commit()
consumer.close()

out["groups"] = sorted([g[0], g[1]] for g in admin.list_consumer_groups() if g[0] == group)
desc = admin.describe_consumer_groups([group])[0]
out["group_description"] = {"error_code": desc.error_code, "state": desc.state, "protocol_type": desc.protocol_type,
                            "members": len(desc.members)}
offsets = admin.list_consumer_group_offsets(group)
out["group_offsets"] = sorted([tp.topic == topic, tp.partition, om.offset] for tp, om in offsets.items())

out["delete"] = [[t[0], t[1]] for t in admin.delete_topics([topic], timeout_ms=10000).topic_error_codes]
deadline = time.monotonic() + 10
while topic in admin.list_topics() and time.monotonic() < deadline:
    time.sleep(0.2)
out["listed_after_delete"] = topic in admin.list_topics()
admin.close()
print(json.dumps(out))
