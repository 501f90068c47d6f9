"""kafka-python 2.0.2 consumer-group member (JoinGroup v2, SyncGroup v1, Heartbeat v1,
OffsetCommit v2, OffsetFetch v1). Consumes until N messages were seen (and it owns
at least one partition), commits synchronously, and prints one JSON object with the
messages, its assignment, and the group's committed offsets before and after.

usage: kafka_python_group.py BOOTSTRAP TOPIC GROUP N
"""
import json
import sys
import time

from kafka import KafkaConsumer, TopicPartition

bootstrap, topic, group, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
deadline = time.monotonic() + 40

consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, client_id="kafkadesk-kafka-python-group",
                         auto_offset_reset="earliest", enable_auto_commit=False,
                         session_timeout_ms=10000, heartbeat_interval_ms=1000, request_timeout_ms=15000)
# Before joining: what the group has committed (OffsetFetch needs no membership).
partitions = sorted(consumer.partitions_for_topic(topic) or [])
committed_before = {p: consumer.committed(TopicPartition(topic, p)) for p in partitions}
consumer.subscribe([topic])

messages = []
while time.monotonic() < deadline:
    batch = consumer.poll(timeout_ms=500)
    assignment = consumer.assignment()
    for records in batch.values():
        for r in records:
            messages.append({"partition": r.partition, "offset": r.offset,
                             "key": r.key.decode() if r.key is not None else None,
                             "value": r.value.decode() if r.value is not None else None})
    if assignment and len(messages) >= n:
        break
else:
    print(json.dumps({"error": "timed out", "messages": messages}))
    sys.exit(1)

consumer.commit()
assignment = sorted(tp.partition for tp in consumer.assignment())
committed = {tp.partition: consumer.committed(tp) for tp in consumer.assignment()}
consumer.close()
print(json.dumps({
    "api_version": list(consumer.config["api_version"]),
    "assignment": assignment,
    "committed_before": {str(k): v for k, v in committed_before.items()},
    "committed": {str(k): v for k, v in committed.items()},
    "messages": messages,
}))
