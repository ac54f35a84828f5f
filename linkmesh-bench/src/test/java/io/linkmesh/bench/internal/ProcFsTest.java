package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProcFsTest {
  @Nested
  class CpuTicks {
    @Test
    void addsUserAndSystemTimeFields14And15() {
      String stat =
          "30030 (java) S 30026 30026 24079 0 -1 4194304 97 0 0 0 1234 567 0 0 20 0 1 0 861447"
              + " 3133440 383 18446744073709551615 0 0 0\n";
      assertThat(ProcFs.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void countsFieldsFromTheLastParenthesisSoACommandWithSpacesAndParenthesesIsFine() {
      String stat =
          "42 (my (odd) cmd) R 1 42 42 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 100 200 300 0 0 0\n";
      assertThat(ProcFs.cpuTicks(stat)).isEqualTo(30);
    }

    @Test
    void refusesTextThatIsNotAStatLine() {
      assertThatThrownBy(() -> ProcFs.cpuTicks("no parenthesis here"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ProcFs.cpuTicks("1 (x) S 1 2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too short");
    }

    @Test
    void readsThisProcess() {
      long pid = ProcessHandle.current().pid();
      assertThat(ProcFs.cpuSeconds(pid)).isPositive();
      assertThat(ProcFs.rssKib(pid)).isGreaterThan(1024);
    }
  }

  @Nested
  class VmRss {
    @Test
    void readsKibFromStatus() {
      String status = "Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t   65132 kB\nRssAnon:\t 1 kB\n";
      assertThat(ProcFs.vmRssKib(status)).isEqualTo(65132);
    }

    @Test
    void aStatusWithoutVmRssIsAClearError() {
      assertThatThrownBy(() -> ProcFs.vmRssKib("Name:\tjava\nState:\tZ (zombie)\n"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("VmRSS");
    }
  }

  @Test
  void clockTicksArePositive() {
    assertThat(ProcFs.clockTicksPerSecond()).isPositive();
  }
}
