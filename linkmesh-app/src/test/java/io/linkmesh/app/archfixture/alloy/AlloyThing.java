package io.linkmesh.app.archfixture.alloy;

/** A class of the fixture's "Alloy adapter". */
public final class AlloyThing {
  public String name() {
    return "alloy";
  }
}
