package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JcmdTest {
  @Test
  void readsTheG1HeapLineAndIgnoresMetaspace() {
    String info =
        "30184:\n"
            + " garbage-first heap   total 20480K, used 4466K [0x00000000c0000000,"
            + " 0x0000000100000000)\n"
            + "  region size 1024K, 0 young (0K), 0 survivors (0K)\n"
            + " Metaspace       used 6129K, committed 6336K, reserved 1114112K\n"
            + "  class space    used 706K, committed 832K, reserved 1048576K\n";
    assertThat(Jcmd.heapUsedKib(info)).isEqualTo(4466);
  }

  @Test
  void sumsTheGenerationsOfAGenerationalCollector() {
    String info =
        "123:\n"
            + " PSYoungGen      total 76288K, used 3932K [0x0000000795580000, 0x00000007c0000000)\n"
            + "  eden space 65536K, 6% used [0x0000000795580000,0x0000000795957240)\n"
            + " ParOldGen       total 175104K, used 1000K [0x0000000740000000, 0x000000074ab00000)\n"
            + "  object space 175104K, 0% used [0x0000000740000000,0x000000074ab00000)\n"
            + " Metaspace       used 6129K, committed 6336K, reserved 1114112K\n";
    assertThat(Jcmd.heapUsedKib(info)).isEqualTo(3932 + 1000);
  }

  @Test
  void textWithoutAUsedFigureIsAClearError() {
    assertThatThrownBy(() -> Jcmd.heapUsedKib("123:\nCould not attach\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("used");
  }
}
