/**
 * Internal to linkmesh-domain; not API. The services behind {@link
 * io.linkmesh.domain.service.LinkMeshDomain}, the in-memory state they share and its write plans.
 * Embedders use the interfaces the front door returns; these classes change without notice.
 */
@NullMarked
package io.linkmesh.domain.internal;

import org.jspecify.annotations.NullMarked;
