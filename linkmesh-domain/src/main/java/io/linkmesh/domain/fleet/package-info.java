/**
 * The fleet: managed collectors, their identity, operator labels, reported attributes and live
 * state.
 */
@NullMarked
package io.linkmesh.domain.fleet;

import org.jspecify.annotations.NullMarked;
