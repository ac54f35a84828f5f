package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {
  @Test
  void cpuModelIsTheFirstModelName() {
    String cpuinfo =
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 85\n"
            + "model name\t: Intel(R) Xeon(R)   Processor\n\nprocessor\t: 1\n"
            + "model name\t: Other\n";
    assertThat(Machine.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) Processor");
    assertThat(Machine.cpuModel("processor : 0\n")).isEqualTo("unknown CPU");
  }

  @Test
  void memTotalIsInKib() {
    assertThat(Machine.memTotalKib("MemTotal:       24731708 kB\nMemFree: 1 kB\n"))
        .isEqualTo(24731708);
    assertThat(Machine.memTotalKib("")).isZero();
  }

  @Test
  void loadAverageIsTheFirstThreeFields() {
    assertThat(Machine.loadAverage("1.20 1.57 2.06 3/412 30030\n")).isEqualTo("1.20 1.57 2.06");
    assertThat(Machine.loadAverage("")).isEqualTo("?");
  }

  @Test
  void theCurrentMachineDescribesItself() {
    Machine m = Machine.current();
    assertThat(m.cores()).isPositive();
    assertThat(m.describe()).contains("cores").contains("Java").contains("load average");
  }
}
