"""Transactional producer with confluent-kafka-python (librdkafka 2.0.2): one
aborted transaction of 5 records, then one committed transaction of 3, then read
the partition back with isolation.level read_committed and read_uncommitted.

Prints one JSON object; the node test asserts Kafka's behaviour on it.
usage: confluent_transactions.py BOOTSTRAP TOPIC
"""
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition

bootstrap, topic = sys.argv[1], sys.argv[2]
timeout_s = 10
step = "init_transactions"
try:
    producer = Producer({
        "bootstrap.servers": bootstrap,
        "transactional.id": f"txn-{topic}",
        "transaction.timeout.ms": 30000,
        "message.timeout.ms": 20000,
    })
    producer.init_transactions(timeout_s)
    step = "aborted transaction"
    producer.begin_transaction()
    for i in range(5):
        producer.produce(topic, key=f"a{i}".encode(), value=f"aborted {i}".encode(), partition=0)
    producer.flush(timeout_s)
    producer.abort_transaction(timeout_s)
    step = "committed transaction"
    producer.begin_transaction()
    for i in range(3):
        producer.produce(topic, key=f"c{i}".encode(), value=f"committed {i}".encode(), partition=0)
    producer.commit_transaction(timeout_s)
except Exception as e:  # the test reports the client's own error text
    print(json.dumps({"error": f"{step}: {e!r}"}))
    sys.exit(1)


def read(isolation):
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"unused-{topic}",  # assign() below never joins the group
        "enable.auto.commit": False,
        "enable.partition.eof": True,
        "isolation.level": isolation,
    })
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    out = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                break
            out.append({"error": msg.error().str()})
            continue
        out.append({"offset": msg.offset(), "key": msg.key().decode(), "value": msg.value().decode()})
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    consumer.close()
    return {"records": out, "low": low, "high": high}


print(json.dumps({"read_committed": read("read_committed"), "read_uncommitted": read("read_uncommitted")}))
