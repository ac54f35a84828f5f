package io.linkmesh.domain.port.in;

/** A collector's connection ended. */
public interface DisconnectCollectorUseCase {
  void disconnect(DisconnectCollectorCommand command);
}
