package io.linkmesh.domain.port.in;

/** An operator deletes a config; collectors it matched stop getting it. */
public interface DeleteConfigUseCase {
  DeleteConfigOutcome delete(DeleteConfigCommand command);
}
