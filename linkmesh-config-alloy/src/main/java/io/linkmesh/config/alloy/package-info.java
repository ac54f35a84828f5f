/**
 * The Grafana Alloy config language: the validator and endpoint extractor behind the domain's
 * {@code ConfigValidator} and {@code EndpointExtractor} ports for {@code ALLOY}, and the onboarding
 * snippet renderer. The syntax tree itself is in {@code io.linkmesh.config.alloy.syntax}.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.config.alloy;
