package io.linkmesh.app;

import io.linkmesh.domain.port.out.RevisionStore;
import io.linkmesh.domain.port.out.StoreStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /healthz}: the process is up. {@code /readyz}: it can take writes (the store is
 * available); 503 with the reason when degraded. No authentication: load balancers call them.
 */
final class HealthHandler extends Handler.Abstract.NonBlocking {
  private final RevisionStore store;

  HealthHandler(RevisionStore store) {
    this.store = store;
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
              + "\",\"store\":\""
              + status.detail().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ")
              + "\"}";
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
