package io.linkmesh.app.archfixture.config.alloy;

/** Stands in for a config-language module's type. */
public final class AlloyGrammar {
  public String parse(String text) {
    return text.strip();
  }
}
