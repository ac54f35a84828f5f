package io.linkmesh.app.archfixture.opamp;

import io.linkmesh.app.archfixture.alloy.AlloyThing;

/** An "OpAMP adapter" class that reaches into the "Alloy adapter": what the rule forbids. */
public final class UsesAlloy {
  public String name() {
    return new AlloyThing().name();
  }
}
