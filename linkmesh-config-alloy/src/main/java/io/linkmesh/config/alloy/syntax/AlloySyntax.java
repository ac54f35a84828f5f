package io.linkmesh.config.alloy.syntax;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the Alloy syntax parser.
 *
 * <p>{@link #parse(String)} checks the grammar only; {@link #validate(String)} also checks what
 * makes a parsed document a loadable Alloy config: only blocks at the top level, and no component
 * (block name plus label) declared twice in one scope.
 */
public final class AlloySyntax {

  /** Longer source text than this (in characters) is refused without being parsed. */
  public static final int MAX_LENGTH = 4 * 1024 * 1024;

  private AlloySyntax() {}

  /**
   * Parses Alloy source text.
   *
   * @throws AlloySyntaxException with the line, column and reason of the first error
   */
  public static AlloyDocument parse(String source) {
    requireNonNull(source, "source");
    if (source.length() > MAX_LENGTH) {
      throw new AlloySyntaxException(
          new SyntaxError(
              new Position(1, 1),
              "config is " + source.length() + " characters long; the limit is " + MAX_LENGTH));
    }
    return Parser.parse(source);
  }

  /** Parses and validates Alloy source text as a config; never throws for bad input. */
  public static Validation validate(String source) {
    requireNonNull(source, "source");
    AlloyDocument document;
    try {
      document = parse(source);
    } catch (AlloySyntaxException e) {
      return new Validation.Invalid(e.error());
    }
    for (Statement statement : document.body()) {
      if (statement instanceof Attribute attribute) {
        return new Validation.Invalid(
            new SyntaxError(
                statement.position(),
                "attribute \""
                    + attribute.name()
                    + "\" is not allowed at the top level of an Alloy config; only blocks are"));
      }
    }
    SyntaxError duplicate = firstDuplicate(document.body());
    return duplicate == null ? new Validation.Valid(document) : new Validation.Invalid(duplicate);
  }

  /**
   * The first block whose name and label were already declared in the same scope: the top level, or
   * the body of a {@code declare} block (a custom component has its own scope).
   */
  private static @Nullable SyntaxError firstDuplicate(List<Statement> scope) {
    Map<String, Block> seen = new HashMap<>();
    for (Statement statement : scope) {
      if (!(statement instanceof Block block)) {
        continue;
      }
      Block earlier = seen.putIfAbsent(block.componentId(), block);
      if (earlier != null) {
        return new SyntaxError(
            block.position(),
            (block.label() == null ? "block \"" : "component \"")
                + block.componentId()
                + "\" is already declared at line "
                + earlier.position().line()
                + ", column "
                + earlier.position().column()
                + (block.label() == null ? "" : "; labels must be unique per component name"));
      }
      if (block.name().equals("declare")) {
        SyntaxError nested = firstDuplicate(block.body());
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }
}
