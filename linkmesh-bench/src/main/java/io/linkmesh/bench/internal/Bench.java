package io.linkmesh.bench.internal;

/** One row of the benchmark table. */
public interface Bench {
  /** The name on the command line and in {@code bench/results/<name>.jsonl}. */
  String name();

  /** One line for {@code --help}. */
  String summary();

  /** Runs the bench (starting and stopping its own server) and answers its figures. */
  BenchResult run(BenchContext context);
}
