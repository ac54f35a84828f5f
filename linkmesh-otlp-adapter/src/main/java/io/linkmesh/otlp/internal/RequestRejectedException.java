package io.linkmesh.otlp.internal;

/** A request answered with an error status; the message is safe to show the client. */
public final class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int rpcCode;

  public RequestRejectedException(int httpStatus, int rpcCode, String message) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.rpcCode = rpcCode;
  }

  public static RequestRejectedException badRequest(String message) {
    return new RequestRejectedException(400, RpcCode.INVALID_ARGUMENT, message);
  }

  public static RequestRejectedException tooLarge(long limit) {
    return new RequestRejectedException(
        413, RpcCode.RESOURCE_EXHAUSTED, "request body is larger than " + limit + " bytes");
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The {@code google.rpc.Code} for the {@code google.rpc.Status} body. */
  public int rpcCode() {
    return rpcCode;
  }

  /** The {@code google.rpc.Code} values used here. */
  public static final class RpcCode {
    public static final int INVALID_ARGUMENT = 3;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNIMPLEMENTED = 12;
    public static final int INTERNAL = 13;
    public static final int UNAVAILABLE = 14;
    public static final int UNAUTHENTICATED = 16;

    private RpcCode() {}
  }
}
