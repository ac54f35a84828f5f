package io.linkmesh.domain.connectivity;

/** The protocols a collector uses to reach a telemetry backend. */
public enum EndpointProtocol {
  OTLP_GRPC,
  OTLP_HTTP,
  PROMETHEUS_REMOTE_WRITE,
  LOKI,
  KAFKA,
  OTHER_HTTP;

  private static final int KAFKA_PORT = 9092;

  /**
   * The port a client of this protocol dials when a {@code host:port} endpoint names none, or 0
   * when the port must be written (gRPC has no default; URLs take their scheme's).
   */
  public int defaultPort() {
    return this == KAFKA ? KAFKA_PORT : 0;
  }
}
