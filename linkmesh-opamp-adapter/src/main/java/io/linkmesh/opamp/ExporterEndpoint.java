package io.linkmesh.opamp;

import static java.util.Objects.requireNonNull;

/**
 * Where one exporter of a collector config sends data: a host and port it dials out to, or an
 * honest "undetermined" with the reason (for example an {@code ${env:X}} reference that only the
 * collector host can resolve).
 */
public sealed interface ExporterEndpoint {

  /** The exporter id as written in the config, e.g. {@code otlphttp/grafana}. */
  String exporter();

  /**
   * A network destination.
   *
   * @param exporter exporter id
   * @param host host name or IP literal (no brackets)
   * @param port TCP port, 1..65535
   * @param protocol what runs over the connection, e.g. {@code OTLP/gRPC}, {@code OTLP/HTTP},
   *     {@code Kafka}, {@code HTTP}
   * @param tls whether the connection is TLS
   */
  record Determined(String exporter, String host, int port, String protocol, boolean tls)
      implements ExporterEndpoint {
    public Determined {
      requireNonNull(exporter, "exporter");
      requireNonNull(host, "host");
      requireNonNull(protocol, "protocol");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
  }

  /**
   * A destination that cannot be known from the text alone.
   *
   * @param exporter exporter id
   * @param reason why, for a human
   */
  record Undetermined(String exporter, String reason) implements ExporterEndpoint {
    public Undetermined {
      requireNonNull(exporter, "exporter");
      requireNonNull(reason, "reason");
    }
  }
}
