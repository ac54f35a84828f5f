package io.linkmesh.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.ConnectOutcome;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Alloy gives its name only in RegisterCollector, after the GetConfig that registered it. */
class CollectorNameTest {

  private final DomainFixture f = new DomainFixture();

  private ConnectOutcome connectAlloy(String token, @Nullable String name) {
    return f.domain
        .fleet()
        .connect(
            new ConnectCollectorCommand(
                f.domain.fleet().authenticate(new AuthenticateCollectorCommand(token)),
                CollectorId.of("alloy-1"),
                CollectorRuntime.ALLOY,
                Transport.REMOTECFG,
                name,
                Map.of("collector.os", "linux"),
                CredentialRequest.NONE,
                null,
                "198.51.100.1"));
  }

  @Test
  void aNameGivenAfterRegistrationIsRecordedOnce() {
    String token = f.mintToken(null, Map.of());
    connectAlloy(token, null);
    String headBefore = f.domain.configs().head().orElseThrow().id().value();

    connectAlloy(token, "edge one");
    String headAfterRename = f.domain.configs().head().orElseThrow().id().value();
    connectAlloy(token, "edge one");
    connectAlloy(token, null);

    assertThat(f.domain.fleet().collector(CollectorId.of("alloy-1")).orElseThrow().displayName())
        .isEqualTo("edge one");
    assertThat(headAfterRename).isNotEqualTo(headBefore);
    assertThat(f.domain.configs().head().orElseThrow().id().value())
        .as("an unchanged name writes no revision")
        .isEqualTo(headAfterRename);
  }
}
