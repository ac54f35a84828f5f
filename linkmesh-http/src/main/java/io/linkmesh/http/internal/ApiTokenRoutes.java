package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.port.in.ApiTokenQueries;
import io.linkmesh.domain.port.in.MintApiTokenCommand;
import io.linkmesh.domain.port.in.MintApiTokenUseCase;
import io.linkmesh.domain.port.in.MintedApiToken;
import io.linkmesh.domain.port.in.RevokeApiTokenCommand;
import io.linkmesh.domain.port.in.RevokeApiTokenUseCase;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code /api-tokens} (admin only): mint (shown once), list with last use, revoke. */
public final class ApiTokenRoutes {
  /** The longest API token lifetime: ten years. */
  static final long MAX_TTL_SECONDS = Duration.ofDays(3650).toSeconds();

  private final MintApiTokenUseCase mint;
  private final RevokeApiTokenUseCase revoke;
  private final ApiTokenQueries tokens;

  /** The body of {@code POST /api-tokens}. */
  public record MintRequest(
      @Nullable String name, @Nullable String role, @Nullable Long ttlSeconds) {}

  public ApiTokenRoutes(
      MintApiTokenUseCase mint, RevokeApiTokenUseCase revoke, ApiTokenQueries tokens) {
    this.mint = mint;
    this.revoke = revoke;
    this.tokens = tokens;
  }

  public void register(Router router) {
    router
        .post("/api-tokens", Role.ADMIN, this::mint)
        .get("/api-tokens", Role.ADMIN, this::list)
        .delete("/api-tokens/{id}", Role.ADMIN, this::revoke);
  }

  private Reply mint(Call call) {
    MintRequest request = call.json(MintRequest.class, false);
    if (request.name() == null || request.name().isBlank()) {
      throw ApiException.badRequest("field 'name' is required");
    }
    if (request.role() == null) {
      throw ApiException.badRequest("field 'role' is required: viewer, operator or admin");
    }
    Role role =
        Role.parse(request.role())
            .orElseThrow(
                () -> ApiException.badRequest("field 'role' must be viewer, operator or admin"));
    Duration ttl = null;
    if (request.ttlSeconds() != null) {
      if (request.ttlSeconds() < 1 || request.ttlSeconds() > MAX_TTL_SECONDS) {
        throw ApiException.badRequest("ttlSeconds must be from 1 to " + MAX_TTL_SECONDS);
      }
      ttl = Duration.ofSeconds(request.ttlSeconds());
    }
    MintedApiToken minted =
        mint.mint(new MintApiTokenCommand(call.actor(), request.name(), role, ttl));
    ObjectNode out = Views.apiToken(minted.record(), null);
    out.put("token", minted.token());
    return Reply.json(201, out)
        .withHeader("Location", "/api/v1/api-tokens/" + minted.record().id());
  }

  private Reply list(Call call) {
    ArrayNode items = Json.array();
    for (ApiToken token : tokens.apiTokens()) {
      items.add(Views.apiToken(token, tokens.lastUsed(token.id()).orElse(null)));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    return Reply.ok(out);
  }

  private Reply revoke(Call call) {
    String id = call.param("id");
    if (!revoke.revoke(new RevokeApiTokenCommand(call.actor(), id))) {
      throw ApiException.notFound(
          "no API token '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
    }
    return Reply.noContent();
  }
}
