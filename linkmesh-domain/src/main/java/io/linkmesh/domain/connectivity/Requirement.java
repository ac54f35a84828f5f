package io.linkmesh.domain.connectivity;

/** Whether a rule must be opened for LinkMesh to work. */
public enum Requirement {
  /** Without it the deployment does not work. */
  YES("yes"),
  /** Only for an optional feature (own metrics, the onboarding agent). */
  OPTIONAL("optional"),
  /** Needed because a config says so: it follows the configs. */
  AS_CONFIGURED("as-configured");

  private final String wireName;

  Requirement(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
