package io.linkmesh.sim.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

/** One WebSocket connection's listener: stale callbacks of a replaced connection are ignored. */
public final class AgentSocket implements Session.Listener.AutoDemanding {
  final OpampAgent agent;
  final AtomicBoolean ended = new AtomicBoolean();
  volatile @Nullable Session session;
  boolean accepted; // guarded by agent
  private final java.util.concurrent.atomic.AtomicReference<@Nullable Runnable> afterClose =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Closes, then runs {@code next} once the close handshake is over (or the socket failed). */
  void closeThen(int code, String reason, Runnable next) {
    afterClose.set(next);
    close(code, reason);
  }

  /** Runs what waits for the close, once; true if something did. */
  boolean runAfterClose() {
    Runnable next = afterClose.getAndSet(null);
    if (next != null) {
      next.run();
      return true;
    }
    return false;
  }

  AgentSocket(OpampAgent agent) {
    this.agent = agent;
  }

  void close(int code, String reason) {
    Session s = session;
    if (s != null) {
      try {
        s.close(code, reason, Callback.NOOP);
      } catch (RuntimeException e) {
        // already closed
      }
    }
  }

  @Override
  public void onWebSocketOpen(Session s) {
    session = s;
    if (ended.get()) {
      close(1000, "replaced");
      return;
    }
    agent.opened(this);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    try {
      agent.frame(this, payload);
    } catch (RuntimeException e) {
      agent.error("ws-handler");
    } finally {
      callback.succeed();
    }
  }

  @Override
  public void onWebSocketText(String message) {
    agent.error("ws-text");
  }

  @Override
  public void onWebSocketClose(int code, String reason, Callback callback) {
    try {
      agent.closed(this, code);
    } finally {
      callback.succeed();
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    if (session != null) {
      agent.closed(this, 1006);
    }
  }
}
