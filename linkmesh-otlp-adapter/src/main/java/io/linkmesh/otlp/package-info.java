/**
 * OTLP/HTTP receiver for collectors' own metrics: {@link io.linkmesh.otlp.OtlpReceiver} is a Jetty
 * core handler for {@code POST /v1/metrics} that hands each resource's metrics to the domain's
 * {@link io.linkmesh.domain.port.in.RecordOwnMetricsUseCase}.
 */
@NullMarked
package io.linkmesh.otlp;

import org.jspecify.annotations.NullMarked;
