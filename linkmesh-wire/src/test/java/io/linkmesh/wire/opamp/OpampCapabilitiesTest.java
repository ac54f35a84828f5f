package io.linkmesh.wire.opamp;

import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_AcceptsRemoteConfig;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsHeartbeat;
import static io.linkmesh.wire.opamp.proto.AgentCapabilities.AgentCapabilities_ReportsStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.wire.opamp.proto.ServerCapabilities;
import org.junit.jupiter.api.Test;

class OpampCapabilitiesTest {

  @Test
  void agentMaskCarriesTheBitsOfTheSpecification() {
    long mask =
        OpampCapabilities.of(AgentCapabilities_ReportsStatus, AgentCapabilities_ReportsHeartbeat);

    assertThat(mask).isEqualTo(0x2001L);
    assertThat(OpampCapabilities.has(mask, AgentCapabilities_ReportsHeartbeat)).isTrue();
    assertThat(OpampCapabilities.has(mask, AgentCapabilities_AcceptsRemoteConfig)).isFalse();
  }

  @Test
  void serverMaskCarriesTheBitsOfTheSpecification() {
    assertThat(
            OpampCapabilities.of(
                ServerCapabilities.ServerCapabilities_AcceptsStatus,
                ServerCapabilities.ServerCapabilities_OffersConnectionSettings))
        .isEqualTo(0x21L);
  }
}
