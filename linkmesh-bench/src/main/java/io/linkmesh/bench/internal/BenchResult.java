package io.linkmesh.bench.internal;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one bench measured: its figures against their targets, and notes for the reader. */
public final class BenchResult {
  private final String bench;
  private final Machine machine;
  private final Instant started;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String loadAtEnd = "?";

  public BenchResult(String bench, Machine machine, Instant started) {
    this.bench = requireNonNull(bench, "bench");
    this.machine = requireNonNull(machine, "machine");
    this.started = requireNonNull(started, "started");
  }

  public BenchResult add(Figure figure) {
    figures.add(requireNonNull(figure, "figure"));
    return this;
  }

  public BenchResult note(String note) {
    notes.add(requireNonNull(note, "note"));
    return this;
  }

  public void finish() {
    loadAtEnd = Machine.loadAverageNow();
  }

  public String bench() {
    return bench;
  }

  public Machine machine() {
    return machine;
  }

  public Instant started() {
    return started;
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public String loadAtEnd() {
    return loadAtEnd;
  }

  /** Whether every figure with a target met it. */
  public boolean passed() {
    for (Figure f : figures) {
      if (f.verdict().equals("MISS")) {
        return false;
      }
    }
    return true;
  }

  /** One JSON object on one line, for {@code bench/results/<bench>.jsonl}. */
  public String toJsonLine() {
    StringBuilder b = new StringBuilder();
    b.append("{\"bench\":").append(Json.quote(bench));
    b.append(",\"started\":").append(Json.quote(started.toString()));
    b.append(",\"machine\":{\"cores\":").append(machine.cores());
    b.append(",\"cpu\":").append(Json.quote(machine.cpuModel()));
    b.append(",\"memTotalKib\":").append(machine.memTotalKib());
    b.append(",\"java\":").append(Json.quote(machine.javaVersion()));
    b.append(",\"loadAverageAtStart\":").append(Json.quote(machine.loadAverage()));
    b.append(",\"loadAverageAtEnd\":").append(Json.quote(loadAtEnd)).append('}');
    b.append(",\"figures\":[");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"name\":").append(Json.quote(f.name()));
      b.append(",\"value\":").append(Json.number(f.value()));
      b.append(",\"unit\":").append(Json.quote(f.unit()));
      Figure.Target t = f.target();
      if (t != null) {
        b.append(",\"target\":")
            .append(Json.quote(t.bound() == Figure.Target.Bound.AT_MOST ? "<=" : ">="))
            .append(",\"limit\":")
            .append(Json.number(t.limit()))
            .append(",\"pass\":")
            .append(t.holds(f.value()));
      }
      b.append('}');
    }
    b.append("],\"notes\":[");
    for (int i = 0; i < notes.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(Json.quote(notes.get(i)));
    }
    b.append("]}");
    return b.toString();
  }
}
