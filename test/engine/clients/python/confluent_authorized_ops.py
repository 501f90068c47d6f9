"""Asks the broker what USER (SASL SCRAM-SHA-256) may do, through confluent-kafka's admin client (KIP-430's
include_authorized_operations): on TOPIC, on the cluster and on GROUP. Prints one JSON line with the operation
names, sorted; a refused call gives {"error": NAME} in its place.

usage: confluent_authorized_ops.py BOOTSTRAP USER PASSWORD TOPIC GROUP
"""
import json
import sys

from confluent_kafka import KafkaException, TopicCollection
from confluent_kafka.admin import AdminClient

bootstrap, user, password, topic, group = sys.argv[1:6]
admin = AdminClient({
    "bootstrap.servers": bootstrap,
    "security.protocol": "SASL_PLAINTEXT",
    "sasl.mechanisms": "SCRAM-SHA-256",
    "sasl.username": user,
    "sasl.password": password,
})


def names(ops):
    return sorted(op.name for op in (ops or []))


def outcome(call):
    try:
        return names(call().authorized_operations)
    except KafkaException as e:
        return {"error": e.args[0].name()}


print(json.dumps({
    "topic": outcome(lambda: admin.describe_topics(TopicCollection([topic]), include_authorized_operations=True)[topic].result()),
    "cluster": outcome(lambda: admin.describe_cluster(include_authorized_operations=True).result()),
    "group": outcome(lambda: admin.describe_consumer_groups([group], include_authorized_operations=True)[group].result()),
}))
