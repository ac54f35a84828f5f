/**
 * What every LinkMesh Jetty handler shares, so that no adapter reads a request its own way: {@link
 * io.linkmesh.jetty.RequestBodies} reads a request body without holding a thread, bounded before
 * and after gzip decompression and at a minimum data rate; {@link io.linkmesh.jetty.InFlightLimit}
 * bounds the requests one client has in flight; {@link io.linkmesh.jetty.HandlerOptions} checks the
 * path a handler serves and the external URL collectors are told. Depends only on Jetty; adapters
 * may use it, the domain may not. Each adapter keeps its own error answers.
 */
@NullMarked
package io.linkmesh.jetty;

import org.jspecify.annotations.NullMarked;
