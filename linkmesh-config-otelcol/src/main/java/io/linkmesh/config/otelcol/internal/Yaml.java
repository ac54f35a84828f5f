package io.linkmesh.config.otelcol.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Bounded YAML composition into a node tree with positions. Only the node graph is built (no object
 * construction, so no custom tags run); aliases and size are capped.
 */
public final class Yaml {

  /** Largest config text accepted, in characters. */
  public static final int MAX_CHARS = 4 * 1024 * 1024;

  private static final int MAX_ALIASES = 50;

  private Yaml() {}

  /** A parse failure with a 1-based position. */
  public static final class ParseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    ParseFailure(int line, int column, String reason) {
      super(reason);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /** Composes one document; an empty document yields {@code null}. */
  public static @Nullable Node compose(String text) {
    if (text.length() > MAX_CHARS) {
      throw new ParseFailure(1, 1, "config is larger than " + MAX_CHARS + " characters");
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel("config")
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setAllowRecursiveKeys(false)
            .setCodePointLimit(MAX_CHARS)
            .setUseMarks(true)
            .build();
    try {
      Iterable<Node> documents = new Compose(settings).composeAllFromString(text);
      Node first = null;
      int count = 0;
      for (Node node : documents) {
        if (count++ == 0) {
          first = node;
        } else {
          Position p = position(node);
          throw new ParseFailure(p.line(), p.column(), "expected a single YAML document");
        }
      }
      return first;
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      int line = mark.map(m -> m.getLine() + 1).orElse(1);
      int column = mark.map(m -> m.getColumn() + 1).orElse(1);
      String problem = e.getProblem();
      String context = e.getContext();
      String reason =
          (context == null || context.isEmpty() ? "" : context + ": ")
              + (problem == null ? "invalid YAML" : problem);
      throw new ParseFailure(line, column, "invalid YAML: " + reason.strip());
    } catch (YamlEngineException e) {
      throw new ParseFailure(1, 1, "invalid YAML: " + e.getMessage());
    } catch (StackOverflowError e) {
      // Deeply nested flow collections make the recursive composer overflow; refuse them.
      throw new ParseFailure(1, 1, "invalid YAML: nesting too deep");
    }
  }

  /** A 1-based position. */
  public record Position(int line, int column) {}

  public static Position position(Node node) {
    return node.getStartMark()
        .map(m -> new Position(m.getLine() + 1, m.getColumn() + 1))
        .orElse(new Position(1, 1));
  }

  /** Scalar text of a node, or null when it is not a scalar. */
  public static @Nullable String scalar(@Nullable Node node) {
    return node instanceof ScalarNode s ? s.getValue() : null;
  }

  /** A mapping entry, with its key node for positions. */
  public record Entry(String key, Node keyNode, Node value) {}

  /** Entries of a mapping with scalar keys; non-scalar keys are reported with a null key. */
  public static List<Entry> entries(MappingNode mapping) {
    List<Entry> out = new ArrayList<>(mapping.getValue().size());
    for (NodeTuple t : mapping.getValue()) {
      String key = scalar(t.getKeyNode());
      out.add(new Entry(key == null ? "" : key, t.getKeyNode(), t.getValueNode()));
    }
    return out;
  }

  public static @Nullable Node get(@Nullable Node mapping, String key) {
    if (!(mapping instanceof MappingNode m)) {
      return null;
    }
    for (NodeTuple t : m.getValue()) {
      if (key.equals(scalar(t.getKeyNode()))) {
        return t.getValueNode();
      }
    }
    return null;
  }

  public static List<Node> items(@Nullable Node node) {
    return node instanceof SequenceNode s ? s.getValue() : List.of();
  }

  /** True when the scalar is YAML null ({@code ~}, {@code null} or empty, plain). */
  public static boolean isNull(@Nullable Node node) {
    if (node == null) {
      return true;
    }
    return node instanceof ScalarNode s
        && s.isPlain()
        && (s.getValue().isEmpty()
            || s.getValue().equals("~")
            || s.getValue().equalsIgnoreCase("null"));
  }
}
