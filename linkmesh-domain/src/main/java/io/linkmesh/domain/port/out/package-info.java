/**
 * Outbound ports: what the domain needs from the outside (stores, notifiers, validators, secret
 * generation).
 */
@NullMarked
package io.linkmesh.domain.port.out;

import org.jspecify.annotations.NullMarked;
