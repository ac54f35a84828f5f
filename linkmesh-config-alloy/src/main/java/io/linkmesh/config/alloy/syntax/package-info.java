/**
 * A parser for Grafana Alloy configuration syntax: {@link
 * io.linkmesh.config.alloy.syntax.AlloySyntax} parses text into an {@link
 * io.linkmesh.config.alloy.syntax.AlloyDocument} (blocks, attributes and expressions, each with its
 * 1-based line and column) and validates it as an Alloy config (unique component labels); {@link
 * io.linkmesh.config.alloy.syntax.Expressions} renders expressions and string literals back to
 * Alloy source. Public for every reader and writer of Alloy text (the validator, the endpoint
 * extractor, the onboarding snippet, later the pipeline renderer).
 */
@org.jspecify.annotations.NullMarked
package io.linkmesh.config.alloy.syntax;
