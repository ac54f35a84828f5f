package io.linkmesh.domain.testing;

import io.linkmesh.domain.port.out.SecretGenerator;
import java.util.concurrent.atomic.AtomicLong;

/** Predictable ids and secrets, for tests that want to know what comes next. */
public final class SequentialSecretGenerator implements SecretGenerator {
  private final AtomicLong next = new AtomicLong();

  @Override
  public String newId() {
    return String.format("id%014d", next.incrementAndGet());
  }

  @Override
  public String newSecret() {
    return String.format("secret%037d", next.incrementAndGet());
  }
}
