package io.linkmesh.domain.connectivity;

/** Where the server keeps its desired state. */
public enum StoreKind {
  /** The built-in store on local disk: no connection at all. */
  FS("fs"),
  /** A remote Git repository, shared by replicas. */
  GIT("git");

  private final String wireName;

  StoreKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
