package io.linkmesh.domain.port.in;

/** An operator creates or replaces a config: validated, then committed as a revision. */
public interface PutConfigUseCase {
  PutConfigOutcome put(PutConfigCommand command);
}
