/**
 * Revisions: immutable snapshots of the desired state, their canonical document form, history and
 * diff.
 */
@NullMarked
package io.linkmesh.domain.revision;

import org.jspecify.annotations.NullMarked;
