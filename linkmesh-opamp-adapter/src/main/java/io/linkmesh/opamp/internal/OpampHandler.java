package io.linkmesh.opamp.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.jetty.Body;
import io.linkmesh.jetty.InFlightLimit;
import io.linkmesh.jetty.RequestBodies;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/opamp} Jetty handler: authenticates every request before anything else, then
 * upgrades GETs to the OpAMP WebSocket or answers POSTs as plain-HTTP OpAMP. Requests for other
 * paths are left to the next handler.
 */
public final class OpampHandler extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(OpampHandler.class);
  private static final String PROTOBUF = "application/x-protobuf";
  private static final int GZIP_RESPONSE_MIN_BYTES = 512;

  private final SessionMachine machine;
  private final String path;
  private final int maxMessageBytes;
  private final RequestBodies bodies;
  private final Duration idleTimeout;
  private final @Nullable URI externalUrl;
  private final boolean compression;

  /**
   * WebSockets each collector credential holds open: one agent needs one, two while it reconnects.
   */
  private final InFlightLimit sockets;

  private @Nullable WebSocketUpgradeHandler upgrades;

  public OpampHandler(
      SessionMachine machine,
      String path,
      int maxMessageBytes,
      Duration idleTimeout,
      @Nullable URI externalUrl,
      boolean compression,
      int socketsPerCredential) {
    this.machine = machine;
    this.sockets = InFlightLimit.of(socketsPerCredential);
    this.compression = compression;
    this.path = path;
    this.maxMessageBytes = maxMessageBytes;
    this.bodies = RequestBodies.builder().maxBytes(maxMessageBytes).build();
    addBean(bodies);
    this.idleTimeout = idleTimeout;
    this.externalUrl = externalUrl;
  }

  @Override
  protected void doStart() throws Exception {
    if (upgrades == null) {
      WebSocketUpgradeHandler ws =
          WebSocketUpgradeHandler.from(
              getServer(),
              container -> {
                container.setIdleTimeout(idleTimeout);
                // OpAMP header (up to 10 bytes) + message; one frame may carry the whole message.
                container.setMaxBinaryMessageSize(maxMessageBytes + 10L);
                container.setMaxFrameSize(maxMessageBytes + 10L);
                // Check each frame's announced length against the cap as its header arrives: with
                // auto-fragmentation an oversized frame is split and buffered up to the message
                // cap before it is refused.
                container.setAutoFragment(false);
                container.setMaxTextMessageSize(1024);
                container.setMaxOutgoingFrames(64);
              });
      upgrades = ws;
      setHandler(ws);
    }
    super.doStart();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!path.equals(Request.getPathInContext(request))) {
      return false;
    }
    String method = request.getMethod();
    boolean get = HttpMethod.GET.is(method);
    if (!get && !HttpMethod.POST.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
      return error(
          response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET (WebSocket) or POST");
    }
    String bearer = bearer(request);
    if (bearer == null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      return error(response, callback, 401, "missing bearer token");
    }
    Fleet.Auth auth = machine.fleet().authenticate(bearer);
    if (auth instanceof Fleet.Auth.Refused r) {
      if (r.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      }
      return error(response, callback, r.status(), r.reason());
    }
    Object who = ((Fleet.Auth.Accepted) auth).who();
    if (get) {
      WebSocketUpgradeHandler ws = upgrades;
      String opamp = endpoint(request, true);
      String address = Request.getRemoteAddr(request);
      String metrics = metricsEndpoint(request);
      boolean upgraded =
          ws != null
              && ws.getServerWebSocketContainer()
                  .upgrade(
                      (rq, rs, cb) -> {
                        boolean counted = machine.fleet().isCollectorCredential(who);
                        InFlightLimit.Permit socket = counted ? sockets.tryAcquire(who) : null;
                        if (counted && socket == null) {
                          LOG.warn(
                              "OpAMP WebSocket refused: {} holds {} sockets already (the bound)",
                              who,
                              sockets.perClient());
                          rs.getHeaders().put(HttpHeader.RETRY_AFTER, "30");
                          error(
                              rs,
                              cb,
                              HttpStatus.TOO_MANY_REQUESTS_429,
                              "this collector credential holds "
                                  + sockets.perClient()
                                  + " OpAMP WebSockets already (the bound); close one first");
                          return null;
                        }
                        if (!compression) {
                          // permessage-deflate costs a zlib context per socket; OpAMP does not
                          // need it (the supervisor leaves it off).
                          rs.setExtensions(List.of());
                        }
                        return new WsEndpoint(
                            machine,
                            who,
                            bearer,
                            opamp,
                            metrics,
                            address,
                            maxMessageBytes,
                            socket != null ? socket::release : () -> {});
                      },
                      request,
                      response,
                      callback);
      if (!upgraded) {
        return error(response, callback, 400, "expected a WebSocket upgrade or a POST");
      }
      return true;
    }
    return post(request, response, callback, who, bearer);
  }

  private boolean post(
      Request request, Response response, Callback callback, Object who, String bearer) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !mediaType(type).equals(PROTOBUF)) {
      return error(response, callback, 415, "Content-Type must be " + PROTOBUF);
    }
    String opamp = endpoint(request, false);
    String metrics = metricsEndpoint(request);
    // Read without holding a thread, bounded before and after gzip, at the minimum data rate.
    bodies.read(
        request,
        body -> {
          try {
            if (body instanceof Body.Read read) {
              answer(request, response, callback, who, bearer, opamp, metrics, read.bytes());
            } else if (body instanceof Body.Broken broken) {
              LOG.debug("reading OpAMP request body failed", broken.cause());
              callback.failed(broken.cause());
            } else if (body instanceof Body.TooLarge) {
              response.getHeaders().put(HttpHeader.CONNECTION, "close");
              error(
                  response,
                  bodies.discardAfter(request, callback),
                  413,
                  "request body over " + maxMessageBytes + " bytes");
            } else if (body instanceof Body.TooSlow slow) {
              response.getHeaders().put(HttpHeader.CONNECTION, "close");
              error(
                  response,
                  callback,
                  408,
                  "request body slower than " + slow.minBytesPerSecond() + " bytes per second");
            } else if (body instanceof Body.UnsupportedEncoding unsupported) {
              error(
                  response,
                  callback,
                  415,
                  "unsupported Content-Encoding " + unsupported.encoding());
            } else {
              error(response, callback, 400, "bad gzip body: " + ((Body.Malformed) body).reason());
            }
          } catch (RuntimeException e) {
            LOG.warn("OpAMP HTTP request failed", e);
            error(response, callback, 500, "internal error");
          }
        });
    return true;
  }

  private void answer(
      Request request,
      Response response,
      Callback callback,
      Object who,
      String bearer,
      String opamp,
      String metrics,
      byte[] body) {
    AgentToServer message;
    try {
      message = AgentToServer.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      error(response, callback, 400, "undecodable AgentToServer: " + e.getMessage());
      return;
    }
    SessionMachine.Outcome outcome =
        machine.onMessage(
            new HttpLink(who, bearer, opamp, metrics, Request.getRemoteAddr(request)), message);
    if (outcome instanceof SessionMachine.Outcome.Refused r) {
      error(response, callback, r.status(), r.reason());
      return;
    }
    SessionMachine.Outcome.Reply reply = (SessionMachine.Outcome.Reply) outcome;
    if (reply.message().hasErrorResponse()) {
      error(response, callback, 400, reply.message().getErrorResponse().getErrorMessage());
      return;
    }
    byte[] bytes = reply.message().toByteArray();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROTOBUF);
    if (bytes.length >= GZIP_RESPONSE_MIN_BYTES && acceptsGzip(request)) {
      bytes = gzip(bytes);
      response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("gzip to memory failed", e);
    }
    return out.toByteArray();
  }

  static boolean acceptsGzip(Request request) {
    for (String value : request.getHeaders().getValuesList(HttpHeader.ACCEPT_ENCODING)) {
      for (String part : value.split(",")) {
        String[] bits = part.trim().split(";");
        String coding = bits[0].trim().toLowerCase(Locale.ROOT);
        if (coding.equals("gzip") || coding.equals("*")) {
          double q = 1;
          for (int i = 1; i < bits.length; i++) {
            String p = bits[i].trim();
            if (p.startsWith("q=")) {
              try {
                q = Double.parseDouble(p.substring(2));
              } catch (NumberFormatException e) {
                q = 0;
              }
            }
          }
          if (q > 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  static @Nullable String bearer(Request request) {
    String value = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (value == null) {
      return null;
    }
    value = value.trim();
    if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private String endpoint(Request request, boolean websocket) {
    String scheme;
    String authority;
    if (externalUrl != null) {
      boolean secure =
          "https".equalsIgnoreCase(externalUrl.getScheme())
              || "wss".equalsIgnoreCase(externalUrl.getScheme());
      scheme = websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
      authority = externalUrl.getRawAuthority();
    } else {
      boolean secure = request.isSecure();
      scheme = websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
      authority = request.getHttpURI().getAuthority();
    }
    return scheme + "://" + authority + path;
  }

  private String metricsEndpoint(Request request) {
    String opamp = endpoint(request, false);
    return opamp.substring(0, opamp.length() - path.length()) + "/v1/metrics";
  }

  private static boolean error(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(
        true,
        BufferUtil.toBuffer(message + "\n", java.nio.charset.StandardCharsets.UTF_8),
        callback);
    return true;
  }
}
