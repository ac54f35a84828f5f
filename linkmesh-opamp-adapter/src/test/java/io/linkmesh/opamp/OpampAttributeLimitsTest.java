package io.linkmesh.opamp;

import static io.linkmesh.opamp.Wire.hello;
import static io.linkmesh.opamp.Wire.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.linkmesh.domain.fleet.AttributeLimits;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.revision.StatePaths;
import io.linkmesh.wire.opamp.proto.AgentDescription;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** An agent description far over the attribute limits is cut, never refused, never stored whole. */
class OpampAttributeLimitsTest {

  private static final long MANAGED = OpampProtocolTest.MANAGED;

  private OpampFixture f;

  @BeforeEach
  void start() {
    f = new OpampFixture(b -> b.maxMessageBytes(4 * 1024 * 1024));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** 256 non-identifying attributes of 4 KiB each (1 MiB), as the disk-fill probe sent. */
  private static AgentToServer hugeHello(ByteString uid) {
    AgentDescription.Builder d =
        AgentDescription.newBuilder()
            .addIdentifyingAttributes(kv("service.name", "otelcol-contrib"))
            .addIdentifyingAttributes(kv("service.instance.id", Wire.uuid(uid)));
    for (int i = 0; i < 256; i++) {
      d.addNonIdentifyingAttributes(kv(String.format("a.%03d", i), "x".repeat(4096)));
    }
    return hello(uid, 0, MANAGED).setAgentDescription(d).build();
  }

  private String storedRecord(String id) {
    var head = f.store.head().orElseThrow();
    return f.store.snapshot(head.id()).orElseThrow().get(StatePaths.collector(CollectorId.of(id)));
  }

  private void assertCutAndIdentifyingKept(String id) {
    Map<String, String> attributes = f.collector(id).attributes();
    assertThat(AttributeLimits.COLLECTOR.fits(attributes)).isTrue();
    assertThat(attributes)
        .as("identifying attributes are kept first")
        .containsEntry("service.name", "otelcol-contrib")
        .containsEntry("service.instance.id", id);
    assertThat(storedRecord(id).length())
        .as("the stored record holds at most the limits, not 1 MiB")
        .isLessThan(2 * AttributeLimits.COLLECTOR.maxTotalChars());
  }

  @Nested
  class OverHttp {
    @Test
    void aHugeDescriptionRegistersTheAgentWithItsAttributesCut() {
      ByteString uid = Wire.uid();

      ServerToAgent reply = Wire.parse(Wire.post(f.http(), f.mint(), hugeHello(uid).toByteArray()));

      assertThat(reply.hasErrorResponse()).isFalse();
      assertCutAndIdentifyingKept(Wire.uuid(uid));
    }
  }

  @Nested
  class OverWebSocket {
    @Test
    void aHugeDescriptionRegistersTheAgentWithItsAttributesCut() {
      ByteString uid = Wire.uid();
      Wire.Ws ws = Wire.Ws.open(f.ws(), f.mint());

      ServerToAgent reply = ws.exchange(hugeHello(uid));

      assertThat(reply.hasErrorResponse()).isFalse();
      assertCutAndIdentifyingKept(Wire.uuid(uid));
    }
  }
}
