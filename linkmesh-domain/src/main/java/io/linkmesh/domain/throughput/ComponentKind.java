package io.linkmesh.domain.throughput;

/** The pipeline component classes whose throughput collectors report. */
public enum ComponentKind {
  RECEIVER("receiver"),
  PROCESSOR("processor"),
  EXPORTER("exporter");

  private final String wireName;

  ComponentKind(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name, also the data point attribute that carries the component id. */
  public String wireName() {
    return wireName;
  }
}
