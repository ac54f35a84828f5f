/**
 * Inbound ports: the use cases adapters call. Commands are records; outcomes are sealed results.
 */
@NullMarked
package io.linkmesh.domain.port.in;

import org.jspecify.annotations.NullMarked;
