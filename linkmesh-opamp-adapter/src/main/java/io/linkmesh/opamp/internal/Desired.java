package io.linkmesh.opamp.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.linkmesh.domain.config.ConfigFile;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.wire.opamp.proto.AgentConfigFile;
import io.linkmesh.wire.opamp.proto.AgentConfigMap;
import io.linkmesh.wire.opamp.proto.AgentRemoteConfig;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A desired config ready for the wire: built once per distinct hash and shared by every agent that
 * runs it, so a fleet-wide push serializes but never rebuilds it.
 */
final class Desired {
  static final String CONTENT_TYPE = "text/yaml";

  final ByteString hash;
  final AgentRemoteConfig message;

  /** ServerToAgent field 3 (remote_config), tag and length included, encoded once. */
  private final byte[] field;

  private Desired(ByteString hash, AgentRemoteConfig message) {
    this.hash = hash;
    this.message = message;
    int size = message.getSerializedSize();
    byte[] f = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size];
    CodedOutputStream out = CodedOutputStream.newInstance(f);
    try {
      out.writeMessage(3, message);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.field = f;
  }

  /**
   * A framed push: WebSocket header 0x00, then ServerToAgent {instance_uid, remote_config} with the
   * pre-encoded config spliced in, so pushing one config to many agents costs one copy each.
   */
  byte[] pushFrame(ByteString uid) {
    int uidField = 1 + CodedOutputStream.computeUInt32SizeNoTag(uid.size()) + uid.size();
    byte[] out = new byte[1 + uidField + field.length];
    CodedOutputStream cos = CodedOutputStream.newInstance(out, 1, uidField);
    try {
      cos.writeBytes(1, uid);
      cos.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.arraycopy(field, 0, out, 1 + uidField, field.length);
    return out;
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
