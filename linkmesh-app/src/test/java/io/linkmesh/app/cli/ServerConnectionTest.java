package io.linkmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The connection options are declared once and read the same in every command that has them. */
class ServerConnectionTest {
  static OptionSpec option(Object command, String name) {
    OptionSpec option = new CommandLine(command).getCommandSpec().findOption(name);
    assertThat(option).as(name).isNotNull();
    return option;
  }

  static String described(OptionSpec option) {
    return option.paramLabel()
        + " required="
        + option.required()
        + " "
        + String.join(" ", option.description());
  }

  @Test
  void simulateAndTokenCreateDescribeTheServerAndItsTrustAlike() {
    for (String name : List.of("--server", "--ca-cert", "--insecure")) {
      assertThat(described(option(new SimulateCommand(), name)))
          .as(name)
          .isEqualTo(described(option(new TokenCommand.Create(), name)));
    }
    assertThat(option(new SimulateCommand(), "--server").required()).isTrue();
    assertThat(described(option(new SimulateCommand(), "--token"))).contains("enrollment token");
    assertThat(described(option(new TokenCommand.Create(), "--token"))).contains("API token");
  }
}
