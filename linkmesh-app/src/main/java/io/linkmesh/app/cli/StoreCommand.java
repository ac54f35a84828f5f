package io.linkmesh.app.cli;

import io.linkmesh.app.StartupException;
import io.linkmesh.domain.port.out.StoreException;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.store.fs.FsRevisionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code linkmesh store ...}: maintenance of the built-in store, with the server stopped. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Maintenance of the built-in store (run with the server stopped).",
    subcommands = {StoreCommand.Recover.class})
final class StoreCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code linkmesh store recover}. */
  @Command(
      name = "recover",
      mixinStandardHelpOptions = true,
      description = {
        "Make the newest intact revision the head of a damaged store.",
        "Revisions after it are lost unless restored from a backup; the damaged bytes are kept",
        "in *.damaged files. Copy the data directory aside first."
      })
  static final class Recover implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "The server's data directory (default ./linkmesh-data).")
    Path dataDir = Path.of("./linkmesh-data");

    @Override
    public Integer call() {
      Path state = dataDir.resolve("state");
      if (!Files.isDirectory(state)) {
        throw new StartupException("no built-in store at " + state);
      }
      spec.commandLine().getOut().println("Recovering " + state + " ...");
      try {
        RevisionId head = FsRevisionStore.recover(state);
        spec.commandLine()
            .getOut()
            .println("The head is now revision " + head + ". Start the server again.");
        return 0;
      } catch (StoreException e) {
        throw new StartupException(e.getMessage(), e);
      }
    }
  }
}
