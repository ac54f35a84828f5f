package io.linkmesh.alloy.internal;

import static java.util.Objects.requireNonNull;

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
    return "{\"code\":\"" + code.wireName() + "\",\"message\":" + quote(getMessage()) + "}";
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
