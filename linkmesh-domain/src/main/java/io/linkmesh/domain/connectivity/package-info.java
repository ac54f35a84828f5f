/**
 * The connectivity (firewall) model: which rules a deployment needs, derived from its settings and
 * desired state.
 */
@NullMarked
package io.linkmesh.domain.connectivity;

import org.jspecify.annotations.NullMarked;
