package io.linkmesh.domain.connectivity;

/** Which part of a deployment a firewall rule serves. */
public enum Plane {
  /** Everything that reaches in to the LinkMesh server: UI, API, OpAMP, remotecfg, agent. */
  CONTROL("control"),
  /** Telemetry from collectors to their backends; never through LinkMesh. */
  DATA("data"),
  /** The server's own egress to its remote Git store. */
  STORE("store");

  private final String wireName;

  Plane(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in JSON and the renderings. */
  public String wireName() {
    return wireName;
  }
}
