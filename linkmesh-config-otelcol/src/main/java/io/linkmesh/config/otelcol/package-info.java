/**
 * The OpenTelemetry Collector config language (YAML): the validator and endpoint extractor behind
 * the domain's {@code ConfigValidator} and {@code EndpointExtractor} ports for {@code OTELCOL}.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.config.otelcol;
