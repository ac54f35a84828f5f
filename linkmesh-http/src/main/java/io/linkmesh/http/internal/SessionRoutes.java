package io.linkmesh.http.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.port.in.AuthenticateOperatorCommand;
import io.linkmesh.domain.port.in.AuthenticateOperatorUseCase;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code /session}: a browser logs in with an operator token and gets the session cookie; {@code
 * DELETE} logs out. {@code POST /session} is the one route that needs no credential.
 */
public final class SessionRoutes {
  /** The longest token accepted at login. */
  public static final int MAX_TOKEN_LENGTH = 512;

  private final AuthenticateOperatorUseCase authenticator;
  private final Sessions sessions;
  private final Duration maxAge;
  private final boolean externallyHttps;

  /** The body of {@code POST /session}. */
  public record LoginRequest(@Nullable String token) {}

  /**
   * @param externallyHttps browsers reach the server over HTTPS (its external URL is https), so the
   *     cookie is {@code Secure} even on the plain HTTP hop from a TLS-terminating proxy
   */
  public SessionRoutes(
      AuthenticateOperatorUseCase authenticator,
      Sessions sessions,
      Duration maxAge,
      boolean externallyHttps) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.sessions = requireNonNull(sessions, "sessions");
    this.maxAge = requireNonNull(maxAge, "maxAge");
    this.externallyHttps = externallyHttps;
  }

  public void register(Router router) {
    router.post("/session", Role.VIEWER, this::login).delete("/session", Role.VIEWER, this::logout);
  }

  private Reply login(Call call) {
    LoginRequest request = call.json(LoginRequest.class, false);
    String token = request.token();
    if (token == null || token.isBlank()) {
      throw ApiException.badRequest("send {\"token\": \"<api token>\"}");
    }
    token = token.strip();
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new ApiException(401, "unauthenticated", "unknown API token");
    }
    OperatorAuthentication result =
        authenticator.authenticate(new AuthenticateOperatorCommand(token, call.address()));
    if (!(result instanceof OperatorAuthentication.Operator operator)) {
      throw new ApiException(
          401, "unauthenticated", ((OperatorAuthentication.Refused) result).message());
    }
    String previous = cookieValue(call.header("Cookie"));
    if (previous != null) {
      sessions.remove(previous); // a login always starts a fresh session
    }
    String id = sessions.create(token);
    ObjectNode out = Json.object();
    out.put("name", operator.name());
    out.put("role", operator.role().wireName());
    return Reply.ok(out).withHeader("Set-Cookie", cookie(id, maxAge.toSeconds(), secure(call)));
  }

  private Reply logout(Call call) {
    String id = cookieValue(call.header("Cookie"));
    if (id != null) {
      sessions.remove(id);
    }
    return Reply.noContent().withHeader("Set-Cookie", cookie("", 0, secure(call)));
  }

  private boolean secure(Call call) {
    return externallyHttps || call.secure();
  }

  private static String cookie(String value, long maxAgeSeconds, boolean secure) {
    return Sessions.COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** The session id in a {@code Cookie} header, or null. */
  public static @Nullable String cookieValue(@Nullable String header) {
    if (header == null || header.length() > 16 * 1024) {
      return null;
    }
    for (String part : header.split(";")) {
      String pair = part.strip();
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equals(Sessions.COOKIE)) {
        String value = pair.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() || value.length() > 100 ? null : value;
      }
    }
    return null;
  }
}
