/**
 * Grafana Alloy adapter: the server side of Alloy's {@code remotecfg} API ({@code
 * collector.v1.CollectorService} over Connect unary) as a Jetty 12 core handler, the Alloy config
 * validator and endpoint extractor behind the domain's outbound ports, and the onboarding snippet
 * renderer.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.alloy;
