package io.linkmesh.domain.connectivity;

/** The protocols a collector uses to reach a telemetry backend. */
public enum EndpointProtocol {
  OTLP_GRPC,
  OTLP_HTTP,
  PROMETHEUS_REMOTE_WRITE,
  LOKI,
  KAFKA,
  OTHER_HTTP
}
