package io.linkmesh.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's heap as the JDK's {@code jcmd} sees it: {@code GC.run} (a full collection, {@code
 * System.gc()}) then {@code GC.heap_info}. jcmd attaches from outside, so the server needs no JMX
 * port or extra flags, and it works for any collector.
 */
public final class Jcmd {
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)K");

  private final Path jcmd;

  private Jcmd(Path jcmd) {
    this.jcmd = jcmd;
  }

  /** The jcmd of the JDK running the bench (the server child runs on the same JDK). */
  public static Jcmd ofThisJdk() {
    Path path = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(path)) {
      throw new BenchException(
          "no jcmd at "
              + path
              + ": run the bench with a JDK, not a JRE (the memory bench needs it)");
    }
    return new Jcmd(path);
  }

  /** Runs a full GC in the process and answers the heap in use after it, in KiB. */
  public long heapUsedAfterFullGcKib(long pid) {
    run(pid, "GC.run");
    return heapUsedKib(run(pid, "GC.heap_info"));
  }

  /** Runs any jcmd command (e.g. {@code VM.native_memory summary}) and answers its output. */
  public String text(long pid, String command) {
    return run(pid, command);
  }

  /** Writes the process's flight recordings to {@code file} ({@code JFR.dump}). */
  public void dumpFlightRecording(long pid, Path file) {
    run(pid, "JFR.dump filename=" + file.toAbsolutePath());
  }

  /**
   * The heap in use from {@code GC.heap_info}: G1's {@code garbage-first heap ... used NK} line;
   * for generational collectors the sum of the generations' {@code used NK} (Metaspace and class
   * space are not heap and are skipped).
   */
  static long heapUsedKib(String heapInfo) {
    long sum = 0;
    boolean found = false;
    for (String raw : heapInfo.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("Metaspace") || line.startsWith("class space")) {
        continue;
      }
      Matcher m = USED.matcher(line);
      if (!m.find()) {
        continue;
      }
      long used = Long.parseLong(m.group(1));
      if (line.startsWith("garbage-first heap")) {
        return used;
      }
      sum += used;
      found = true;
    }
    if (!found) {
      throw new IllegalArgumentException(
          "GC.heap_info has no 'used NK' line: " + abbreviate(heapInfo));
    }
    return sum;
  }

  private String run(long pid, String command) {
    try {
      Process p = new ProcessBuilder(command(pid, command)).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new BenchException("jcmd " + pid + " " + command + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        throw new BenchException(
            "jcmd " + pid + " " + command + " exited " + p.exitValue() + ": " + abbreviate(out));
      }
      return out;
    } catch (IOException e) {
      throw new BenchException("cannot run " + jcmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while running jcmd", e);
    }
  }

  private List<String> command(long pid, String command) {
    List<String> words = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    words.addAll(List.of(command.split(" ")));
    return words;
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }
}
