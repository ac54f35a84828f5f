package io.linkmesh.alloy.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;

/**
 * A Connect error to answer with: its code, a message for the client and the HTTP status (the
 * code's own, except where the protocol prescribes another, such as 404 for an unknown method or
 * 415 for an unsupported codec).
 */
public final class ConnectError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ConnectCode code;
  private final int httpStatus;

  public ConnectError(ConnectCode code, String message) {
    this(code, code.httpStatus(), message);
  }

  public ConnectError(ConnectCode code, int httpStatus, String message) {
    super(requireNonNull(message, "message"), null, false, false);
    this.code = requireNonNull(code, "code");
    this.httpStatus = httpStatus;
  }

  public ConnectCode code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The Connect error body: {@code {"code":"...","message":"..."}}. */
  public String toJson() {
    JsonObject body = new JsonObject();
    body.addProperty("code", code.wireName());
    body.addProperty("message", getMessage());
    return body.toString();
  }
}
