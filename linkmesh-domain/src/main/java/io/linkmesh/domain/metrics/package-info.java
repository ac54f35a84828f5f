/**
 * Measuring the domain's outbound calls: {@link io.linkmesh.domain.metrics.MeteredRevisionStore}
 * reports commit timings to the {@link io.linkmesh.domain.port.out.ServerMetrics} port.
 */
@NullMarked
package io.linkmesh.domain.metrics;

import org.jspecify.annotations.NullMarked;
