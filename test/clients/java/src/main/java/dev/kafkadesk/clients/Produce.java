package dev.kafkadesk.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** op "produce": sends every record, flushes, and reports each record's partition and offset in order. */
final class Produce {
  private Produce() {}

  static void run(JsonNode cmd) throws Exception {
    Properties p = Driver.props(cmd);
    p.put("acks", String.valueOf(cmd.path("acks").asInt(-1)).replace("-1", "all"));
    String txnId = cmd.path("transactionalId").asText(null);
    // Kafka 4's producer is idempotent by default; the command decides (a transactional one always is).
    p.put("enable.idempotence", String.valueOf(txnId != null || cmd.path("idempotent").asBoolean(false)));
    p.put("compression.type", cmd.path("compression").asText("none"));
    if (txnId != null) p.put("transactional.id", txnId);
    Driver.applyOverrides(p, cmd);

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      if (txnId != null) {
        producer.initTransactions();
        producer.beginTransaction();
      }
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      String topic = cmd.path("topic").asText();
      for (JsonNode r : cmd.path("records")) {
        ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(
            topic,
            r.hasNonNull("partition") ? r.get("partition").asInt() : null,
            r.hasNonNull("timestamp") ? r.get("timestamp").asLong() : null,
            Driver.bytes(r.get("key")),
            Driver.bytes(r.get("value")));
        for (JsonNode h : r.path("headers")) rec.headers().add(new RecordHeader(h.path("key").asText(), Driver.bytes(h.get("value"))));
        sent.add(producer.send(rec));
      }
      producer.flush();
      for (int i = 0; i < sent.size(); i++) {
        ObjectNode line = Driver.obj("produced");
        line.put("index", i);
        try {
          RecordMetadata md = sent.get(i).get();
          line.put("partition", md.partition());
          line.put("offset", md.hasOffset() ? md.offset() : -1);
          line.putNull("error");
        } catch (ExecutionException e) {
          line.set("error", Driver.error(e.getCause()));
        }
        Driver.emit(line);
      }
      if (txnId != null) {
        if ("abort".equals(cmd.path("endTransaction").asText("commit"))) producer.abortTransaction();
        else producer.commitTransaction();
      }
    }
    ObjectNode done = Driver.obj("done");
    done.put("count", cmd.path("records").size());
    Driver.emit(done);
  }
}
