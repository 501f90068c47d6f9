"""Consume-transform-produce with confluent-kafka-python (librdkafka 2.0.2): read 5 records of
INPUT in group GROUP, write them upper-cased to OUTPUT and commit the group's offsets inside the
same transaction (send_offsets_to_transaction: AddOffsetsToTxn + TxnOffsetCommit v3 with the
group generation), then report the group's committed offset and OUTPUT read with read_committed.

usage: confluent_send_offsets.py BOOTSTRAP INPUT OUTPUT GROUP
"""
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition

bootstrap, input_topic, output_topic, group = sys.argv[1:5]
timeout_s = 15


def committed(isolation):
    """The group's committed offset as a fresh consumer of that isolation level sees it (read_committed
    sends OffsetFetch with require_stable, which retries UNSTABLE_OFFSET_COMMIT until it times out)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "isolation.level": isolation})
    try:
        return c.committed([TopicPartition(input_topic, 0)], timeout=3)[0].offset
    except KafkaException as e:
        return e.args[0].name()
    finally:
        c.close()


plain = Producer({"bootstrap.servers": bootstrap})
for i in range(5):
    plain.produce(input_topic, key=f"k{i}".encode(), value=f"value {i}".encode(), partition=0)
plain.flush(timeout_s)

consumer = Consumer({
    "bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
    "auto.offset.reset": "earliest", "isolation.level": "read_committed",
})
consumer.subscribe([input_topic])
producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": f"ctp-{group}", "transaction.timeout.ms": 30000})
producer.init_transactions(timeout_s)
producer.begin_transaction()
seen = 0
deadline = time.monotonic() + timeout_s
while seen < 5 and time.monotonic() < deadline:
    msg = consumer.poll(0.5)
    if msg is None or msg.error():
        continue
    producer.produce(output_topic, key=msg.key(), value=msg.value().upper(), partition=0)
    seen += 1
producer.send_offsets_to_transaction(consumer.position(consumer.assignment()), consumer.consumer_group_metadata(), timeout_s)
before_commit = {"read_uncommitted": committed("read_uncommitted"), "read_committed": committed("read_committed")}
producer.commit_transaction(timeout_s)
after_commit = {"read_uncommitted": committed("read_uncommitted"), "read_committed": committed("read_committed")}
consumer.close()

reader = Consumer({
    "bootstrap.servers": bootstrap, "group.id": f"{group}-reader", "enable.auto.commit": False,
    "enable.partition.eof": True, "isolation.level": "read_committed",
})
reader.assign([TopicPartition(output_topic, 0, OFFSET_BEGINNING)])
out = []
deadline = time.monotonic() + timeout_s
while time.monotonic() < deadline:
    msg = reader.poll(0.5)
    if msg is None:
        continue
    if msg.error():
        if msg.error().code() == KafkaError._PARTITION_EOF:
            break
        continue
    out.append({"offset": msg.offset(), "value": msg.value().decode()})
reader.close()
print(json.dumps({"consumed": seen, "before_commit": before_commit, "after_commit": after_commit, "output": out}))
