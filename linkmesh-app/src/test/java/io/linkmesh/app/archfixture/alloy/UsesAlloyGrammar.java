package io.linkmesh.app.archfixture.alloy;

import io.linkmesh.app.archfixture.config.alloy.AlloyGrammar;

/** An "Alloy adapter" class that parses Alloy text itself: what the rule forbids. */
public final class UsesAlloyGrammar {
  public String parse(String text) {
    return new AlloyGrammar().parse(text);
  }
}
