package io.linkmesh.opamp.internal;

import com.google.protobuf.ByteString;
import io.linkmesh.opamp.internal.proto.AgentConfigFile;
import io.linkmesh.opamp.internal.proto.AgentConfigMap;
import io.linkmesh.opamp.internal.proto.AgentRemoteConfig;
import java.util.Map;

/**
 * A desired config ready for the wire: built once per distinct hash and shared by every agent that
 * runs it, so a fleet-wide push serializes but never rebuilds it.
 */
final class Desired {
  static final String CONTENT_TYPE = "text/yaml";

  final ByteString hash;
  final AgentRemoteConfig message;

  private Desired(ByteString hash, AgentRemoteConfig message) {
    this.hash = hash;
    this.message = message;
  }

  static Desired of(Fleet.Desired d) {
    AgentConfigMap.Builder map = AgentConfigMap.newBuilder();
    for (Map.Entry<String, String> e : d.files().entrySet()) {
      map.putConfigMap(
          e.getKey(),
          AgentConfigFile.newBuilder()
              .setBody(ByteString.copyFromUtf8(e.getValue()))
              .setContentType(CONTENT_TYPE)
              .build());
    }
    ByteString hash = Codec.unhex(d.hash());
    AgentRemoteConfig message =
        AgentRemoteConfig.newBuilder().setConfig(map).setConfigHash(hash).build();
    message.getSerializedSize(); // memoize once, before it is shared across threads
    return new Desired(hash, message);
  }
}
