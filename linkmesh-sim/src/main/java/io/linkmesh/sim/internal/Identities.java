package io.linkmesh.sim.internal;

import com.google.protobuf.ByteString;
import io.linkmesh.wire.opamp.InstanceUids;
import io.linkmesh.wire.opamp.proto.AgentConfigFile;
import io.linkmesh.wire.opamp.proto.AgentConfigMap;
import io.linkmesh.wire.opamp.proto.AgentDescription;
import io.linkmesh.wire.opamp.proto.AgentRemoteConfig;
import io.linkmesh.wire.opamp.proto.AnyValue;
import io.linkmesh.wire.opamp.proto.EffectiveConfig;
import io.linkmesh.wire.opamp.proto.KeyValue;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Identities, descriptions and config bodies of the simulated agents. */
final class Identities {
  private Identities() {}

  static final String OTELCOL_VERSION = "0.139.0";
  static final String ALLOY_VERSION = "v1.11.3";
  static final List<String> ENVIRONMENTS = List.of("prod", "staging", "prod", "dev");
  static final List<String> REGIONS = List.of("eu-west-1", "us-east-1", "ap-south-1");

  /** What otelcol-contrib runs before any remote config: the supervisor's no-op pipeline. */
  static final String INITIAL_YAML =
      """
      receivers:
        nop:
      exporters:
        nop:
      extensions:
        opamp:
          server:
            ws:
              endpoint: ws://127.0.0.1:0/v1/opamp
      service:
        extensions: [opamp]
        pipelines:
          traces:
            receivers: [nop]
            exporters: [nop]
      """;

  static final EffectiveConfig INITIAL_EFFECTIVE = effective(ByteString.copyFromUtf8(INITIAL_YAML));

  private static final ConcurrentHashMap<ByteString, EffectiveConfig> EFFECTIVE_BY_HASH =
      new ConcurrentHashMap<>();

  static ByteString uuidV7() {
    return InstanceUids.newV7(System.currentTimeMillis(), ThreadLocalRandom.current());
  }

  static String uuidString(ByteString uid) {
    return InstanceUids.text(uid);
  }

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  static String hostName(String prefix, int index) {
    return String.format("%s-host-%05d", prefix, index + 1);
  }

  static String alloyId(String prefix, int index) {
    return String.format("%s-alloy-%05d", prefix, index + 1);
  }

  static String environment(int index) {
    return ENVIRONMENTS.get(index % ENVIRONMENTS.size());
  }

  static String region(int index) {
    return REGIONS.get(index % REGIONS.size());
  }

  /** The description the supervisor sends for otelcol-contrib (keys sorted, as it does). */
  static AgentDescription description(ByteString uid, String prefix, int index) {
    return AgentDescription.newBuilder()
        .addIdentifyingAttributes(kv("service.instance.id", uuidString(uid)))
        .addIdentifyingAttributes(kv("service.name", "otelcol-contrib"))
        .addIdentifyingAttributes(kv("service.version", OTELCOL_VERSION))
        .addNonIdentifyingAttributes(kv("cloud.region", region(index)))
        .addNonIdentifyingAttributes(kv("deployment.environment", environment(index)))
        .addNonIdentifyingAttributes(kv("host.arch", index % 5 == 4 ? "arm64" : "amd64"))
        .addNonIdentifyingAttributes(kv("host.name", hostName(prefix, index)))
        .addNonIdentifyingAttributes(kv("os.type", "linux"))
        .build();
  }

  /** Alloy's local_attributes: the automatic collector.* plus user attributes. */
  static Map<String, String> alloyAttributes(int index) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("collector.os", "linux");
    attributes.put("collector.version", ALLOY_VERSION);
    attributes.put("env", environment(index));
    attributes.put("region", region(index));
    return attributes;
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static EffectiveConfig effective(ByteString body) {
    return EffectiveConfig.newBuilder()
        .setConfigMap(
            AgentConfigMap.newBuilder()
                .putConfigMap("", AgentConfigFile.newBuilder().setBody(body).build()))
        .build();
  }

  /**
   * The effective config after applying {@code remote}: its files' bodies in key order (the
   * supervisor merges them; this keeps them readable), under key {@code ""}. Shared between agents
   * that applied the same hash.
   */
  static EffectiveConfig effectiveFor(AgentRemoteConfig remote) {
    if (EFFECTIVE_BY_HASH.size() > 64) {
      EFFECTIVE_BY_HASH.clear();
    }
    return EFFECTIVE_BY_HASH.computeIfAbsent(
        remote.getConfigHash(),
        h -> {
          List<String> keys = new ArrayList<>(remote.getConfig().getConfigMapMap().keySet());
          keys.sort(null);
          ByteString body = ByteString.EMPTY;
          for (String key : keys) {
            ByteString part = remote.getConfig().getConfigMapMap().get(key).getBody();
            body = body.isEmpty() ? part : body.concat(ByteString.copyFromUtf8("\n")).concat(part);
          }
          return effective(body);
        });
  }
}
