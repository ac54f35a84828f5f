package io.linkmesh.domain.enrollment;

/** What a bearer secret is, told by its prefix so it can be looked up without a scan. */
public enum TokenKind {
  ENROLLMENT("lme"),
  COLLECTOR_CREDENTIAL("lmc"),
  API("lma");

  private final String prefix;

  TokenKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
