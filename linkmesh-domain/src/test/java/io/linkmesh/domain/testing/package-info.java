/**
 * In-memory implementations of every outbound port and the contract suites every real
 * implementation must pass. Published as the domain's test-jar.
 */
@NullMarked
package io.linkmesh.domain.testing;

import org.jspecify.annotations.NullMarked;
