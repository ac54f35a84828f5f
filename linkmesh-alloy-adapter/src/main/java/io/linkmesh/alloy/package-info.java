/**
 * Grafana Alloy adapter: the server side of Alloy's {@code remotecfg} API ({@code
 * collector.v1.CollectorService} over Connect unary) as a Jetty 12 core handler. The Alloy config
 * language (syntax, validator, endpoint extractor, onboarding snippet) is in linkmesh-config-alloy.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.alloy;
