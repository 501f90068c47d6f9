package dev.kafkadesk.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * op "group-consume": subscribes as a group member, prints every assignment change, record and commit,
 * and stops after `count` records, `durationMs`, the timeout, or a "stop" line on stdin; then commits and leaves.
 */
final class GroupConsume {
  private GroupConsume() {}

  private static final Map<String, String> ASSIGNORS = Map.of(
      "range", "org.apache.kafka.clients.consumer.RangeAssignor",
      "roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor",
      "sticky", "org.apache.kafka.clients.consumer.StickyAssignor",
      "cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");

  static void run(JsonNode cmd) {
    Properties p = Consume.consumerProps(cmd);
    String commit = cmd.path("commit").asText("sync");
    String protocol = cmd.path("protocol").asText("classic");
    p.put("group.id", cmd.path("group").asText());
    p.put("group.protocol", protocol);
    p.put("enable.auto.commit", String.valueOf("auto".equals(commit)));
    p.put("auto.offset.reset", cmd.path("from").asText("earliest"));
    if (cmd.hasNonNull("instanceId")) p.put("group.instance.id", cmd.get("instanceId").asText());
    if (cmd.hasNonNull("assignor")) {
      String a = cmd.get("assignor").asText();
      // KIP-848: the broker assigns ("uniform", "range"); classic: the leader runs a client-side assignor.
      if ("consumer".equals(protocol)) p.put("group.remote.assignor", a);
      else p.put("partition.assignment.strategy", ASSIGNORS.getOrDefault(a, a));
    }
    if (cmd.hasNonNull("sessionTimeoutMs") && !"consumer".equals(protocol)) p.put("session.timeout.ms", cmd.get("sessionTimeoutMs").asText());
    Driver.applyOverrides(p, cmd);

    AtomicBoolean stop = new AtomicBoolean(false);
    Thread stdin = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String l; (l = in.readLine()) != null; ) if (l.trim().equals("stop")) stop.set(true);
      } catch (Exception ignored) {
        // stdin closed: keep running until count/duration.
      }
    });
    stdin.setDaemon(true);
    stdin.start();

    int count = cmd.path("count").asInt(Integer.MAX_VALUE);
    long end = System.currentTimeMillis() + cmd.path("durationMs").asLong(cmd.path("timeoutMs").asLong(60_000));
    List<String> topics = new ArrayList<>();
    for (JsonNode t : cmd.path("topics")) topics.add(t.asText());
    int seen = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(topics, new ConsumerRebalanceListener() {
        @Override public void onPartitionsRevoked(Collection<TopicPartition> parts) { assignment("revoked", parts, consumer); }
        @Override public void onPartitionsAssigned(Collection<TopicPartition> parts) { assignment("assigned", parts, consumer); }
        @Override public void onPartitionsLost(Collection<TopicPartition> parts) { assignment("lost", parts, consumer); }
      });
      while (seen < count && !stop.get() && System.currentTimeMillis() < end) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (seen == count) break;
          Driver.emit(Consume.recordLine(r));
          next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
          seen++;
        }
        if ("sync".equals(commit) && !next.isEmpty()) {
          consumer.commitSync(next);
          committed(next);
        }
      }
    }
    ObjectNode done = Driver.obj("done");
    done.put("count", seen);
    done.put("timedOut", count != Integer.MAX_VALUE && seen < count && !stop.get());
    Driver.emit(done);
  }

  private static ArrayNode partitions(Collection<TopicPartition> parts) {
    ArrayNode arr = Driver.JSON.createArrayNode();
    parts.stream().sorted((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()))
        .forEach(tp -> arr.addObject().put("topic", tp.topic()).put("partition", tp.partition()));
    return arr;
  }

  private static void assignment(String event, Collection<TopicPartition> changed, KafkaConsumer<byte[], byte[]> consumer) {
    ObjectNode line = Driver.obj("assignment");
    line.put("event", event);
    line.set("changed", partitions(changed));
    List<TopicPartition> now = new ArrayList<>(consumer.assignment());
    if (!"assigned".equals(event)) now.removeAll(changed);
    line.set("partitions", partitions(now));
    Driver.emit(line);
  }

  private static void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    ObjectNode line = Driver.obj("committed");
    ArrayNode arr = line.putArray("offsets");
    offsets.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic())))
        .forEach(e -> arr.addObject().put("topic", e.getKey().topic()).put("partition", e.getKey().partition()).put("offset", e.getValue().offset()));
    Driver.emit(line);
  }
}
