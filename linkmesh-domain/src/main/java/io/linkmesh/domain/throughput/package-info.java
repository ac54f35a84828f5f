/**
 * Per-component throughput of each collector, computed from the collector's own metrics ({@code
 * otelcol_receiver_accepted_spans}, {@code otelcol_exporter_queue_size}, ...): the metric model
 * ({@link io.linkmesh.domain.throughput.MetricSample}), the rate computation over cumulative and
 * delta sums, and the bounded in-memory series ({@link
 * io.linkmesh.domain.throughput.FleetThroughput}).
 */
@NullMarked
package io.linkmesh.domain.throughput;

import org.jspecify.annotations.NullMarked;
