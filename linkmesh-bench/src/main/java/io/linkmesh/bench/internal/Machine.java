package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a bench ran on, as it was when the bench started: the figures mean little without it,
 * least of all on a shared 2-core box.
 *
 * @param cores processors available to this JVM (what {@code nproc} prints)
 * @param loadAverage the 1, 5 and 15 minute load averages from {@code /proc/loadavg}
 */
public record Machine(
    int cores, String cpuModel, long memTotalKib, String javaVersion, String loadAverage) {

  public Machine {
    requireNonNull(cpuModel, "cpuModel");
    requireNonNull(javaVersion, "javaVersion");
    requireNonNull(loadAverage, "loadAverage");
  }

  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(read(Path.of("/proc/cpuinfo"))),
        memTotalKib(read(Path.of("/proc/meminfo"))),
        System.getProperty("java.version", "?")
            + " ("
            + System.getProperty("java.vm.name", "?")
            + ")",
        loadAverage(read(Path.of("/proc/loadavg"))));
  }

  /** The first {@code model name} of {@code /proc/cpuinfo}, or "unknown CPU". */
  static String cpuModel(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
        String model = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
        return model.isEmpty() ? "unknown CPU" : model;
      }
    }
    return "unknown CPU";
  }

  /** {@code MemTotal} of {@code /proc/meminfo} in KiB, or 0 when absent. */
  static long memTotalKib(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] words = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          return Long.parseLong(words[0]);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  /** The first three fields of {@code /proc/loadavg}, or "?" when it cannot be read. */
  static String loadAverage(String loadavg) {
    String[] words = loadavg.trim().split("\\s+");
    if (words.length < 3) {
      return "?";
    }
    return words[0] + " " + words[1] + " " + words[2];
  }

  /** The load average now (the figures of a long run are read against its start and its end). */
  public static String loadAverageNow() {
    return loadAverage(read(Path.of("/proc/loadavg")));
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores, %s, %.1f GiB RAM, Java %s, load average %s",
        cores,
        cpuModel,
        memTotalKib / (1024.0 * 1024.0),
        javaVersion,
        loadAverage);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }
}
