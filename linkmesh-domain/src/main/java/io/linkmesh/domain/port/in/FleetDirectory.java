package io.linkmesh.domain.port.in;

/**
 * The operators' side of the fleet: the collectors with their live state and events, their labels,
 * and deregistration.
 */
public interface FleetDirectory
    extends FleetQueries, SetCollectorLabelsUseCase, DeregisterCollectorUseCase {}
