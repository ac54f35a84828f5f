/**
 * Desired configuration: named configs with a runtime, a selector and a body, and their
 * deterministic combination into each collector's desired config.
 */
@NullMarked
package io.linkmesh.domain.config;

import org.jspecify.annotations.NullMarked;
