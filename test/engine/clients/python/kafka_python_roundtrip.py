"""kafka-python 2.0.2: version probe, produce N messages, read them back.

Prints one JSON object with the api_version each component inferred from the
broker's ApiVersions v0 + Metadata v0 probe, the send results and the records
consumed. usage: kafka_python_roundtrip.py BOOTSTRAP TOPIC N [gzip|snappy|lz4|zstd]
"""
import json
import logging
import sys
import time

from kafka import KafkaClient, KafkaConsumer, KafkaProducer, TopicPartition

# kafka-python reports fetch errors only through logging: surface them for the test's failure message.
logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

bootstrap, topic, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
compression = sys.argv[4] if len(sys.argv) > 4 else None
timeout_s = 30

# The bare client runs the probe (check_version) itself when api_version is None.
client = KafkaClient(bootstrap_servers=bootstrap, client_id="kafkadesk-kafka-python-probe")
probe_version = client.config["api_version"]
check_version = client.check_version(timeout=10)
client.close()

producer = KafkaProducer(bootstrap_servers=bootstrap, client_id="kafkadesk-kafka-python", acks="all",
                         request_timeout_ms=15000, max_block_ms=15000, compression_type=compression,
                         linger_ms=50)
sent = []
# Send all, then wait: batches of several records, as compression is meant for.
futures = [producer.send(topic, key=f"key-{i}".encode(), value=f"kafka-python value {i} ✓".encode(),
                         headers=[("seq", str(i).encode())], partition=0) for i in range(n)]
for future in futures:
    meta = future.get(timeout=timeout_s)
    sent.append({"partition": meta.partition, "offset": meta.offset})
producer.flush(timeout=timeout_s)
producer_version = producer.config["api_version"]
producer.close(timeout=5)

consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="kafkadesk-kafka-python", group_id=None,
                         enable_auto_commit=False, auto_offset_reset="earliest", request_timeout_ms=15000)
consumer_version = consumer.config["api_version"]
tp = TopicPartition(topic, 0)
consumer.assign([tp])
consumer.seek_to_beginning(tp)
consumed = []
deadline = time.monotonic() + timeout_s
while len(consumed) < n and time.monotonic() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        for r in records:
            consumed.append({
                "partition": r.partition,
                "offset": r.offset,
                "key": r.key.decode() if r.key is not None else None,
                "value": r.value.decode() if r.value is not None else None,
                "headers": [[k, v.decode()] for k, v in r.headers],
                "timestamp": r.timestamp,
            })
consumer.close()

print(json.dumps({
    "probe_version": list(probe_version),
    "check_version": list(check_version),
    "producer_version": list(producer_version),
    "consumer_version": list(consumer_version),
    "sent": sent,
    "consumed": consumed,
}))
