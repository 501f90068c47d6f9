package dev.kafkadesk.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.protocol.Errors;

/**
 * The Java test driver: one JSON command as the only argument, JSON lines on stdout
 * (protocol in test/clients/README.md), the client's own log on stderr.
 */
public final class Driver {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

  private Driver() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: Driver '<json command>'");
      System.exit(2);
    }
    JsonNode cmd = JSON.readTree(args[0]);
    int status = 0;
    try {
      switch (cmd.path("op").asText()) {
        case "produce" -> Produce.run(cmd);
        case "consume" -> Consume.run(cmd);
        case "group-consume" -> GroupConsume.run(cmd);
        case "admin" -> Admin.run(cmd);
        default -> throw new IllegalArgumentException("unknown op " + cmd.path("op"));
      }
    } catch (Exception e) {
      ObjectNode line = obj("error");
      line.set("error", error(e));
      emit(line);
      e.printStackTrace();
      status = 1;
    }
    OUT.flush();
    // Client threads (metadata, heartbeats) must not keep a finished driver alive.
    System.exit(status);
  }

  static synchronized void emit(ObjectNode line) {
    OUT.println(line.toString());
    OUT.flush();
  }

  static ObjectNode obj(String type) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", type);
    return n;
  }

  /** Kafka's error code and name for an exception (or its cause), else code null. */
  static ObjectNode error(Throwable e) {
    Throwable t = e;
    while (t != null && !(t instanceof ApiException) && t.getCause() != null && t.getCause() != t) t = t.getCause();
    ObjectNode n = JSON.createObjectNode();
    if (t instanceof ApiException) {
      Errors err = Errors.forException(t);
      n.put("code", err.code());
      n.put("name", err.name());
    } else {
      n.putNull("code");
      n.put("name", (t == null ? e : t).getClass().getSimpleName());
    }
    n.put("message", String.valueOf((t == null ? e : t).getMessage()));
    return n;
  }

  /** Properties with the command's bootstrap and its "config" overrides (native client property names). */
  static Properties props(JsonNode cmd) {
    Properties p = new Properties();
    p.put("bootstrap.servers", cmd.path("bootstrap").asText());
    p.put("client.id", "kafkadesk-java-driver");
    return p;
  }

  static void applyOverrides(Properties p, JsonNode cmd) {
    for (Iterator<Map.Entry<String, JsonNode>> it = cmd.path("config").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      p.put(e.getKey(), e.getValue().asText());
    }
  }

  static byte[] bytes(JsonNode base64) {
    return base64 == null || base64.isNull() || base64.isMissingNode() ? null : Base64.getDecoder().decode(base64.asText());
  }

  static void putBytes(ObjectNode n, String field, byte[] b) {
    if (b == null) n.putNull(field);
    else n.put(field, Base64.getEncoder().encodeToString(b));
  }

  static ArrayNode headers(Headers headers) {
    ArrayNode arr = JSON.createArrayNode();
    for (Header h : headers) {
      ObjectNode hn = arr.addObject();
      hn.put("key", h.key());
      putBytes(hn, "value", h.value());
    }
    return arr;
  }

  static long deadline(JsonNode cmd, long defaultMs) {
    return System.currentTimeMillis() + cmd.path("timeoutMs").asLong(defaultMs);
  }
}
