"""Idempotent confluent-kafka-python producer that keeps producing at a steady pace
while the test kills and restarts the broker under it. Prints "progress N" lines as
it goes (the test kills the broker once it sees enough) and finally one JSON object
with every delivery report and client error.

usage: confluent_idempotent_paced.py BOOTSTRAP TOPIC N INTERVAL_MS
"""
import json
import sys
import time

from confluent_kafka import Producer

bootstrap, topic, n, interval_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
errors = []
delivered = []


def on_error(err):
    errors.append({"code": err.name(), "fatal": err.fatal(), "str": err.str()})


def on_delivery(err, msg):
    delivered.append({"error": None if err is None else err.str(), "offset": msg.offset(),
                      "value": msg.value().decode()})


producer = Producer({
    "bootstrap.servers": bootstrap,
    "enable.idempotence": True,
    "linger.ms": 5,
    # Long enough to ride out the broker's restart; retries are what idempotence makes safe.
    "message.timeout.ms": 60000,
    "reconnect.backoff.ms": 50,
    "reconnect.backoff.max.ms": 500,
    "error_cb": on_error,
})
for i in range(n):
    producer.produce(topic, value=f"m-{i}".encode(), partition=0, on_delivery=on_delivery)
    producer.poll(interval_ms / 1000)
    if i % 10 == 9:
        print(f"progress {i + 1}", flush=True)
remaining = producer.flush(60)
print(json.dumps({"delivered": delivered, "unflushed": remaining, "errors": errors}), flush=True)
