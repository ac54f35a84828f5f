/**
 * The server's own metrics: a tiny dependency-free registry of counters and timings that adapters
 * increment and the REST API exposes in the Prometheus text format.
 */
@NullMarked
package io.linkmesh.domain.metrics;

import org.jspecify.annotations.NullMarked;
