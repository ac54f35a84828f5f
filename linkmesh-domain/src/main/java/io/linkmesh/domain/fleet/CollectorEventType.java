package io.linkmesh.domain.fleet;

/** The lifecycle events a collector goes through. */
public enum CollectorEventType {
  REGISTERED("registered"),
  CONNECTED("connected"),
  DISCONNECTED("disconnected"),
  CONFIG_APPLYING("config_applying"),
  CONFIG_APPLIED("config_applied"),
  CONFIG_FAILED("config_failed"),
  OWN_METRICS_OFFERED("own_metrics_offered"),
  UNREGISTERED("unregistered"),
  DEREGISTERED("deregistered");

  private final String wireName;

  CollectorEventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
