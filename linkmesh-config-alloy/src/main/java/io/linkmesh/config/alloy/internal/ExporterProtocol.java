package io.linkmesh.config.alloy.internal;

/** The wire protocol an Alloy exporter component speaks to its backend. */
public enum ExporterProtocol {
  /** {@code otelcol.exporter.otlp}: OTLP over gRPC, {@code host:port}. */
  OTLP_GRPC,
  /** {@code otelcol.exporter.otlphttp}: OTLP over HTTP, a URL. */
  OTLP_HTTP,
  /** {@code otelcol.exporter.kafka}: the Kafka protocol to each broker {@code host:port}. */
  KAFKA,
  /** {@code prometheus.remote_write}: Prometheus remote-write over HTTP, a URL. */
  PROMETHEUS_REMOTE_WRITE,
  /** {@code loki.write}: Loki push API over HTTP, a URL. */
  LOKI_PUSH,
  /** {@code pyroscope.write}: Pyroscope ingest over HTTP, a URL. */
  PYROSCOPE
}
