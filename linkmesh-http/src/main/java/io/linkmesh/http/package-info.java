/**
 * The REST API ({@code /api/v1/...}) as a Jetty core {@link org.eclipse.jetty.server.Handler}:
 * {@link io.linkmesh.http.RestApi}. It translates HTTP and JSON to the domain's inbound ports and
 * back, and authenticates operators with API tokens.
 */
@NullMarked
package io.linkmesh.http;

import org.jspecify.annotations.NullMarked;
