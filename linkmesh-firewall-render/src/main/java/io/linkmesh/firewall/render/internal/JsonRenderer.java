package io.linkmesh.firewall.render.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.linkmesh.domain.connectivity.Direction;
import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.Requirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"deployment", "revision", "scope", "note", "rules": [Rule...]}}: the domain's {@link
 * FirewallRule} records written by Jackson as CONTRACT.md's "Rule" (enums as their wire names, an
 * undetermined port as null), through mix-ins so the domain stays free of Jackson.
 */
public final class JsonRenderer {
  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .addMixIn(FirewallRule.class, RuleMixIn.class)
          .addMixIn(Plane.class, WireNamed.class)
          .addMixIn(Direction.class, WireNamed.class)
          .addMixIn(Requirement.class, WireNamed.class)
          // Lower-case \\u escapes, as the renderings have always been written.
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .build()
          .writer(new Layout())
          .with(new Escapes());

  private JsonRenderer() {}

  public static String render(FirewallReport report) {
    Document document =
        new Document(
            report.deployment().describe(),
            report.revision() == null ? null : report.revision().value(),
            report.scope(),
            FirewallReport.NOTHING_INBOUND,
            report.rules());
    try {
      return WRITER.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      // Records of strings, numbers and lists always serialise: this is a programming error.
      throw new UncheckedIOException(e);
    }
  }

  private record Document(
      String deployment,
      @Nullable String revision,
      String scope,
      String note,
      List<FirewallRule> rules) {}

  private abstract static class RuleMixIn {
    @JsonSerialize(using = PortOrNull.class)
    abstract int port();
  }

  private interface WireNamed {
    @JsonValue
    String wireName();
  }

  /** Port 0 means "could not be determined": null in JSON, as the contract says. */
  private static final class PortOrNull extends StdSerializer<Integer> {
    PortOrNull() {
      super(Integer.class);
    }

    @Override
    public void serialize(Integer port, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (port == 0) {
        gen.writeNull();
      } else {
        gen.writeNumber(port);
      }
    }
  }

  /**
   * The document and its rule list one entry a line, each rule on a line of its own: readable in a
   * terminal and in a diff of two reports, one rule per changed line.
   */
  private static final class Layout implements PrettyPrinter {
    /** Containers nested deeper than the rule list are written inline. */
    private static final int BROKEN_LEVELS = 2;

    private static boolean broken(JsonGenerator g) {
      return g.getOutputContext().getNestingDepth() <= BROKEN_LEVELS;
    }

    private static void newLine(JsonGenerator g, int depth) throws IOException {
      g.writeRaw('\n');
      g.writeRaw(" ".repeat(2 * depth));
    }

    private static void separate(JsonGenerator g) throws IOException {
      if (broken(g)) {
        g.writeRaw(',');
        newLine(g, g.getOutputContext().getNestingDepth());
      } else {
        g.writeRaw(", ");
      }
    }

    private static void open(JsonGenerator g) throws IOException {
      if (broken(g)) {
        newLine(g, g.getOutputContext().getNestingDepth());
      }
    }

    private static void close(JsonGenerator g, int entries, char bracket) throws IOException {
      if (broken(g) && entries > 0) {
        newLine(g, g.getOutputContext().getNestingDepth() - 1);
      }
      g.writeRaw(bracket);
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) {}

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      open(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      separate(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      close(g, entries, '}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      open(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      separate(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      close(g, values, ']');
    }
  }

  /**
   * JSON's own escapes, plus U+2028 and U+2029 (line breaks to JavaScript before ES2019) and
   * backspace and form feed as {@code \\u} escapes, as the renderings have always been written.
   */
  private static final class Escapes extends CharacterEscapes {
    private static final SerializableString LINE = new SerializedString("\\u2028");
    private static final SerializableString PARAGRAPH = new SerializedString("\\u2029");
    private final int[] ascii = standardAsciiEscapesForJSON();

    Escapes() {
      ascii['\b'] = ESCAPE_STANDARD;
      ascii['\f'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      if (ch == '\u2028') {
        return LINE;
      }
      return ch == '\u2029' ? PARAGRAPH : null;
    }
  }
}
