package io.linkmesh.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.EnrollmentQueries;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.MintEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.MintedEnrollmentToken;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /enrollment-tokens}: mint (shown once), list, get, revoke. A token's view names the
 * collectors a revocation cuts off (those whose only secret it is), and {@code DELETE ?dryRun=true}
 * answers the same without revoking, so the UI can say it before the operator confirms.
 */
public final class EnrollmentTokenRoutes {
  /** The most collector ids one answer lists; the count is always whole. */
  static final int MAX_LISTED = 1000;

  static final String SHARED_NOTE =
      "A multi-use token is a secret shared by every collector that enrolls with it: collectors"
          + " that cannot take a credential of their own (Grafana Alloy, OpAMP agents without"
          + " AcceptsOpAMPConnectionSettings) keep using it, so any holder of it can act for"
          + " them, and revoking it cuts them all off. Prefer one single-use token per host.";

  private final MintEnrollmentTokenUseCase mint;
  private final RevokeEnrollmentTokenUseCase revoke;
  private final EnrollmentQueries tokens;
  private final Clock clock;

  /** The body of {@code POST /enrollment-tokens}; every field optional. */
  public record MintRequest(
      @Nullable Long ttlSeconds, @Nullable Integer maxUses, @Nullable Map<String, String> labels) {}

  public EnrollmentTokenRoutes(
      MintEnrollmentTokenUseCase mint,
      RevokeEnrollmentTokenUseCase revoke,
      EnrollmentQueries tokens,
      Clock clock) {
    this.mint = mint;
    this.revoke = revoke;
    this.tokens = tokens;
    this.clock = clock;
  }

  public void register(Router router) {
    router
        .post("/enrollment-tokens", Role.OPERATOR, this::mint)
        .get("/enrollment-tokens", Role.VIEWER, this::list)
        .get("/enrollment-tokens/{id}", Role.VIEWER, this::one)
        .delete("/enrollment-tokens/{id}", Role.OPERATOR, this::revoke);
  }

  private Reply mint(Call call) {
    MintRequest request = call.json(MintRequest.class, true);
    Duration ttl = null;
    if (request.ttlSeconds() != null) {
      long seconds = request.ttlSeconds();
      if (seconds < 1 || seconds > EnrollmentToken.MAX_TTL.toSeconds()) {
        throw ApiException.badRequest(
            "ttlSeconds must be from 1 to " + EnrollmentToken.MAX_TTL.toSeconds());
      }
      ttl = Duration.ofSeconds(seconds);
    }
    MintedEnrollmentToken minted =
        mint.mint(
            new MintEnrollmentTokenCommand(
                call.actor(),
                ttl,
                request.maxUses(),
                request.labels() == null ? Map.of() : request.labels()));
    EnrollmentToken token = minted.record();
    ObjectNode out = Json.object();
    out.put("id", token.id());
    out.put("token", minted.token());
    out.put("expiresAt", token.expiresAt().toString());
    out.put("maxUses", token.maxUses());
    out.set("labels", Json.stringMap(token.labels()));
    out.put("shared", token.maxUses() != 1);
    if (token.maxUses() != 1) {
      out.put("note", SHARED_NOTE);
    }
    return Reply.json(201, out).withHeader("Location", "/api/v1/enrollment-tokens/" + token.id());
  }

  private Reply list(Call call) {
    Instant now = clock.instant();
    ArrayNode items = Json.array();
    for (EnrollmentToken token : tokens.enrollmentTokens()) {
      items.add(Views.enrollmentToken(token, now));
    }
    ObjectNode out = Json.object();
    out.set("items", items);
    return Reply.ok(out);
  }

  private Reply one(Call call) {
    String id = call.param("id");
    EnrollmentToken token = tokens.enrollmentToken(id).orElseThrow(() -> noSuchToken(id));
    ObjectNode out = Views.enrollmentToken(token, clock.instant());
    putCutOff(out, token.id());
    return Reply.ok(out);
  }

  private Reply revoke(Call call) {
    String id = call.param("id");
    if (Boolean.TRUE.equals(call.booleanQuery("dryRun"))) {
      EnrollmentToken token = tokens.enrollmentToken(id).orElseThrow(() -> noSuchToken(id));
      ObjectNode out = Json.object();
      out.put("id", token.id());
      out.put("revoked", token.revoked());
      putCutOff(out, token.id());
      return Reply.ok(out);
    }
    if (!revoke.revoke(new RevokeEnrollmentTokenCommand(call.actor(), id))) {
      throw noSuchToken(id);
    }
    return Reply.noContent();
  }

  /** The collectors whose only secret the token is: a revocation refuses them a new token. */
  private void putCutOff(ObjectNode out, String tokenId) {
    List<CollectorId> dependents = tokens.dependents(tokenId);
    ArrayNode ids = Json.array();
    dependents.stream().limit(MAX_LISTED).forEach(c -> ids.add(c.value()));
    out.set("collectorsCutOff", ids);
    out.put("collectorsCutOffCount", dependents.size());
  }

  private static ApiException noSuchToken(String id) {
    return ApiException.notFound(
        "no enrollment token '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
  }
}
