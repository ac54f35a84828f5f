/**
 * Inbound ports: the use cases adapters call. Commands are records; outcomes are sealed results.
 * The job interfaces ({@link io.linkmesh.domain.port.in.CollectorSessions}, {@link
 * io.linkmesh.domain.port.in.FleetDirectory}, {@link io.linkmesh.domain.port.in.StatusPublisher},
 * {@link io.linkmesh.domain.port.in.Configs}, ...) group the use cases of one job; {@link
 * io.linkmesh.domain.service.LinkMeshDomain} hands out one of each.
 */
@NullMarked
package io.linkmesh.domain.port.in;

import org.jspecify.annotations.NullMarked;
