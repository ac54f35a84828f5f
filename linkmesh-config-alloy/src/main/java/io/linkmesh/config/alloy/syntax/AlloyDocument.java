package io.linkmesh.config.alloy.syntax;

import java.util.List;

/** A parsed Alloy source file: its top-level statements in source order. */
public record AlloyDocument(List<Statement> body) {

  public AlloyDocument {
    body = List.copyOf(body);
  }

  /** The top-level blocks (components and config blocks) in source order. */
  public List<Block> blocks() {
    return body.stream().filter(Block.class::isInstance).map(Block.class::cast).toList();
  }
}
