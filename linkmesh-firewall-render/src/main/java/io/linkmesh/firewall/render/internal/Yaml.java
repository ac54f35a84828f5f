package io.linkmesh.firewall.render.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.serializer.Serializer;

/**
 * YAML documents built as snakeyaml-engine nodes, so that comments can sit beside the values they
 * explain, and written by its emitter: quoting and escaping are the library's.
 */
public final class Yaml {
  private static final DumpSettings SETTINGS =
      DumpSettings.builder()
          .setDumpComments(true)
          .setIndent(2)
          .setIndicatorIndent(2)
          .setIndentWithIndicator(true)
          .setSplitLines(false)
          .build();

  private Yaml() {}

  /** The documents one after another, separated by {@code ---}. */
  public static String write(List<? extends Node> documents) {
    StringBuilder out = new StringBuilder();
    StreamDataWriter writer =
        new StreamDataWriter() {
          @Override
          public void write(String text) {
            out.append(text);
          }

          @Override
          public void write(String text, int offset, int length) {
            out.append(text, offset, offset + length);
          }
        };
    Serializer serializer = new Serializer(SETTINGS, new Emitter(SETTINGS, writer));
    serializer.emitStreamStart();
    for (Node document : documents) {
      serializer.serializeDocument(document);
    }
    serializer.emitStreamEnd();
    return out.toString();
  }

  /** A string the emitter writes plain where YAML allows it, quoted where it does not. */
  public static ScalarNode plain(String value) {
    return new ScalarNode(Tag.STR, value, ScalarStyle.PLAIN);
  }

  public static ScalarNode quoted(String value) {
    return new ScalarNode(Tag.STR, value, ScalarStyle.DOUBLE_QUOTED);
  }

  public static ScalarNode integer(int value) {
    return new ScalarNode(Tag.INT, String.valueOf(value), ScalarStyle.PLAIN);
  }

  public static NodeTuple entry(String key, Node value) {
    return new NodeTuple(plain(key), value);
  }

  public static MappingNode mapping(String key, Node value) {
    return mapping(entry(key, value));
  }

  public static MappingNode mapping(NodeTuple... entries) {
    return mapping(List.of(entries));
  }

  public static MappingNode mapping(List<NodeTuple> entries) {
    return new MappingNode(Tag.MAP, new ArrayList<>(entries), FlowStyle.BLOCK);
  }

  public static SequenceNode sequence(List<? extends Node> items) {
    return new SequenceNode(Tag.SEQ, new ArrayList<>(items), FlowStyle.BLOCK);
  }

  /** One comment line; {@code text} must hold no line break ({@link Text#line} removes them). */
  public static CommentLine comment(String text) {
    return new CommentLine(Optional.empty(), Optional.empty(), " " + text, CommentType.BLOCK);
  }
}
