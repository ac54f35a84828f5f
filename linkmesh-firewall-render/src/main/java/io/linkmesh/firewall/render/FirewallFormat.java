package io.linkmesh.firewall.render;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.firewall.render.internal.CsvRenderer;
import io.linkmesh.firewall.render.internal.IptablesRenderer;
import io.linkmesh.firewall.render.internal.JsonRenderer;
import io.linkmesh.firewall.render.internal.MarkdownRenderer;
import io.linkmesh.firewall.render.internal.NftablesRenderer;
import io.linkmesh.firewall.render.internal.Text;
import java.util.Map;
import java.util.Optional;

/**
 * The renderings of a firewall report, by the name {@code ?format=} and {@code --format} use: the
 * constant's name in lower case.
 */
public enum FirewallFormat {
  JSON,
  MARKDOWN,
  CSV,
  NFTABLES,
  IPTABLES,
  K8S;

  private static final Map<String, FirewallFormat> ALIASES =
      Map.of("md", MARKDOWN, "kubernetes", K8S, "networkpolicy", K8S);
  private static final Map<FirewallFormat, String> MEDIA_TYPES =
      Map.of(
          JSON, "application/json",
          MARKDOWN, "text/markdown; charset=utf-8",
          CSV, "text/csv; charset=utf-8",
          NFTABLES, "text/plain; charset=utf-8",
          IPTABLES, "text/x-shellscript; charset=utf-8",
          K8S, "application/yaml");

  public String wireName() {
    return Text.wireName(this);
  }

  /** The Content-Type to serve the rendering with. */
  public String mediaType() {
    return MEDIA_TYPES.get(this);
  }

  /**
   * Renders the report in this format; {@code role} picks the host section of the nftables and
   * iptables exports ({@code ?role=} / {@code --role}) and is ignored by the others.
   */
  public String render(FirewallReport report, HostRole role) {
    switch (this) {
      case JSON:
        return JsonRenderer.render(report);
      case MARKDOWN:
        return MarkdownRenderer.render(report);
      case CSV:
        return CsvRenderer.render(report);
      case NFTABLES:
        return NftablesRenderer.render(report, role);
      case IPTABLES:
        return IptablesRenderer.render(report, role);
      case K8S:
      default:
        return KubernetesRenderer.defaults().render(report);
    }
  }

  /** Renders the whole report in this format. */
  public String render(FirewallReport report) {
    return render(report, HostRole.ALL);
  }

  /** The format named {@code name} (case-insensitive; {@code md} and {@code kubernetes} too). */
  public static Optional<FirewallFormat> parse(String name) {
    return Text.named(values(), ALIASES, name);
  }
}
