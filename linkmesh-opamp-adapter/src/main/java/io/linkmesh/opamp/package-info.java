/**
 * OpAMP server for OpenTelemetry Collector fleets: the {@code /v1/opamp} Jetty handler (WebSocket
 * and plain HTTP) and the supervisor bootstrap renderer. The otelcol config language is in
 * linkmesh-config-otelcol.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.opamp;
