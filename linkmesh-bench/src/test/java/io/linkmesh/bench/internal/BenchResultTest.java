package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchResultTest {
  private final Machine machine = new Machine(2, "Test CPU", 1024 * 1024, "17", "0.10 0.20 0.30");

  @Test
  void passesOnlyWhenEveryTargetHolds() {
    BenchResult r = new BenchResult("push", machine, Instant.EPOCH);
    r.add(Figure.atMost("median", 1.2, "s", 1.5)).add(Figure.info("cpu", 9, "cores"));
    assertThat(r.passed()).isTrue();
    r.add(Figure.atLeast("ratio", 40, "%", 50));
    assertThat(r.passed()).isFalse();
    assertThat(r.figures().get(2).verdict()).isEqualTo("MISS");
    assertThat(r.figures().get(1).verdict()).isEmpty();
  }

  @Test
  void aMissingMeasurementNeverPasses() {
    assertThat(Figure.atMost("t", Double.NaN, "s", 5).verdict()).isEqualTo("MISS");
  }

  @Test
  void writesOneJsonLine() {
    BenchResult r = new BenchResult("ws-connect", machine, Instant.EPOCH);
    r.add(Figure.atMost("connect", 2.5, "s", 5)).note("a \"note\"");
    String line = r.toJsonLine();
    assertThat(line)
        .doesNotContain("\n")
        .startsWith("{\"bench\":\"ws-connect\"")
        .contains("\"cpu\":\"Test CPU\"")
        .contains(
            "{\"name\":\"connect\",\"value\":2.5,\"unit\":\"s\",\"target\":\"<=\",\"limit\":5,\"pass\":true}")
        .contains("\"notes\":[\"a \\\"note\\\"\"]");
  }

  @Test
  void theSummaryIsAMarkdownTable() {
    BenchResult r = new BenchResult("alloy", machine, Instant.EPOCH);
    r.add(Figure.atLeast("ratio", 61.234, "%", 50));
    String md = Console.markdown(List.of(r));
    assertThat(md)
        .contains("| bench | figure | measured | target | result |")
        .contains("| `alloy` | ratio | 61.2 % | ≥ 50 % | PASS |")
        .contains("Machine: 2 cores, Test CPU");
  }

  @Test
  void figuresReadWell() {
    assertThat(Figure.format(258_299.4)).isEqualTo("258,299");
    assertThat(Figure.format(46.71)).isEqualTo("46.7");
    assertThat(Figure.format(1.234)).isEqualTo("1.23");
    assertThat(Figure.format(0)).isEqualTo("0");
  }
}
