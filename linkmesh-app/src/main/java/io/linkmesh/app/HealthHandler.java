package io.linkmesh.app;

import io.linkmesh.domain.port.in.AuthenticateOperatorCommand;
import io.linkmesh.domain.port.in.AuthenticateOperatorUseCase;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz}: the process is up. {@code /readyz}: it can take writes (the store is
 * available); 503 when degraded. No authentication: load balancers call them, so anonymous callers
 * get only the status and a coarse reason ({@code "store unavailable"}). The store's own words
 * (which carry the Git URL and remote error text) go only to a caller with an API token ({@code
 * Authorization: Bearer <api token>}, any role).
 *
 * <p>Blocking: checking a token may write the audit log (a failed login is audited).
 */
final class HealthHandler extends Handler.Abstract {
  /** Longer than any token the server mints; a longer header is not looked up. */
  private static final int MAX_CREDENTIAL_LENGTH = 512;

  private final RevisionStore store;
  private final AuthenticateOperatorUseCase operators;

  HealthHandler(RevisionStore store, AuthenticateOperatorUseCase operators) {
    super(InvocationType.BLOCKING);
    this.store = store;
    this.operators = operators;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.equals("/healthz") && !path.equals("/readyz")) {
      return false;
    }
    if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
      response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      callback.succeeded();
      return true;
    }
    String body;
    if (path.equals("/healthz")) {
      body = "{\"status\":\"ok\"}";
    } else {
      StoreStatus status = store.status();
      if (!status.writable()) {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
      }
      body =
          "{\"status\":\""
              + (status.writable() ? "ready" : "degraded")
              + "\""
              + (status.writable() ? "" : ",\"reason\":\"store unavailable\"")
              + (operator(request) ? ",\"store\":\"" + escape(status.detail()) + "\"" : "")
              + "}";
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  /** Whether the request carries a valid API token; a bad one gets the anonymous answer. */
  private boolean operator(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) {
      return false;
    }
    String[] parts = header.strip().split("\\s+", 2);
    if (parts.length != 2
        || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")
        || parts[1].isEmpty()
        || parts[1].length() > MAX_CREDENTIAL_LENGTH) {
      return false;
    }
    String address = Request.getRemoteAddr(request);
    return operators.authenticate(new AuthenticateOperatorCommand(parts[1], address))
        instanceof OperatorAuthentication.Operator;
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
