package io.linkmesh.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The operators' web UI: static HTML, CSS and JavaScript modules from the classpath ({@code
 * io/linkmesh/web/ui/}), talking to the REST API ({@code linkmesh-http}) with the session cookie.
 *
 * <p>It claims only {@code /} (the page) and {@code /ui/<file>} (its assets); every other path is
 * left to the next handler ({@code handle} returns {@code false}), so it can sit anywhere in a
 * {@code Handler.Sequence}. An unknown asset is 404; asset names are one path segment of {@code
 * [a-z0-9-]} and a known extension, so nothing outside the UI folder can be named. Every answer
 * carries a strict Content-Security-Policy ({@code default-src 'self'}), {@code nosniff}, {@code
 * frame-ancestors 'none'} and {@code Cache-Control: no-cache} with an ETag.
 *
 * <pre>{@code
 * server.setHandler(new Handler.Sequence(api, new WebUi(), health, opamp, alloy, otlp));
 * }</pre>
 */
public final class WebUi extends Handler.Abstract.NonBlocking {
  /** Where the assets live on the classpath. */
  public static final String RESOURCE_DIR = "/io/linkmesh/web/ui/";

  /** The path prefix of the assets. */
  public static final String ASSET_PATH = "/ui/";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.[a-z]{2,5}");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json");

  private record Asset(byte[] bytes, String type, String etag) {}

  // only assets that exist are kept, so the cache is bounded by the UI folder
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String name;
    if (path.equals("/") || path.equals("/index.html")) {
      name = "index.html";
    } else if (path.startsWith(ASSET_PATH)) {
      name = path.substring(ASSET_PATH.length());
    } else {
      return false;
    }
    securityHeaders(response);
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      return text(response, callback, 405, "method not allowed\n");
    }
    Asset asset = ASSET.matcher(name).matches() ? cache.computeIfAbsent(name, WebUi::load) : null;
    if (asset == null) {
      return text(response, callback, 404, "not found\n");
    }
    response.getHeaders().put(HttpHeader.ETAG, asset.etag());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      response.setStatus(304);
      callback.succeeded();
      return true;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.type());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
    if (method.equals("HEAD")) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
    }
    return true;
  }

  private static void securityHeaders(Response response) {
    response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
  }

  private static boolean text(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(
        true, ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static @Nullable Asset load(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    String type = TYPES.get(extension);
    if (type == null) {
      return null;
    }
    try (InputStream in = WebUi.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      String etag = "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
      return new Asset(bytes, type, etag);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read UI asset " + name, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
