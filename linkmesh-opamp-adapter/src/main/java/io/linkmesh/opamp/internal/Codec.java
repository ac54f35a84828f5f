package io.linkmesh.opamp.internal;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.fleet.AttributeLimits;
import io.linkmesh.domain.fleet.ConfigHash;
import io.linkmesh.domain.fleet.EffectiveConfig;
import io.linkmesh.domain.fleet.Health;
import io.linkmesh.wire.opamp.OpampFrames;
import io.linkmesh.wire.opamp.proto.AgentConfigFile;
import io.linkmesh.wire.opamp.proto.AgentConfigMap;
import io.linkmesh.wire.opamp.proto.AnyValue;
import io.linkmesh.wire.opamp.proto.ComponentHealth;
import io.linkmesh.wire.opamp.proto.KeyValue;
import io.linkmesh.wire.opamp.proto.RemoteConfigStatus;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Translation between the OpAMP wire messages and the adapter's plain values. */
public final class Codec {

  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_HEALTH_DEPTH = 8;
  private static final int MAX_HEALTH_NODES = 2000;

  /** Bounds the map built from one description; the domain's rule then cuts it to size. */
  private static final int MAX_ATTRIBUTES_READ = 4 * AttributeLimits.COLLECTOR.maxEntries();

  private static final int MAX_VALUE_CHARS = 4096;

  private Codec() {}

  /** Serializes a reply with the WebSocket varint header 0x00 in front. */
  public static byte[] withHeader(ServerToAgent message) {
    return OpampFrames.frame(message);
  }

  public static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  public static ByteString unhex(String hex) {
    return ByteString.copyFrom(HEX.parseHex(hex));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  private static void update(MessageDigest sha, byte[] part) {
    long n = part.length;
    for (int i = 7; i >= 0; i--) {
      sha.update((byte) (n >>> (8 * i)));
    }
    sha.update(part);
  }

  /**
   * Description attributes as strings, cut to {@link AttributeLimits#COLLECTOR} with the
   * identifying ones preferred (they also win on a clash).
   */
  public static Map<String, String> attributes(List<KeyValue> identifying, List<KeyValue> other) {
    return AttributeLimits.COLLECTOR.bound(read(identifying), read(other));
  }

  private static Map<String, String> read(List<KeyValue> attributes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : attributes) {
      String key = kv.getKey();
      if (AttributeLimits.COLLECTOR.allowsKey(key)
          && (out.size() < MAX_ATTRIBUTES_READ || out.containsKey(key))) {
        out.put(key, AttributeLimits.COLLECTOR.clip(text(kv.getValue(), 0)));
      }
    }
    return out;
  }

  private static String clip(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS);
  }

  static String text(AnyValue v, int depth) {
    if (depth > 4) {
      return "…";
    }
    switch (v.getValueCase()) {
      case STRING_VALUE:
        return v.getStringValue();
      case BOOL_VALUE:
        return Boolean.toString(v.getBoolValue());
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      case DOUBLE_VALUE:
        return Double.toString(v.getDoubleValue());
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE:
        {
          StringBuilder sb = new StringBuilder("[");
          for (AnyValue item : v.getArrayValue().getValuesList()) {
            if (sb.length() > 1) {
              sb.append(", ");
            }
            sb.append(text(item, depth + 1));
            if (sb.length() > MAX_VALUE_CHARS) {
              break;
            }
          }
          return sb.append(']').toString();
        }
      case KVLIST_VALUE:
        {
          StringBuilder sb = new StringBuilder("{");
          for (KeyValue kv : v.getKvlistValue().getValuesList()) {
            if (sb.length() > 1) {
              sb.append(", ");
            }
            sb.append(kv.getKey()).append('=').append(text(kv.getValue(), depth + 1));
            if (sb.length() > MAX_VALUE_CHARS) {
              break;
            }
          }
          return sb.append('}').toString();
        }
      default:
        return "";
    }
  }

  /** Health tree, bounded in depth and size. */
  public static Health health(ComponentHealth h) {
    int[] budget = {MAX_HEALTH_NODES};
    return health(h, 0, budget);
  }

  private static Health health(ComponentHealth h, int depth, int[] budget) {
    Map<String, Health> children = new TreeMap<>();
    if (depth < MAX_HEALTH_DEPTH) {
      for (Map.Entry<String, ComponentHealth> e : h.getComponentHealthMapMap().entrySet()) {
        if (--budget[0] < 0 || children.size() >= Health.MAX_COMPONENTS) {
          break;
        }
        children.put(clip(e.getKey()), health(e.getValue(), depth + 1, budget));
      }
    }
    return new Health(h.getHealthy(), h.getStatus(), h.getLastError(), children);
  }

  /** The reported effective config, or null when it is larger than the domain keeps. */
  public static @Nullable EffectiveConfig effectiveConfig(AgentConfigMap map) {
    Map<String, String> files = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, AgentConfigFile> e : map.getConfigMapMap().entrySet()) {
      total += e.getKey().length() + e.getValue().getBody().size();
      if (total > EffectiveConfig.MAX_TOTAL_CHARS) {
        return null;
      }
      files.put(e.getKey(), e.getValue().getBody().toStringUtf8());
    }
    return new EffectiveConfig(files);
  }

  public static io.linkmesh.domain.fleet.RemoteConfigStatus remoteStatus(RemoteConfigStatus s) {
    io.linkmesh.domain.fleet.RemoteConfigStatus.State state =
        switch (s.getStatus()) {
          case RemoteConfigStatuses_APPLIED ->
              io.linkmesh.domain.fleet.RemoteConfigStatus.State.APPLIED;
          case RemoteConfigStatuses_APPLYING ->
              io.linkmesh.domain.fleet.RemoteConfigStatus.State.APPLYING;
          case RemoteConfigStatuses_FAILED ->
              io.linkmesh.domain.fleet.RemoteConfigStatus.State.FAILED;
          default -> io.linkmesh.domain.fleet.RemoteConfigStatus.State.UNSET;
        };
    ByteString hash = s.getLastRemoteConfigHash();
    ConfigHash lastHash =
        hash.isEmpty() || hash.size() * 2 > ConfigHash.MAX_HEX_LENGTH
            ? null
            : new ConfigHash(hex(hash));
    return new io.linkmesh.domain.fleet.RemoteConfigStatus(state, s.getErrorMessage(), lastHash);
  }
}
