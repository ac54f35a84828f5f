package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where the benches speak: progress lines while they run, their figures when done. */
public final class Console {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream out;

  public Console(PrintStream out) {
    this.out = requireNonNull(out, "out");
  }

  public void progress(String format, Object... args) {
    out.println(
        "  [" + LocalTime.now().format(CLOCK) + "] " + String.format(Locale.ROOT, format, args));
    out.flush();
  }

  public void header(String bench, Machine machine) {
    out.println();
    out.println("== " + bench + " ==");
    out.println("machine: " + machine.describe());
    out.flush();
  }

  public void print(BenchResult result) {
    out.println("-- " + result.bench() + ": figures --");
    int width = 10;
    for (Figure f : result.figures()) {
      width = Math.max(width, f.name().length());
    }
    for (Figure f : result.figures()) {
      out.printf(
          Locale.ROOT,
          "  %-" + width + "s  %18s   %-30s %s%n",
          f.name(),
          f.valueText(),
          f.target() == null ? "" : "target " + f.targetText(),
          f.verdict());
    }
    for (String note : result.notes()) {
      out.println("  note: " + note);
    }
    out.println(
        "  machine: "
            + result.machine().describe()
            + "; load average at the end "
            + result.loadAtEnd());
    boolean targets = result.figures().stream().anyMatch(f -> f.target() != null);
    out.println(
        "  result: "
            + (!targets ? "information only (no targets)" : result.passed() ? "PASS" : "MISS"));
    out.flush();
  }

  /** The figures of a whole run as a Markdown table for {@code bench/README.md}. */
  public void summary(List<BenchResult> results) {
    out.println();
    out.println(markdown(results));
    out.flush();
  }

  public static String markdown(List<BenchResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("| bench | figure | measured | target | result |\n");
    b.append("|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      for (Figure f : r.figures()) {
        b.append("| `")
            .append(r.bench())
            .append("` | ")
            .append(f.name())
            .append(" | ")
            .append(f.valueText())
            .append(" | ")
            .append(f.targetText())
            .append(" | ")
            .append(f.verdict())
            .append(" |\n");
      }
    }
    if (!results.isEmpty()) {
      BenchResult first = results.get(0);
      b.append("\nMachine: ")
          .append(first.machine().describe())
          .append("; started ")
          .append(first.started())
          .append(".\n");
    }
    return b.toString();
  }

  /** Appends the result as one JSON line to {@code <dir>/<bench>.jsonl}. */
  public void record(@Nullable Path dir, BenchResult result) {
    if (dir == null) {
      return;
    }
    Path file = dir.resolve(result.bench() + ".jsonl");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          file,
          result.toJsonLine() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      out.println("  recorded in " + file);
    } catch (IOException e) {
      out.println("  could not record the result in " + file + ": " + e.getMessage());
    }
    out.flush();
  }

  public void error(String message) {
    out.println("ERROR: " + message);
    out.flush();
  }
}
