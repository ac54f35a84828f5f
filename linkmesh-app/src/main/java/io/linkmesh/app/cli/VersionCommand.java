package io.linkmesh.app.cli;

import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code linkmesh version}. */
@Command(
    name = "version",
    description = "Print the LinkMesh version.",
    mixinStandardHelpOptions = true)
final class VersionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return Objects.requireNonNullElse(v, "dev");
  }

  @Override
  public void run() {
    spec.commandLine()
        .getOut()
        .println("linkmesh " + version() + " (Java " + Runtime.version() + ")");
  }

  /** Feeds {@code --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"linkmesh " + version()};
    }
  }
}
