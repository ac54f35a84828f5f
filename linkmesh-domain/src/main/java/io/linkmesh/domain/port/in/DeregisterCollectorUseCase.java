package io.linkmesh.domain.port.in;

/**
 * An operator deregisters a collector: its credential is revoked, its record forgotten, its
 * connection closed; it must enroll again. Returns false when there was no such collector.
 */
public interface DeregisterCollectorUseCase {
  boolean deregister(DeregisterCollectorCommand command);
}
