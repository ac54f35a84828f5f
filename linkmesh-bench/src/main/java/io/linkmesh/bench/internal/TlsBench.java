package io.linkmesh.bench.internal;

import java.time.Duration;

/**
 * Row 8: rows 1 and 3 with TLS on (the server's generated self-signed certificate, trusted as a CA
 * by the simulator), to show what TLS costs. Information only: the targets are for plaintext.
 */
public final class TlsBench implements Bench {
  @Override
  public String name() {
    return "tls";
  }

  @Override
  public String summary() {
    return "ws-connect and push again with TLS on (information: what TLS costs)";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    int agents = ctx.options().integer("agents", 10_000);
    BenchResult result = ctx.newResult(name());
    try (ServerProcess server = ctx.startServer("tls-connect", true)) {
      String token = AdminClient.of(server).enrollmentToken(0, Duration.ofHours(2));
      WsConnectBench.connectAndHold(ctx, server, token, agents, Duration.ZERO, result, " (TLS)");
    }
    try (ServerProcess server = ctx.startServer("tls-push", true)) {
      PushBench.connectAndPush(ctx, server, agents, result, " (TLS)");
    }
    result.note(
        "TLS 1.3 (JDK default provider on both ends), server certificate trusted as a CA file");
    return result;
  }
}
