"""Confluent's own serializers against KafkaDesk's broker and embedded Schema Registry.

Usage: registry_roundtrip.py '<json command>'; prints one JSON line.
  {"op": "produce", "format": "avro"|"protobuf", "bootstrap": ..., "registry": ..., "topic": ..., "count": N}
  {"op": "consume", "format": ..., "bootstrap": ..., "registry": ..., "topic": ..., "count": N}
Produce registers the schema itself (auto.register.schemas, TopicNameStrategy) like any application would;
consume decodes with the schema fetched by the id in each record.
"""
import json
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

AVRO_SCHEMA = json.dumps({
    "type": "record", "name": "Order", "namespace": "shop",
    "fields": [{"name": "id", "type": "string"}, {"name": "qty", "type": "int"}],
})


def shipment_class():
    """shop.Shipment {string id = 1; int32 boxes = 2;} built at runtime (no protoc here)."""
    f = descriptor_pb2.FileDescriptorProto(name="shop/shipment.proto", package="shop", syntax="proto3")
    m = f.message_type.add(name="Shipment")
    m.field.add(name="id", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING, label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    m.field.add(name="boxes", number=2, type=descriptor_pb2.FieldDescriptorProto.TYPE_INT32, label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("shop.Shipment"))


def main():
    cmd = json.loads(sys.argv[1])
    registry = SchemaRegistryClient({"url": cmd["registry"]})
    topic = cmd["topic"]
    if cmd["format"] == "avro":
        serializer = AvroSerializer(registry, AVRO_SCHEMA)
        deserializer = AvroDeserializer(registry)
        make = lambda i: {"id": f"py-{i}", "qty": i}
        plain = lambda v: v
    else:
        Shipment = shipment_class()
        serializer = ProtobufSerializer(Shipment, registry, {"use.deprecated.format": False})
        deserializer = ProtobufDeserializer(Shipment, {"use.deprecated.format": False})
        make = lambda i: Shipment(id=f"py-{i}", boxes=i)
        plain = lambda v: {"id": v.id, "boxes": v.boxes}
    ctx = SerializationContext(topic, MessageField.VALUE)
    if cmd["op"] == "produce":
        producer = Producer({"bootstrap.servers": cmd["bootstrap"]})
        for i in range(cmd["count"]):
            producer.produce(topic, key=f"k{i}".encode(), value=serializer(make(i), ctx))
        producer.flush(30)
        print(json.dumps({"ok": True}))
        return
    consumer = Consumer({"bootstrap.servers": cmd["bootstrap"], "group.id": f"py-{topic}", "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    out = []
    errors = []
    while len(out) + len(errors) < cmd["count"]:
        msg = consumer.poll(20)
        if msg is None:
            break
        if msg.error():
            continue
        try:
            out.append(plain(deserializer(msg.value(), ctx)))
        except Exception as e:  # a record the serializer cannot read is the test's finding, not a crash
            errors.append(str(e))
    consumer.close()
    print(json.dumps({"ok": True, "records": out, "errors": errors}))


if __name__ == "__main__":
    main()
