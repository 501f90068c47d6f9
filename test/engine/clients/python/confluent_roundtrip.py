"""Produce N messages with confluent-kafka-python (librdkafka), then read them back.

Prints one JSON object: {"delivered": [...], "consumed": [...], "errors": [...]}.
The node test asserts on it; this script only reports what the client saw.

usage: confluent_roundtrip.py BOOTSTRAP TOPIC N [--idempotent] [--compression CODEC]
"""
import argparse
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition

parser = argparse.ArgumentParser()
parser.add_argument("bootstrap")
parser.add_argument("topic")
parser.add_argument("n", type=int)
parser.add_argument("--idempotent", action="store_true")
parser.add_argument("--compression", default="none")
parser.add_argument("--timeout", type=float, default=30.0)
args = parser.parse_args()

errors = []


def on_error(err):
    # Transient errors (e.g. a broker disconnect) are reported too; the test decides.
    errors.append({"code": err.name(), "fatal": err.fatal(), "str": err.str()})


producer_conf = {
    "bootstrap.servers": args.bootstrap,
    "client.id": "kafkadesk-confluent-test",
    "compression.type": args.compression,
    "acks": "all",
    "linger.ms": 5,
    "message.timeout.ms": int(args.timeout * 1000),
    "error_cb": on_error,
}
if args.idempotent:
    producer_conf["enable.idempotence"] = True

delivered = []


def on_delivery(err, msg):
    delivered.append({
        "error": None if err is None else err.str(),
        "partition": msg.partition(),
        "offset": msg.offset(),
        "key": msg.key().decode() if msg.key() is not None else None,
    })


producer = Producer(producer_conf)
for i in range(args.n):
    producer.produce(
        args.topic,
        key=f"key-{i}".encode(),
        value=f"confluent value {i} ✓".encode(),
        headers=[("seq", str(i).encode()), ("origin", b"confluent")],
        partition=0,
        on_delivery=on_delivery,
    )
    producer.poll(0)
remaining = producer.flush(args.timeout)

consumed = []
consumer = Consumer({
    "bootstrap.servers": args.bootstrap,
    "group.id": f"unused-{args.topic}",  # required by the client; assign() never joins the group
    "enable.auto.commit": False,
    "error_cb": on_error,
})
consumer.assign([TopicPartition(args.topic, 0, OFFSET_BEGINNING)])
deadline = time.monotonic() + args.timeout
while len(consumed) < args.n and time.monotonic() < deadline:
    msg = consumer.poll(0.5)
    if msg is None:
        continue
    if msg.error():
        errors.append({"code": msg.error().name(), "fatal": False, "str": msg.error().str()})
        continue
    consumed.append({
        "partition": msg.partition(),
        "offset": msg.offset(),
        "key": msg.key().decode() if msg.key() is not None else None,
        "value": msg.value().decode() if msg.value() is not None else None,
        "headers": [[k, v.decode() if v is not None else None] for k, v in (msg.headers() or [])],
        "timestamp": msg.timestamp()[1],
    })
consumer.close()

print(json.dumps({"delivered": delivered, "unflushed": remaining, "consumed": consumed, "errors": errors}))
