package io.linkmesh.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {
  @Test
  void oneClientAtItsBoundDoesNotStopAnother() {
    InFlightLimit limit = InFlightLimit.of(2);
    InFlightLimit.Permit first = limit.tryAcquire("a");
    assertThat(first).isNotNull();
    assertThat(limit.tryAcquire("a")).isNotNull();
    assertThat(limit.tryAcquire("a")).isNull();
    assertThat(limit.tryAcquire("b")).isNotNull();

    first.release();
    first.release(); // twice is harmless
    assertThat(limit.inFlight("a")).isEqualTo(1);
    assertThat(limit.tryAcquire("a")).isNotNull();
    assertThat(limit.tryAcquire("a")).isNull();
  }
}
