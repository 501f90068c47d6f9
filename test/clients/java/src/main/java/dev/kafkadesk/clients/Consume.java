package dev.kafkadesk.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** op "consume": assigned partitions (no group), from earliest/latest/an offset, until `count` records or the timeout. */
final class Consume {
  private Consume() {}

  static Properties consumerProps(JsonNode cmd) {
    Properties p = Driver.props(cmd);
    p.put("isolation.level", cmd.path("isolation").asText("read_uncommitted"));
    p.put("enable.auto.commit", "false");
    return p;
  }

  static ObjectNode recordLine(ConsumerRecord<byte[], byte[]> r) {
    ObjectNode line = Driver.obj("record");
    line.put("topic", r.topic());
    line.put("partition", r.partition());
    line.put("offset", r.offset());
    line.put("timestamp", r.timestamp());
    Driver.putBytes(line, "key", r.key());
    Driver.putBytes(line, "value", r.value());
    line.set("headers", Driver.headers(r.headers()));
    return line;
  }

  static void run(JsonNode cmd) {
    Properties p = consumerProps(cmd);
    Driver.applyOverrides(p, cmd);
    String topic = cmd.path("topic").asText();
    int count = cmd.path("count").asInt();
    long deadline = Driver.deadline(cmd, 30_000);
    int seen = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      if (cmd.has("partitions")) {
        for (JsonNode n : cmd.get("partitions")) tps.add(new TopicPartition(topic, n.asInt()));
      } else {
        for (PartitionInfo pi : consumer.partitionsFor(topic, Duration.ofMillis(deadline - System.currentTimeMillis()))) {
          tps.add(new TopicPartition(topic, pi.partition()));
        }
        tps.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      }
      consumer.assign(tps);
      JsonNode from = cmd.path("from");
      if (from.isNumber()) for (TopicPartition tp : tps) consumer.seek(tp, from.asLong());
      else if ("latest".equals(from.asText())) consumer.seekToEnd(tps);
      else consumer.seekToBeginning(tps);
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (seen == count) break;
          Driver.emit(recordLine(r));
          seen++;
        }
      }
    }
    ObjectNode done = Driver.obj("done");
    done.put("count", seen);
    done.put("timedOut", seen < count);
    Driver.emit(done);
  }
}
