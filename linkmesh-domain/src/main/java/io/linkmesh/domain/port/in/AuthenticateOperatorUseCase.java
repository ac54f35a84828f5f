package io.linkmesh.domain.port.in;

/** Checks an operator's bearer secret (the admin token or an API token). */
public interface AuthenticateOperatorUseCase {
  OperatorAuthentication authenticate(AuthenticateOperatorCommand command);
}
