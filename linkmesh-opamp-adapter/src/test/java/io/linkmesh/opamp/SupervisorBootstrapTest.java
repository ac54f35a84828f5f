package io.linkmesh.opamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class SupervisorBootstrapTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String yaml) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }

  @Test
  @SuppressWarnings("unchecked")
  void rendersAManagedSupervisorConfigForTheToken() {
    String yaml =
        SupervisorBootstrap.builder()
            .externalUrl(URI.create("https://linkmesh.example.com"))
            .build()
            .render("lm_enroll_abc.def");
    Map<String, Object> doc = load(yaml);
    Map<String, Object> server = (Map<String, Object>) doc.get("server");
    assertThat(server.get("endpoint")).isEqualTo("wss://linkmesh.example.com/v1/opamp");
    assertThat((Map<String, Object>) server.get("headers"))
        .containsEntry("Authorization", List.of("Bearer lm_enroll_abc.def"));
    Map<String, Object> caps = (Map<String, Object>) doc.get("capabilities");
    assertThat(caps)
        .containsEntry("accepts_remote_config", true)
        .containsEntry("reports_remote_config", true)
        .containsEntry("accepts_opamp_connection_settings", true)
        .containsEntry("reports_effective_config", true)
        .containsEntry("reports_health", true)
        .containsEntry("reports_own_metrics", true)
        .containsEntry("reports_heartbeat", true);
    assertThat(((Map<String, Object>) doc.get("agent")).get("executable"))
        .isEqualTo("/usr/local/bin/otelcol-contrib");
    assertThat(((Map<String, Object>) doc.get("storage")).get("directory"))
        .isEqualTo("/var/lib/otelcol/supervisor");
  }

  @Test
  void keepsTheExternalPortAndUsesWsForPlainHttp() {
    SupervisorBootstrap b =
        SupervisorBootstrap.builder().externalUrl(URI.create("http://10.0.0.7:8080")).build();
    assertThat(b.endpoint()).isEqualTo("ws://10.0.0.7:8080/v1/opamp");
    assertThat(load(b.render("t"))).doesNotContainKey("tls");
  }

  @Test
  void skipsTlsVerificationOnlyWhenAsked() {
    String yaml =
        SupervisorBootstrap.builder()
            .externalUrl(URI.create("https://127.0.0.1:8443"))
            .insecureSkipVerify(true)
            .build()
            .render("t");
    assertThat(yaml).contains("insecure_skip_verify: true");
  }

  @Test
  void refusesTokensThatWouldBreakTheYaml() {
    SupervisorBootstrap b = SupervisorBootstrap.builder().build();
    assertThatThrownBy(() -> b.render("a\"b\nc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.render(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
