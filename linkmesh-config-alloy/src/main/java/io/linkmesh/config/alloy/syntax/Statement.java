package io.linkmesh.config.alloy.syntax;

/** One statement of an Alloy body: an {@link Attribute} or a {@link Block}. */
public sealed interface Statement permits Attribute, Block {

  /** Where the statement starts (its first identifier). */
  Position position();
}
