/**
 * The LinkMesh benchmarks: {@link io.linkmesh.bench.BenchMain} runs one bench (or all of them)
 * against the packaged server started as a child process and prints its figures against the
 * project's targets; {@link io.linkmesh.bench.FixedOkServer} is the bare Jetty baseline of the
 * Alloy row.
 */
@NullMarked
package io.linkmesh.bench;

import org.jspecify.annotations.NullMarked;
