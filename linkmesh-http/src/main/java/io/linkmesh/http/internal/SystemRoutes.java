package io.linkmesh.http.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.CheckEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import io.linkmesh.http.PrometheusServerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The API about itself: who am I, the OpenAPI document, the Prometheus metrics, and the bootstrap
 * snippets that connect a new collector.
 */
public final class SystemRoutes {
  /** The OpenAPI document, a resource next to {@code RestApi}. */
  public static final String OPENAPI_RESOURCE = "/io/linkmesh/http/openapi.json";

  /** Renders a snippet: runtime, full enrollment token, external URL. */
  public interface Snippets {
    String render(CollectorRuntime runtime, String token, URI externalUrl);
  }

  private final PrometheusServerMetrics metrics;
  private final FleetQueries fleet;
  private final CheckEnrollmentTokenUseCase enrollment;
  private final @Nullable Snippets snippets;
  private final Function<Call, URI> externalUrl;
  private final byte[] openApi;

  public SystemRoutes(
      PrometheusServerMetrics metrics,
      FleetQueries fleet,
      CheckEnrollmentTokenUseCase enrollment,
      @Nullable Snippets snippets,
      Function<Call, URI> externalUrl) {
    this.metrics = metrics;
    this.fleet = fleet;
    this.enrollment = enrollment;
    this.snippets = snippets;
    this.externalUrl = externalUrl;
    this.openApi = loadOpenApi();
  }

  public void register(Router router) {
    router
        .get("/whoami", Role.VIEWER, this::whoami)
        .get("/openapi.json", Role.VIEWER, this::openApi)
        .get("/metrics", Role.VIEWER, this::metrics)
        .get("/bootstrap/{runtime}", Role.OPERATOR, this::bootstrap);
  }

  /** The OpenAPI document's bytes. */
  public static byte[] loadOpenApi() {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply whoami(Call call) {
    OperatorAuthentication.Operator operator = call.operator();
    ObjectNode out = Json.object();
    out.put("name", operator.name());
    out.put("role", operator.role().wireName());
    out.put("tokenId", operator.tokenId());
    return Reply.ok(out);
  }

  private Reply openApi(Call call) {
    return new Reply(200, Reply.JSON, openApi, Map.of());
  }

  private Reply metrics(Call call) {
    return Reply.text(200, PrometheusText.CONTENT_TYPE, PrometheusText.render(metrics, fleet));
  }

  private Reply bootstrap(Call call) {
    CollectorRuntime runtime =
        CollectorRuntime.parse(call.param("runtime"))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "no bootstrap snippet for '"
                            + call.param("runtime")
                            + "'; use otelcol or alloy"));
    String token = call.query("token");
    if (token == null) {
      throw ApiException.badRequest(
          "query parameter 'token' must be an enrollment token (POST /api/v1/enrollment-tokens)");
    }
    if (!enrollment.canEnrollNewCollector(token)) {
      throw new ApiException(
          400,
          "invalid_token",
          "'token' is not an enrollment token that can still enroll a collector"
              + " (unknown, expired, revoked or used up)");
    }
    if (snippets == null) {
      throw new ApiException(
          501, "not_configured", "this server has no bootstrap snippet renderer configured");
    }
    String text = snippets.render(runtime, token, externalUrl.apply(call));
    return new Reply(200, Reply.TEXT, text.getBytes(UTF_8), Map.of());
  }
}
