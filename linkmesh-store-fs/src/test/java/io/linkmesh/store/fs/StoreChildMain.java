package io.linkmesh.store.fs;

import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.Commit;
import io.linkmesh.domain.revision.CommitResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A second process for the tests. {@code commit-loop DIR}: commits from two threads forever,
 * printing {@code ACK <id>} after each commit returns. {@code hold DIR}: opens the store and the
 * audit log, prints {@code READY} and keeps them until stdin closes.
 */
public final class StoreChildMain {
  private StoreChildMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    if (args[0].equals("hold")) {
      try (FsRevisionStore store = FsRevisionStore.open(dir);
          FsAuditLog audit = FsAuditLog.open(dir)) {
        out.println(
            "READY " + store.head().map(r -> r.id().value()).orElse("none") + " " + audit.size());
        InputStream in = System.in;
        while (in.read() >= 0) {
          // Hold the store until the parent closes stdin.
        }
      }
      return;
    }
    FsRevisionStore store = FsRevisionStore.open(dir);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int writer = t;
      Thread thread =
          new Thread(
              () -> {
                for (long i = 0; ; i++) {
                  String path = "configs/w" + writer + "-" + (i % 20);
                  Commit commit =
                      new Commit(
                          store.head().map(r -> r.id()).orElse(null),
                          List.of(Change.put(path, "writer " + writer + " commit " + i + "\n")),
                          "writer-" + writer,
                          "commit " + i,
                          Instant.EPOCH.plusSeconds(i));
                  CommitResult result = store.commit(commit);
                  if (result instanceof CommitResult.Committed committed) {
                    synchronized (out) {
                      out.println("ACK " + committed.revision().id().value());
                    }
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
