package io.linkmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkmesh.app.AdminToken;
import io.linkmesh.app.LinkMeshServer;
import io.linkmesh.app.ServerSettings;
import io.linkmesh.app.StoreFactory;
import io.linkmesh.app.Stores;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code linkmesh token create} says where a token is minted that a shared token is shared. */
class TokenCommandTest {
  @TempDir Path dataDir;

  record Run(int code, String out, String err) {}

  Run create(LinkMeshServer server, AdminToken admin, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] base = {
      "token",
      "create",
      "--server",
      "https://127.0.0.1:" + server.port(),
      "--token",
      admin.secret(),
      "--ca-cert",
      dataDir.resolve("tls/server.crt").toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aMultiUseTokenIsSaidToBeSharedAndASingleUseOneIsNot() throws Exception {
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1",
            0,
            URI.create("https://127.0.0.1:8443"),
            dataDir,
            null,
            null,
            false,
            ServerSettings.StoreKind.FS,
            null,
            "test",
            Duration.ofSeconds(1));
    AdminToken admin = StoreFactory.adminToken(settings);
    try (LinkMeshServer server =
        LinkMeshServer.start(
            settings,
            new Stores(new InMemoryRevisionStore(), new InMemoryAuditLog(), () -> {}),
            admin,
            Clock.systemUTC())) {
      Run shared = create(server, admin, "--max-uses", "10");
      Run single = create(server, admin);

      assertThat(shared.code()).as(shared.err()).isZero();
      JsonNode minted = new ObjectMapper().readTree(shared.out());
      assertThat(minted.path("shared").asBoolean()).isTrue();
      assertThat(shared.err()).startsWith("note: A multi-use token is a secret shared");
      assertThat(single.code()).as(single.err()).isZero();
      assertThat(new ObjectMapper().readTree(single.out()).path("shared").asBoolean()).isFalse();
      assertThat(single.err()).isEmpty();
    }
  }
}
