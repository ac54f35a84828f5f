package io.linkmesh.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors a handler leaves to Jetty under {@code /api/v1}: the API's error shape, with the message
 * as JSON text whatever characters it holds, cut at 200 characters.
 */
class ApiErrorHandlerTest {
  static final String AWKWARD =
      "a \"quoted\" \\ back\tslash\nnew line, \u00e9t\u00e9 \u2603 </script>";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private Server server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String message =
                Request.getPathInContext(request).endsWith("/long") ? "x".repeat(300) : AWKWARD;
            Response.writeError(request, response, callback, 400, message);
            return true;
          }
        });
    server.setErrorHandler(new ApiErrorHandler());
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  @Test
  void theMessageIsEscapedAsJsonTextForEveryMethod() throws Exception {
    for (String method : new String[] {"GET", "PUT", "DELETE"}) {
      HttpResponse<String> response = send(method, "/api/v1/fail");

      assertThat(response.statusCode()).as(method).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode body = json.readTree(response.body());
      assertThat(body.size()).isEqualTo(1);
      assertThat(body.path("error").path("code").asText()).isEqualTo("http_400");
      assertThat(body.path("error").path("message").asText()).as(method).isEqualTo(AWKWARD);
    }
  }

  @Test
  void aLongMessageIsCutAtTwoHundredCharacters() throws Exception {
    JsonNode body = json.readTree(send("GET", "/api/v1/long").body());

    assertThat(body.path("error").path("message").asText()).isEqualTo("x".repeat(200));
  }

  @Test
  void otherPathsKeepJettysOwnPage() throws Exception {
    HttpResponse<String> response = send("GET", "/elsewhere/fail");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("\"error\"");
  }
}
