"""kafka-python 2.0.2 and record timestamps: produce records with explicit CreateTime
timestamps (given as a comma-separated list of epoch ms), then ask the broker with
ListOffsets v1 for the offsets of several target timestamps, and for the beginning
and end offsets; finally read the records back with their timestamps and types.

Prints one JSON object; the node test computes what Kafka answers and compares.
usage: kafka_python_timestamps.py BOOTSTRAP TOPIC TS1,TS2,... TARGET1,TARGET2,...
"""
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

bootstrap, topic = sys.argv[1], sys.argv[2]
timestamps = [int(t) for t in sys.argv[3].split(",")]
targets = [int(t) for t in sys.argv[4].split(",")]
tp = TopicPartition(topic, 0)

producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
sent = []
for i, ts in enumerate(timestamps):
    # One send at a time: one batch per record, so batch max timestamps differ.
    meta = producer.send(topic, key=f"k{i}".encode(), value=f"v{i}".encode(), partition=0, timestamp_ms=ts).get(timeout=15)
    sent.append({"offset": meta.offset, "timestamp": meta.timestamp})
producer.close(timeout=5)

consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                         auto_offset_reset="earliest", request_timeout_ms=15000)
lookups = []
for t in targets:
    r = consumer.offsets_for_times({tp: t})[tp]
    lookups.append({"target": t, "offset": None if r is None else r.offset,
                    "timestamp": None if r is None else r.timestamp})
beginning = consumer.beginning_offsets([tp])[tp]
end = consumer.end_offsets([tp])[tp]

consumer.assign([tp])
consumer.seek_to_beginning(tp)
records = []
deadline = time.monotonic() + 20
while len(records) < len(timestamps) and time.monotonic() < deadline:
    for batch in consumer.poll(timeout_ms=500).values():
        for r in batch:
            records.append({"offset": r.offset, "timestamp": r.timestamp, "timestamp_type": r.timestamp_type})
consumer.close()
print(json.dumps({"sent": sent, "lookups": lookups, "beginning": beginning, "end": end, "records": records}))
