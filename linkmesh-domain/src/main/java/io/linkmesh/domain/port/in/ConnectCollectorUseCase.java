package io.linkmesh.domain.port.in;

/**
 * A collector identifies itself on a connection (its first message, or an Alloy call): it is
 * registered on first sight with an enrollment token, its live state becomes connected.
 */
public interface ConnectCollectorUseCase {
  ConnectOutcome connect(ConnectCollectorCommand command);
}
