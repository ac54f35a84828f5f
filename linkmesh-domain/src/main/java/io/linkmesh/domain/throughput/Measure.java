package io.linkmesh.domain.throughput;

/**
 * What a number counts. Rates are records per second; the two queue measures are levels (a count of
 * batches or requests, as the exporter reports them).
 */
public enum Measure {
  /** Receiver (or older processor): records pushed into the pipeline. */
  ACCEPTED("accepted"),
  /** Receiver (or older processor): records a downstream component refused. */
  REFUSED("refused"),
  /** Receiver: records that failed for another reason (newer collectors). */
  FAILED("failed"),
  /** Exporter: records sent successfully. */
  SENT("sent"),
  /** Exporter: records that failed to send. */
  SEND_FAILED("sendFailed"),
  /** Exporter: records that did not fit into the sending queue. */
  ENQUEUE_FAILED("enqueueFailed"),
  /** Processor: records passed to it. */
  INCOMING("incoming"),
  /** Processor: records it emitted. */
  OUTGOING("outgoing"),
  /** Older processors: records dropped. */
  DROPPED("dropped"),
  /** Exporter: current sending queue size (a level, not a rate). */
  QUEUE_SIZE("queueSize"),
  /** Exporter: sending queue capacity (a level, not a rate). */
  QUEUE_CAPACITY("queueCapacity");

  private final String wireName;

  Measure(String wireName) {
    this.wireName = wireName;
  }

  /** The lowerCamelCase name for JSON. */
  public String wireName() {
    return wireName;
  }

  /** Whether this is a level (read as is) rather than a per-second rate. */
  public boolean isLevel() {
    return this == QUEUE_SIZE || this == QUEUE_CAPACITY;
  }
}
