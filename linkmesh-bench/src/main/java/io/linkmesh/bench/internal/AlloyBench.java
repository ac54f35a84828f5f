package io.linkmesh.bench.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.wire.alloy.proto.GetConfigRequest;
import io.linkmesh.wire.alloy.proto.GetConfigResponse;
import io.linkmesh.wire.alloy.proto.RegisterCollectorRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.jspecify.annotations.Nullable;

/**
 * Row 5: Alloy {@code GetConfig} polls answered {@code not_modified}, closed loop over 64
 * keep-alive connections, against the server and then against a bare Jetty handler answering a
 * fixed 200 ({@code FixedOkServer}) with the same load generator and the same requests.
 */
public final class AlloyBench implements Bench {
  static final String SERVICE = "/collector.v1.CollectorService/";
  static final String CONFIG =
      "// LinkMesh bench: a small Alloy pipeline for every Alloy collector.\n"
          + "prometheus.exporter.self \"bench\" { }\n"
          + "\n"
          + "prometheus.scrape \"bench\" {\n"
          + "  targets    = prometheus.exporter.self.bench.targets\n"
          + "  forward_to = [prometheus.remote_write.bench.receiver]\n"
          + "}\n"
          + "\n"
          + "prometheus.remote_write \"bench\" {\n"
          + "  endpoint {\n"
          + "    url = \"https://prometheus.example.com/api/v1/write\"\n"
          + "  }\n"
          + "}\n";

  @Override
  public String name() {
    return "alloy";
  }

  @Override
  public String summary() {
    return "Alloy GetConfig not_modified, 64 connections, vs a bare Jetty fixed 200 (target ≥ 50 %)";
  }

  @Override
  public BenchResult run(BenchContext ctx) {
    Options o = ctx.options();
    int connections = o.integer("connections", 64);
    Duration warmup = o.duration("warmup", Duration.ofSeconds(5));
    Duration duration = o.duration("duration", Duration.ofSeconds(20));
    BenchResult result = ctx.newResult(name());
    Console console = ctx.console();

    ClosedLoop.Outcome server;
    double serverCpu;
    GetConfigRequest[] polls = new GetConfigRequest[connections];
    String token;
    try (ServerProcess lm = ctx.startServer(name(), false)) {
      AdminClient admin = AdminClient.of(lm);
      admin.putConfig("bench-alloy", "alloy", Map.of(), CONFIG);
      token = admin.enrollmentToken(0, Duration.ofHours(2));
      HttpClient client = LoadClients.start(connections);
      try {
        URI base = lm.baseUri();
        for (int i = 0; i < connections; i++) {
          polls[i] = register(client, base, token, i);
        }
        console.progress(
            "%d Alloy collectors registered; polling for %d s after %d s of warm-up",
            connections, duration.toSeconds(), warmup.toSeconds());
        double cpu0 = ProcFs.cpuSeconds(lm.pid());
        long t0 = System.nanoTime();
        server =
            ClosedLoop.run(
                client, connections, warmup, duration, exchange(base, token, polls, true));
        serverCpu = (ProcFs.cpuSeconds(lm.pid()) - cpu0) / ((System.nanoTime() - t0) / 1e9);
      } finally {
        LoadClients.stop(client);
      }
    }
    console.progress(
        "LinkMesh: %.0f req/s, errors %s; now the bare Jetty baseline",
        server.perSecond(), server.errors());

    ClosedLoop.Outcome bare;
    try (BaselineProcess baseline =
        BaselineProcess.start(ctx.workDir().resolve(name()).resolve("fixed-ok.log"))) {
      HttpClient client = LoadClients.start(connections);
      try {
        bare =
            ClosedLoop.run(
                client,
                connections,
                warmup,
                duration,
                exchange(baseline.baseUri(), token, polls, false));
      } finally {
        LoadClients.stop(client);
      }
    }
    console.progress("bare Jetty: %.0f req/s, errors %s", bare.perSecond(), bare.errors());

    double ratio = 100.0 * server.perSecond() / bare.perSecond();
    result.add(Figure.info("LinkMesh GetConfig not_modified", server.perSecond(), "req/s"));
    result.add(Figure.info("bare Jetty fixed 200", bare.perSecond(), "req/s"));
    result.add(Figure.atLeast("LinkMesh / bare Jetty", ratio, "%", 50));
    result.add(Figure.atMost("LinkMesh errors", server.errorCount(), "", 0));
    result.add(Figure.info("server CPU during the run", serverCpu, "cores"));
    result.note(
        connections
            + " connections, closed loop, "
            + warmup.toSeconds()
            + " s warm-up + "
            + duration.toSeconds()
            + " s measured; the load generator runs in the bench JVM on the same 2 cores");
    if (!server.errors().isEmpty()) {
      result.note("LinkMesh errors by kind: " + server.errors());
    }
    if (!bare.errors().isEmpty()) {
      result.note("bare Jetty errors by kind: " + bare.errors());
    }
    return result;
  }

  /** RegisterCollector then a first GetConfig; answers the steady-state poll carrying its hash. */
  private static GetConfigRequest register(HttpClient client, URI base, String token, int i) {
    String id = "bench-alloy-" + i;
    Map<String, String> attributes =
        Map.of(
            "collector.os", "linux",
            "collector.version", "v1.11.0",
            "env", "bench");
    RegisterCollectorRequest register =
        RegisterCollectorRequest.newBuilder()
            .setId(id)
            .setName(id)
            .putAllLocalAttributes(attributes)
            .build();
    ContentResponse r =
        LoadClients.send(
            alloyRequest(
                client,
                base.resolve(SERVICE + "RegisterCollector"),
                token,
                register.toByteArray()));
    if (r.getStatus() != 200) {
      throw new BenchException(
          "RegisterCollector answered " + r.getStatus() + ": " + r.getContentAsString());
    }
    GetConfigRequest first =
        GetConfigRequest.newBuilder().setId(id).putAllLocalAttributes(attributes).build();
    r =
        LoadClients.send(
            alloyRequest(client, base.resolve(SERVICE + "GetConfig"), token, first.toByteArray()));
    if (r.getStatus() != 200) {
      throw new BenchException(
          "GetConfig answered " + r.getStatus() + ": " + r.getContentAsString());
    }
    GetConfigResponse answer;
    try {
      answer = GetConfigResponse.parseFrom(r.getContent());
    } catch (InvalidProtocolBufferException e) {
      throw new BenchException("GetConfig answer is not a GetConfigResponse: " + e.getMessage(), e);
    }
    if (answer.getHash().isEmpty() || answer.getContent().isEmpty()) {
      throw new BenchException("the first GetConfig answered no config: " + answer);
    }
    return first.toBuilder().setHash(answer.getHash()).build();
  }

  static Request alloyRequest(HttpClient client, URI uri, String token, byte[] body) {
    return LoadClients.post(client, uri, token, "application/proto", body)
        .agent("Alloy/v1.11.0 (linux; binary)")
        .headers(h -> h.put("Connect-Protocol-Version", "1"));
  }

  private static ClosedLoop.Exchange exchange(
      URI base, String token, GetConfigRequest[] polls, boolean expectNotModified) {
    URI uri = base.resolve(SERVICE + "GetConfig");
    byte[][] bodies = new byte[polls.length][];
    for (int i = 0; i < polls.length; i++) {
      bodies[i] = polls[i].toByteArray();
    }
    return new ClosedLoop.Exchange() {
      @Override
      public Request request(HttpClient client, int worker) {
        return alloyRequest(client, uri, token, bodies[worker]);
      }

      @Override
      public @Nullable String check(int worker, int status, byte[] body, ClosedLoop.Tally tally) {
        if (status != 200) {
          return "HTTP " + status;
        }
        if (!expectNotModified) {
          return null;
        }
        try {
          return GetConfigResponse.parseFrom(body).getNotModified() ? null : "modified";
        } catch (InvalidProtocolBufferException e) {
          return "undecodable answer";
        }
      }
    };
  }
}
