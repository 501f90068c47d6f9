"""Produces COUNT records in one batch to partition 0 of TOPIC with confluent-kafka-python (librdkafka):
the records at the KEYLESS indexes have no key (the others key k<i>), those at the OLD indexes the timestamp
1000000000000 (the others the producer's clock); both lists comma-separated, possibly empty. Prints one JSON
line: the librdkafka version and each record's delivery report in production order (error name and text).

usage: confluent_record_errors.py BOOTSTRAP TOPIC COUNT KEYLESS OLD
"""
import json
import sys

from confluent_kafka import Producer, libversion

bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
keyless = {int(i) for i in sys.argv[4].split(",") if i != ""}
old = {int(i) for i in sys.argv[5].split(",") if i != ""}
producer = Producer({
    "bootstrap.servers": bootstrap,
    # One batch: everything is queued before the first send, and nothing is retried.
    "linger.ms": 1000,
    "batch.num.messages": max(count, 1),
    "retries": 0,
    "acks": "all",
})
reports = [None] * count
# Learn the partition's leader first: records produced before the metadata arrives wait in librdkafka's unassigned
# queue, and when the metadata lands mid-loop the first of them can leave alone, in a batch of its own.
producer.list_topics(topic, timeout=10)


def reporter(index):
    def report(err, msg):
        reports[index] = {"index": index, "error": err.name() if err else None, "message": err.str() if err else None}
    return report


for i in range(count):
    extra = {"timestamp": 1000000000000} if i in old else {}
    producer.produce(topic, key=None if i in keyless else f"k{i}".encode(), value=f"v{i}".encode(), partition=0,
                     on_delivery=reporter(i), **extra)
unflushed = producer.flush(30)
print(json.dumps({"librdkafka": libversion()[0], "unflushed": unflushed, "reports": reports}))
