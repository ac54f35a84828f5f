package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertThat(Stats.median(List.of(5.0, 1.0, 3.0, 9.0, 2.0))).isEqualTo(3.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void medianLeavesItsInputAlone() {
    List<Double> values = new java.util.ArrayList<>(List.of(3.0, 1.0, 2.0));
    Stats.median(values);
    assertThat(values).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void noValuesHaveNoMedian() {
    assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
