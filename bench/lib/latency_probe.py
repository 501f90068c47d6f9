"""Produce-latency probe for bench/loaded-latency.ts, in its own process: librdkafka (confluent-kafka 2.x from
scripts/clients/setup.sh's venv), idempotent, acks=all, linger.ms=0, one 100-byte record at a fixed rate. Each
record's latency is librdkafka's own (produce() to delivery report). Prints "ready" once it produces; on "stop"
(or stdin closed) it flushes and prints one JSON line: [sentAtEpochMs, latencyMs] per record.

    python latency_probe.py HOST:PORT TOPIC RATE_PER_SEC
"""
import json
import sys
import threading
import time

from confluent_kafka import Producer

bootstrap, topic, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
producer = Producer({
    'bootstrap.servers': bootstrap, 'enable.idempotence': True, 'acks': 'all', 'linger.ms': 0,
    'client.id': 'kafkadesk-latency-probe',
})
samples = []
failures = []


def delivered(err, msg, sent_at):
    if err is not None:
        failures.append(str(err))
    else:
        samples.append([sent_at, msg.latency() * 1000.0])


producer.produce(topic, b'warm-up')
producer.flush(30)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
print('ready', flush=True)
value = b'l' * 100
start = time.monotonic()
i = 0
while not stop.is_set():
    due = start + i / rate
    wait = due - time.monotonic()
    if wait > 0:
        producer.poll(wait)
    sent_at = time.time() * 1000.0
    producer.produce(topic, value, on_delivery=lambda err, msg, at=sent_at: delivered(err, msg, at))
    producer.poll(0)
    i += 1
producer.flush(30)
if failures:
    print(f'{len(failures)} records failed, first: {failures[0]}', file=sys.stderr)
print(json.dumps(samples), flush=True)
