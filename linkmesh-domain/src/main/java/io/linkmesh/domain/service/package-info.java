/**
 * The domain services: they implement the inbound ports on top of the outbound ports. {@link
 * io.linkmesh.domain.service.LinkMeshDomain} builds them all.
 */
@NullMarked
package io.linkmesh.domain.service;

import org.jspecify.annotations.NullMarked;
