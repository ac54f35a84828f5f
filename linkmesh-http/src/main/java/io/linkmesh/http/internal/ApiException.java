package io.linkmesh.http.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * An answer other than success, thrown from an endpoint and rendered as {@code {"error": {"code":
 * ..., "message": ..., ...details}}}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final transient @Nullable ObjectNode details;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(int status, String code, String message, @Nullable ObjectNode details) {
    super(requireNonNull(message, "message"), null, false, false);
    this.status = status;
    this.code = requireNonNull(code, "code");
    this.details = details;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "invalid_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Extra fields for the error object, or null. */
  public @Nullable ObjectNode details() {
    return details;
  }
}
