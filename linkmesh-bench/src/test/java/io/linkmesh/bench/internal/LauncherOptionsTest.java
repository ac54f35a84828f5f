package io.linkmesh.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

  @Test
  void theBenchStartsTheServerWithTheLaunchersJvmOptions() throws IOException {
    String launcher = Files.readString(Path.of("..", "linkmesh"));

    assertThat(launcher)
        .contains("SERVER_JAVA_OPTS=\"" + String.join(" ", ServerProcess.SERVER_JAVA_OPTS) + "\"");
  }
}
