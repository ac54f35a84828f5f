package io.linkmesh.domain.fleet;

/** How a collector is connected to this server. */
public enum Transport {
  WEBSOCKET("websocket"),
  HTTP("http"),
  REMOTECFG("remotecfg");

  private final String wireName;

  Transport(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
