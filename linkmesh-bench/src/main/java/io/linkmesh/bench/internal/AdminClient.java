package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** The REST calls a bench makes as the operator: mint enrollment tokens, put configs. */
public final class AdminClient {
  private final URI base;
  private final String token;
  private final HttpClient http;

  public AdminClient(URI base, String token, @Nullable SSLContext ssl) {
    this.base = requireNonNull(base, "base");
    this.token = requireNonNull(token, "token");
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  public static AdminClient of(ServerProcess server) {
    return new AdminClient(
        server.baseUri(),
        server.adminToken(),
        server.tls() ? Tls.trusting(server.certificate()) : null);
  }

  /** A new enrollment token ({@code maxUses} 0 = unlimited); answers its secret. */
  public String enrollmentToken(int maxUses, Duration ttl) {
    String body = "{\"ttlSeconds\": " + ttl.toSeconds() + ", \"maxUses\": " + maxUses + "}";
    String answer = send("POST", "/api/v1/enrollment-tokens", body, 201);
    return Json.stringField(answer, "token")
        .orElseThrow(() -> new BenchException("no token in " + answer));
  }

  /** PUT a config; answers the revision id. {@code runtime} is {@code otelcol} or {@code alloy}. */
  public String putConfig(
      String name, String runtime, Map<String, String> selector, String content) {
    StringBuilder sel = new StringBuilder("{");
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (sel.length() > 1) {
        sel.append(',');
      }
      sel.append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
    }
    sel.append('}');
    String body =
        "{\"runtime\": "
            + Json.quote(runtime)
            + ", \"selector\": "
            + sel
            + ", \"content\": "
            + Json.quote(content)
            + "}";
    String answer = send("PUT", "/api/v1/configs/" + name, body, 200);
    return Json.stringField(answer, "revision")
        .orElseThrow(() -> new BenchException("no revision in " + answer));
  }

  public String get(String path) {
    return send("GET", path, null, 200);
  }

  private String send(String method, String path, @Nullable String body, int expected) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expected) {
        throw new BenchException(
            method + " " + path + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
      }
      return r.body();
    } catch (IOException e) {
      throw new BenchException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted during " + method + " " + path, e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "...";
  }
}
