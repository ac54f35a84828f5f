/** Tests of the Git store: the domain's contracts, several replicas, real remotes. */
@NullMarked
package io.linkmesh.store.git;

import org.jspecify.annotations.NullMarked;
