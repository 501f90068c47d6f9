"""Opens a transaction with confluent-kafka-python, produces 3 records, flushes, and
holds the transaction open: it prints "open", then commits once SIGNAL_FILE exists
(printing "committed"), or with SIGNAL_FILE "-" never ends it (the test kills it and
the broker must abort it after transaction.timeout.ms).

usage: confluent_txn_hold.py BOOTSTRAP TOPIC TXN_TIMEOUT_MS SIGNAL_FILE|-
"""
import os
import sys
import time

from confluent_kafka import Producer

bootstrap, topic, txn_timeout_ms, signal_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
producer = Producer({
    "bootstrap.servers": bootstrap,
    "transactional.id": f"hold-{topic}",
    "transaction.timeout.ms": txn_timeout_ms,
})
producer.init_transactions(15)
producer.begin_transaction()
for i in range(3):
    producer.produce(topic, key=f"t{i}".encode(), value=f"in transaction {i}".encode(), partition=0)
remaining = producer.flush(15)
if remaining:
    print(f"flush left {remaining} messages", file=sys.stderr)
    sys.exit(1)
print("open", flush=True)

deadline = time.monotonic() + 60
while True:
    if signal_file != "-" and os.path.exists(signal_file):
        break
    if time.monotonic() > deadline:
        print("no signal within 60 s", file=sys.stderr)
        sys.exit(1)
    time.sleep(0.05)
producer.commit_transaction(15)
print("committed", flush=True)
