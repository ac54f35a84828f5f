package io.linkmesh.domain.connectivity;

/** Which way a connection is opened, seen from the firewall protecting its target or source. */
public enum Direction {
  INBOUND("inbound"),
  OUTBOUND("outbound");

  private final String wireName;

  Direction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
