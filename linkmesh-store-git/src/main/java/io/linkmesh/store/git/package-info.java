/**
 * The highly available store: the desired state in a remote Git repository shared by replicas.
 * {@link io.linkmesh.store.git.GitRevisionStore} implements the domain's {@code RevisionStore} on a
 * local clone, pushing every revision and fetching on an interval; {@link
 * io.linkmesh.store.git.GitStoreOptions} configures it.
 */
@NullMarked
package io.linkmesh.store.git;

import org.jspecify.annotations.NullMarked;
