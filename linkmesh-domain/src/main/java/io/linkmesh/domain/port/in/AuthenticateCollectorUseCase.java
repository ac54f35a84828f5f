package io.linkmesh.domain.port.in;

/** Checks the bearer secret a collector presents before anything else happens. */
public interface AuthenticateCollectorUseCase {
  CollectorAuthentication authenticate(AuthenticateCollectorCommand command);
}
