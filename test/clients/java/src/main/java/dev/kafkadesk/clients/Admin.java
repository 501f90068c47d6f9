package dev.kafkadesk.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** op "admin": one action (create-topics, delete-topics, describe-topics, describe-configs, alter-configs), one line per item. */
final class Admin {
  private Admin() {}

  static void run(JsonNode cmd) throws Exception {
    Properties p = Driver.props(cmd);
    Driver.applyOverrides(p, cmd);
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
      switch (cmd.path("action").asText()) {
        case "create-topics" -> createTopics(admin, cmd);
        case "delete-topics" -> each("topic-deleted", admin.deleteTopics(names(cmd)).topicNameValues(), null);
        case "describe-topics" -> each("topic", admin.describeTopics(names(cmd)).topicNameValues(), Admin::describeTopic);
        case "describe-configs" -> describeConfigs(admin, cmd);
        case "alter-configs" -> alterConfigs(admin, cmd);
        default -> throw new IllegalArgumentException("unknown admin action " + cmd.path("action"));
      }
    }
    Driver.emit(Driver.obj("done"));
  }

  interface Describe<T> {
    void into(ObjectNode line, T value);
  }

  /** One line per future, in the command's order: the value described, or the error. */
  private static <T> void each(String type, Map<String, KafkaFuture<T>> futures, Describe<T> describe) {
    for (Map.Entry<String, KafkaFuture<T>> e : futures.entrySet()) {
      ObjectNode line = Driver.obj(type);
      line.put("name", e.getKey());
      try {
        T value = e.getValue().get();
        if (describe != null) describe.into(line, value);
        line.putNull("error");
      } catch (Exception ex) {
        line.set("error", Driver.error(ex));
      }
      Driver.emit(line);
    }
  }

  private static List<String> names(JsonNode cmd) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : cmd.path("topics")) out.add(n.isTextual() ? n.asText() : n.path("name").asText());
    return out;
  }

  private static void createTopics(org.apache.kafka.clients.admin.Admin admin, JsonNode cmd) {
    List<NewTopic> topics = new ArrayList<>();
    for (JsonNode t : cmd.path("topics")) {
      NewTopic nt = new NewTopic(t.path("name").asText(),
          t.hasNonNull("partitions") ? Optional.of(t.get("partitions").asInt()) : Optional.empty(),
          t.hasNonNull("replicationFactor") ? Optional.of((short) t.get("replicationFactor").asInt()) : Optional.empty());
      Map<String, String> configs = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = t.path("configs").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> c = it.next();
        configs.put(c.getKey(), c.getValue().asText());
      }
      topics.add(nt.configs(configs));
    }
    CreateTopicsOptions opts = new CreateTopicsOptions().validateOnly(cmd.path("validateOnly").asBoolean(false));
    each("topic-created", admin.createTopics(topics, opts).values(), null);
  }

  private static ArrayNode ids(Collection<Node> nodes) {
    ArrayNode arr = Driver.JSON.createArrayNode();
    for (Node n : nodes) arr.add(n.id());
    return arr;
  }

  private static void describeTopic(ObjectNode line, TopicDescription d) {
    line.put("topicId", d.topicId().toString());
    line.put("internal", d.isInternal());
    ArrayNode parts = line.putArray("partitions");
    for (TopicPartitionInfo pi : d.partitions()) {
      ObjectNode pn = parts.addObject();
      pn.put("partition", pi.partition());
      pn.put("leader", pi.leader() == null ? -1 : pi.leader().id());
      pn.set("replicas", ids(pi.replicas()));
      pn.set("isr", ids(pi.isr()));
    }
  }

  private static List<ConfigResource> resources(JsonNode cmd) {
    List<ConfigResource> out = new ArrayList<>();
    for (String t : names(cmd)) out.add(new ConfigResource(ConfigResource.Type.TOPIC, t));
    for (JsonNode b : cmd.path("brokers")) out.add(new ConfigResource(ConfigResource.Type.BROKER, b.asText()));
    return out;
  }

  private static void describeConfigs(org.apache.kafka.clients.admin.Admin admin, JsonNode cmd) {
    Map<ConfigResource, KafkaFuture<Config>> futures = admin.describeConfigs(resources(cmd)).values();
    for (ConfigResource r : resources(cmd)) {
      ObjectNode line = Driver.obj("configs");
      line.put("resourceType", r.type().name().toLowerCase());
      line.put("name", r.name());
      try {
        ObjectNode configs = line.putObject("configs");
        for (ConfigEntry e : futures.get(r).get().entries()) {
          ObjectNode en = configs.putObject(e.name());
          if (e.value() == null) en.putNull("value");
          else en.put("value", e.value());
          en.put("source", e.source().name());
          en.put("readOnly", e.isReadOnly());
          en.put("sensitive", e.isSensitive());
        }
        line.putNull("error");
      } catch (Exception ex) {
        line.remove("configs");
        line.set("error", Driver.error(ex));
      }
      Driver.emit(line);
    }
  }

  private static void alterConfigs(org.apache.kafka.clients.admin.Admin admin, JsonNode cmd) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, cmd.path("topic").asText());
    List<AlterConfigOp> ops = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = cmd.path("set").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      ops.add(new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue().asText()), AlterConfigOp.OpType.SET));
    }
    for (JsonNode d : cmd.path("delete")) ops.add(new AlterConfigOp(new ConfigEntry(d.asText(), null), AlterConfigOp.OpType.DELETE));
    Map<String, KafkaFuture<Void>> byName = new HashMap<>();
    admin.incrementalAlterConfigs(Map.of(r, ops)).values().forEach((res, f) -> byName.put(res.name(), f));
    each("configs-altered", byName, null);
  }
}
