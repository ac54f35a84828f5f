package io.linkmesh.bench.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What Linux tells about a process in {@code /proc}: its CPU time and its resident memory. */
public final class ProcFs {
  private static final long DEFAULT_CLOCK_TICKS = 100;
  private static volatile long clockTicks;

  private ProcFs() {}

  /** User plus system CPU time the process has used so far, in seconds. */
  public static double cpuSeconds(long pid) {
    return cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat")))
        / (double) clockTicksPerSecond();
  }

  /** The process's resident set size ({@code VmRSS}) in KiB. */
  public static long rssKib(long pid) {
    return vmRssKib(read(Path.of("/proc", Long.toString(pid), "status")));
  }

  /**
   * utime + stime (fields 14 and 15, in clock ticks) of a {@code /proc/<pid>/stat} line. The
   * command name (field 2) is in parentheses and may hold spaces and parentheses itself, so the
   * fields are counted from the last closing parenthesis.
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: '" + abbreviate(stat) + "'");
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    if (fields.length < 13) {
      throw new IllegalArgumentException(
          "/proc/<pid>/stat line too short: '" + abbreviate(stat) + "'");
    }
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /** {@code VmRSS} of a {@code /proc/<pid>/status} text, in KiB. */
  static long vmRssKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] words = line.substring("VmRSS:".length()).trim().split("\\s+");
        long value = Long.parseLong(words[0]);
        if (words.length > 1 && words[1].equalsIgnoreCase("mB")) {
          return value * 1024;
        }
        return value;
      }
    }
    throw new IllegalArgumentException("no VmRSS line (is the process a zombie?)");
  }

  /** {@code getconf CLK_TCK}, usually 100; 100 when getconf cannot be run. */
  public static long clockTicksPerSecond() {
    long ticks = clockTicks;
    if (ticks == 0) {
      ticks = askGetconf();
      clockTicks = ticks;
    }
    return ticks;
  }

  private static long askGetconf() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return DEFAULT_CLOCK_TICKS;
      }
      long ticks = Long.parseLong(out);
      return ticks > 0 ? ticks : DEFAULT_CLOCK_TICKS;
    } catch (IOException | NumberFormatException e) {
      return DEFAULT_CLOCK_TICKS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_CLOCK_TICKS;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new BenchException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
