"""Produce-latency probe for bench/loaded-latency.ts, in its own process: librdkafka (confluent-kafka 2.x from
scripts/clients/setup.sh's venv), idempotent, acks=all, linger.ms=0, one 100-byte record at a fixed rate (a
process starved for a while resumes the schedule from then, no catch-up burst). Each
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


def serve_reports():
    # Delivery reports are served the moment they arrive (poll blocks without spinning), so a record's latency
    # does not include waiting for the sending loop's next turn.
    while not stop.is_set():
        producer.poll(0.1)


poller = threading.Thread(target=serve_reports, daemon=True)
poller.start()
print('ready', flush=True)
value = b'l' * 100
start = time.monotonic()
i = 0
while not stop.is_set():
    due = start + i / rate
    wait = due - time.monotonic()
    if wait > 0:
        # Sleep rather than spin in poll(): on a busy machine the scheduler favours a thread that wakes up.
        time.sleep(wait)
    elif wait < -0.1:
        # Starved for over 100 ms: go on from now instead of sending the missed records in one burst.
        start -= wait
    sent_at = time.time() * 1000.0
    producer.produce(topic, value, on_delivery=lambda err, msg, at=sent_at: delivered(err, msg, at))
    i += 1
poller.join()
producer.flush(30)
if failures:
    print(f'{len(failures)} records failed, first: {failures[0]}', file=sys.stderr)
print(json.dumps(samples), flush=True)
