package io.linkmesh.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.http.RestApi;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebUiTest {
  static final String ADMIN = "admin-secret-for-tests-0123456789";

  private Server server;
  private URI base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    LinkMeshDomain domain =
        LinkMeshDomain.builder()
            .store(new InMemoryRevisionStore())
            .auditLog(new InMemoryAuditLog())
            .secrets(new SequentialSecretGenerator())
            .validator(new BogusComponentValidator())
            .adminSecret(ADMIN)
            .build();
    server.setHandler(
        new Handler.Sequence(
            RestApi.builder()
                .operators(domain.operators())
                .enrollment(domain.enrollment())
                .fleet(domain.fleet())
                .configs(domain.configs())
                .build(),
            new WebUi(),
            new DefaultHandler(false, false)));
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    return sendBody(method, path, null, headers);
  }

  private HttpResponse<String> sendBody(
      String method, String path, @Nullable String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  @Nested
  class Assets {
    @Test
    void rootIsTheIndexPageWithAStrictPolicy() throws Exception {
      HttpResponse<String> page = send("GET", "/");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
      String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp)
          .contains("default-src 'self'")
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void scriptsAndStylesHaveTheirContentTypes() throws Exception {
      assertThat(send("GET", "/ui/app.js").headers().firstValue("Content-Type"))
          .hasValue("text/javascript; charset=utf-8");
      assertThat(send("GET", "/ui/api.js").body()).contains("X-LinkMesh-Request");
      assertThat(send("GET", "/ui/style.css").headers().firstValue("Content-Type"))
          .hasValue("text/css; charset=utf-8");
    }

    @Test
    void anUnchangedAssetIsNotSentAgain() throws Exception {
      String etag = send("GET", "/ui/app.js").headers().firstValue("ETag").orElseThrow();

      HttpResponse<String> again = send("GET", "/ui/app.js", "If-None-Match", etag);

      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
      HttpResponse<String> head = send("HEAD", "/ui/style.css");

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  @Nested
  class NextToTheApi {
    @Test
    void overPlainHttpTheSessionCookieIsNotMarkedSecure() throws Exception {
      HttpResponse<String> login =
          sendBody(
              "POST",
              "/api/v1/session",
              "{\"token\":\"" + ADMIN + "\"}",
              "Content-Type",
              "application/json");

      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure");
      HttpResponse<String> me =
          send("GET", "/api/v1/whoami", "Cookie", cookie.substring(0, cookie.indexOf(';')));
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).contains("\"admin\"");
    }

    @Test
    void apiPathsStayWithTheApi() throws Exception {
      HttpResponse<String> api = send("GET", "/api/v1/whoami");

      assertThat(api.statusCode()).isEqualTo(401);
      assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json");
    }
  }

  @Nested
  class Refusals {
    @Test
    void unknownAssetIsNotFound() throws Exception {
      HttpResponse<String> missing = send("GET", "/ui/nothing.js");

      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(send("GET", "/ui/").statusCode()).isEqualTo(404);
      assertThat(send("GET", "/ui/app.exe").statusCode()).isEqualTo(404);
    }

    @Test
    void nothingOutsideTheUiFolderCanBeNamed() throws Exception {
      for (String path :
          new String[] {
            "/ui/..%2Fopenapi.json",
            "/ui/%2e%2e/openapi.json",
            "/ui/sub/app.js",
            "/ui/App.js",
            "/ui/.hidden.js"
          }) {
        int status = send("GET", path).statusCode();
        assertThat(status).as(path).isIn(400, 404);
      }
      assertThat(rawStatus("GET /ui/../openapi.json HTTP/1.1")).isIn(400, 404);
      assertThat(rawStatus("GET /ui/../../RestApi.class HTTP/1.1")).isIn(400, 404);
    }

    @Test
    void changesAreNotAllowed() throws Exception {
      HttpResponse<String> post = send("POST", "/ui/app.js");

      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void otherPathsAreLeftToTheNextHandler() throws Exception {
      HttpResponse<String> other = send("GET", "/v1/opamp");

      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.headers().firstValue("Content-Security-Policy")).isEmpty();
    }
  }

  /** Sends a request line as is (the JDK client would normalise the dots away). */
  private int rawStatus(String requestLine) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              (requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
      String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
      return Integer.parseInt(answer.substring(9, 12));
    }
  }
}
