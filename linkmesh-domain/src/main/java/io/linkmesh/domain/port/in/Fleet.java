package io.linkmesh.domain.port.in;

/**
 * The whole fleet in one value, for callers that wire every job of it at once (the server, tests):
 * its {@link CollectorSessions}, its {@link FleetDirectory} and its {@link StatusPublisher}.
 */
public interface Fleet extends CollectorSessions, FleetDirectory, StatusPublisher {}
