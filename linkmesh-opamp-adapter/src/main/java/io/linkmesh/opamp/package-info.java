/**
 * OpAMP server for OpenTelemetry Collector fleets: the {@code /v1/opamp} Jetty handler (WebSocket
 * and plain HTTP), the otelcol config validator and exporter endpoint extractor, and the supervisor
 * bootstrap renderer.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.opamp;
