/**
 * A parser for Grafana Alloy configuration syntax: {@link io.linkmesh.alloy.syntax.AlloySyntax}
 * parses text into an {@link io.linkmesh.alloy.syntax.AlloyDocument} (blocks, attributes and
 * expressions, each with its 1-based line and column), validates it as an Alloy config (unique
 * component labels), and {@link io.linkmesh.alloy.syntax.AlloyEndpoints} extracts the network
 * endpoints of exporter components for the firewall model.
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.alloy.syntax;
