package io.linkmesh.firewall.render.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link FirewallView} as JSON text, for callers without a JSON library (the offline CLI). The REST
 * layer may serialise {@link FirewallView} itself; the shape is the same.
 */
public final class JsonRenderer {
  private JsonRenderer() {}

  public static String render(FirewallReport report) {
    FirewallView view = FirewallView.of(report);
    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"deployment\": ").append(string(view.deployment())).append(",\n");
    json.append("  \"revision\": ").append(nullable(view.revision())).append(",\n");
    json.append("  \"scope\": ").append(string(view.scope())).append(",\n");
    json.append("  \"note\": ").append(string(view.note())).append(",\n");
    json.append("  \"rules\": [");
    List<RuleView> rules = view.rules();
    for (int i = 0; i < rules.size(); i++) {
      RuleView r = rules.get(i);
      json.append(i == 0 ? "\n" : ",\n").append("    {");
      json.append("\"plane\": ").append(string(r.plane()));
      json.append(", \"from\": ").append(string(r.from()));
      json.append(", \"to\": ").append(string(r.to()));
      json.append(", \"host\": ").append(nullable(r.host()));
      json.append(", \"port\": ").append(r.port() == null ? "null" : r.port().toString());
      json.append(", \"protocol\": ").append(string(r.protocol()));
      json.append(", \"direction\": ").append(string(r.direction()));
      json.append(", \"purpose\": ").append(string(r.purpose()));
      json.append(", \"required\": ").append(string(r.required()));
      json.append(", \"reason\": ").append(string(r.reason()));
      json.append(", \"configs\": ").append(array(r.configs()));
      json.append(", \"selectors\": ").append(array(r.selectors()));
      json.append(", \"collectors\": ").append(array(r.collectors()));
      json.append(", \"collectorCount\": ").append(r.collectorCount());
      json.append(", \"undetermined\": ").append(nullable(r.undetermined()));
      json.append('}');
    }
    json.append(rules.isEmpty() ? "]\n" : "\n  ]\n").append("}\n");
    return json.toString();
  }

  private static String array(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(string(values.get(i)));
    }
    return out.append(']').toString();
  }

  private static String nullable(@Nullable String value) {
    return value == null ? "null" : string(value);
  }

  public static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }
}
