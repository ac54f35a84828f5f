package io.linkmesh.opamp.internal;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.config.ConfigFile;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.opamp.internal.proto.AgentConfigFile;
import io.linkmesh.opamp.internal.proto.AgentConfigMap;
import io.linkmesh.opamp.internal.proto.AgentRemoteConfig;

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

  static Desired of(DesiredConfig d) {
    AgentConfigMap.Builder map = AgentConfigMap.newBuilder();
    for (ConfigFile file : d.files()) {
      map.putConfigMap(
          file.name(),
          AgentConfigFile.newBuilder()
              .setBody(ByteString.copyFromUtf8(file.content()))
              .setContentType(CONTENT_TYPE)
              .build());
    }
    ByteString hash = ByteString.copyFrom(d.hash().bytes());
    AgentRemoteConfig message =
        AgentRemoteConfig.newBuilder().setConfig(map).setConfigHash(hash).build();
    message.getSerializedSize(); // memoize once, before it is shared across threads
    return new Desired(hash, message);
  }
}
