package io.linkmesh.opamp.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.wire.opamp.OpampFrames;
import io.linkmesh.wire.opamp.proto.AgentToServer;
import io.linkmesh.wire.opamp.proto.ServerToAgent;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent WebSocket. Frames are pulled one at a time with explicit demand, so one agent's
 * messages are handled in order on Jetty's pool without a thread of its own; replies and pushes are
 * sent asynchronously.
 */
public final class WsEndpoint extends AgentLink implements Session.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);

  private static final java.time.Duration CLOSE_GRACE = java.time.Duration.ofSeconds(2);

  private final SessionMachine machine;
  private final int maxMessageBytes;
  private final Runnable onEnd;
  private final java.util.concurrent.atomic.AtomicBoolean ended =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile @Nullable Session session;

  public WsEndpoint(
      SessionMachine machine,
      Object who,
      String bearer,
      String opampEndpoint,
      String metricsEndpoint,
      String address,
      int maxMessageBytes,
      Runnable onEnd) {
    super(who, bearer, Transport.WEBSOCKET, opampEndpoint, metricsEndpoint, address);
    this.machine = machine;
    this.maxMessageBytes = maxMessageBytes;
    this.onEnd = onEnd;
  }

  /** Runs {@code onEnd} (gives back the socket's place) once, however the socket ended. */
  private void end() {
    if (ended.compareAndSet(false, true)) {
      onEnd.run();
    }
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    session.demand();
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    Session s = session;
    try {
      if (s == null) {
        return;
      }
      long header = OpampFrames.readHeader(payload);
      if (header != OpampFrames.HEADER) {
        s.close(
            StatusCode.PROTOCOL,
            header < 0 ? "missing OpAMP header" : "unsupported OpAMP header " + header,
            Callback.NOOP);
        return;
      }
      AgentToServer message;
      try {
        message = AgentToServer.parseFrom(payload);
      } catch (InvalidProtocolBufferException e) {
        send(s, SessionMachine.badRequest("undecodable AgentToServer: " + e.getMessage()));
        demand(s);
        return;
      }
      SessionMachine.Outcome outcome = machine.onMessage(this, message);
      if (outcome instanceof SessionMachine.Outcome.Reply r) {
        send(s, r.message());
        demand(s);
      } else if (outcome instanceof SessionMachine.Outcome.Refused r) {
        send(s, SessionMachine.badRequest(r.reason()));
        s.close(StatusCode.POLICY_VIOLATION, r.reason(), Callback.NOOP);
      }
    } catch (RuntimeException e) {
      LOG.warn("OpAMP message handling failed; closing the socket", e);
      if (s != null) {
        s.close(StatusCode.SERVER_ERROR, "internal error", Callback.NOOP);
      }
    } finally {
      callback.succeed();
    }
  }

  private static void demand(Session s) {
    if (s.isOpen()) {
      try {
        s.demand();
      } catch (IllegalStateException e) {
        LOG.debug("no demand on a closing socket", e);
      }
    }
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    AgentState st = bound;
    if (st != null) {
      st.lastActiveNanos = System.nanoTime();
    }
    Session s = session;
    if (s != null) {
      demand(s); // explicit demand covers control frames too
    }
  }

  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    // Jetty answers the ping itself; only ask for the next frame.
    Session s = session;
    if (s != null) {
      demand(s);
    }
  }

  @Override
  public void onWebSocketText(String message) {
    Session s = session;
    if (s != null) {
      s.close(StatusCode.BAD_DATA, "OpAMP uses binary messages only", Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    session = null;
    try {
      machine.onLinkClosed(this);
    } finally {
      end();
      callback.succeed();
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    if (tooLarge(cause)) {
      // Who and where, never the secret: the socket is closed with 1009 by Jetty.
      LOG.warn(
          "OpAMP message over {} bytes refused from {} ({}); socket closed with 1009",
          maxMessageBytes,
          address,
          who);
    } else {
      LOG.debug("OpAMP WebSocket error", cause);
    }
    if (session == null) {
      end(); // never opened: no close event follows
    }
  }

  private static boolean tooLarge(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException
          || c instanceof org.eclipse.jetty.websocket.core.exception.MessageTooLargeException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  private static void send(Session s, ServerToAgent message) {
    s.sendBinary(
        ByteBuffer.wrap(Codec.withHeader(message)),
        Callback.from(() -> {}, t -> LOG.debug("OpAMP send failed", t)));
  }

  @Override
  boolean canPush() {
    Session s = session;
    return s != null && s.isOpen();
  }

  @Override
  void push(byte[] framed) {
    Session s = session;
    if (s != null) {
      s.sendBinary(
          ByteBuffer.wrap(framed),
          Callback.from(
              () -> {},
              t -> {
                LOG.debug("OpAMP push failed; closing", t);
                s.close(StatusCode.TRY_AGAIN_LATER, "send failed", Callback.NOOP);
              }));
    }
  }

  @Override
  void ping() {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  @Override
  void close(int code, String reason) {
    Session s = session;
    if (s != null) {
      s.close(code, reason, Callback.NOOP);
      // A peer that never answers the close frame must not hold the connection: cut it after a
      // grace period.
      machine.later(CLOSE_GRACE, s::disconnect);
    }
  }
}
