package io.linkmesh.app.cli;

import io.linkmesh.app.ConfigLanguages;
import io.linkmesh.app.StartupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code linkmesh} command. */
@Command(
    name = "linkmesh",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description =
        "Self-hosted control plane for fleets of OpenTelemetry collectors and Grafana Alloy.",
    subcommands = {
      ServeCommand.class,
      TokenCommand.class,
      StoreCommand.class,
      SimulateCommand.class,
      VersionCommand.class
    })
public final class Main implements Runnable {
  /** Bad flags or configuration. */
  public static final int EXIT_USAGE = 2;

  /** Anything else that went wrong. */
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code; used by {@link #main} and by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.addSubcommand(new FirewallCommand(ConfigLanguages.extractors()));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof StartupException) {
            err.println("linkmesh: " + ex.getMessage());
            return EXIT_USAGE;
          }
          err.println("linkmesh: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
          return EXIT_FAILURE;
        });
    return cli.execute(args);
  }
}
