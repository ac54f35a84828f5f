package io.linkmesh.http;

import io.linkmesh.http.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's error handler with the API's error shape: errors Jetty itself answers before {@link
 * RestApi} sees a request under {@code /api/v1} (an ambiguous or malformed URI, a failed handler)
 * get {@code {"error": {"code": "http_400", "message": "..."}}} instead of an HTML page; other
 * paths keep Jetty's default rendering, except a request line too malformed to have a path. Install
 * it with {@code server.setErrorHandler(new ApiErrorHandler())}.
 */
public final class ApiErrorHandler extends ErrorHandler {
  /** The path Jetty gives the error request of a request it could not parse. */
  static final String BAD_MESSAGE_PATH = "/badMessage";

  /**
   * Jetty writes an error body only for GET, POST and HEAD; a {@code PUT /api/v1/configs/%2e%2e}
   * got a 400 with an empty body. Every answer under {@code /api/v1} carries the error shape, so
   * every method gets a body (elsewhere that is Jetty's own page, harmless for any method).
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      @Nullable String message,
      @Nullable Throwable cause,
      Callback callback)
      throws IOException {
    if (!underApi(request)) {
      super.generateResponse(request, response, code, message, cause, callback);
      return;
    }
    String reason = HttpStatus.getMessage(code);
    String text =
        message == null || message.isBlank()
            ? reason.toLowerCase(Locale.ROOT)
            : message.length() > 200 ? message.substring(0, 200) : message;
    byte[] bytes = Json.bytes(Json.error("http_" + code, text, null));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /**
   * Whether the answer takes the API's shape. A request line Jetty cannot parse at all (a {@code
   * %00} in the path) reaches here as {@value #BAD_MESSAGE_PATH}, its real path lost: it may have
   * been an API call, so it gets the API shape too.
   */
  private static boolean underApi(Request request) {
    try {
      String path = request.getHttpURI().getPath();
      return path != null
          && (path.equals(RestApi.BASE_PATH)
              || path.startsWith(RestApi.BASE_PATH + "/")
              || path.equals(BAD_MESSAGE_PATH));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
