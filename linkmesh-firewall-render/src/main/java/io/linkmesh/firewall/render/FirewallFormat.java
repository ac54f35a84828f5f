package io.linkmesh.firewall.render;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.firewall.render.internal.CsvRenderer;
import io.linkmesh.firewall.render.internal.IptablesRenderer;
import io.linkmesh.firewall.render.internal.JsonRenderer;
import io.linkmesh.firewall.render.internal.MarkdownRenderer;
import io.linkmesh.firewall.render.internal.NftablesRenderer;
import java.util.Locale;
import java.util.Optional;

/** The renderings of a firewall report, by the name {@code ?format=} and {@code --format} use. */
public enum FirewallFormat {
  JSON("json", "application/json"),
  MARKDOWN("markdown", "text/markdown; charset=utf-8"),
  CSV("csv", "text/csv; charset=utf-8"),
  NFTABLES("nftables", "text/plain; charset=utf-8"),
  IPTABLES("iptables", "text/x-shellscript; charset=utf-8"),
  K8S("k8s", "application/yaml");

  private final String wireName;
  private final String mediaType;

  FirewallFormat(String wireName, String mediaType) {
    this.wireName = wireName;
    this.mediaType = mediaType;
  }

  public String wireName() {
    return wireName;
  }

  /** The Content-Type to serve the rendering with. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * Renders the report in this format; {@code role} picks the host section of the nftables and
   * iptables exports ({@code ?role=} / {@code --role}) and is ignored by the others.
   */
  public String render(FirewallReport report, HostRole role) {
    if (this == NFTABLES) {
      return NftablesRenderer.render(report, role);
    }
    if (this == IPTABLES) {
      return IptablesRenderer.render(report, role);
    }
    return render(report);
  }

  /** Renders the whole report in this format. */
  public String render(FirewallReport report) {
    switch (this) {
      case JSON:
        return JsonRenderer.render(report);
      case MARKDOWN:
        return MarkdownRenderer.render(report);
      case CSV:
        return CsvRenderer.render(report);
      case NFTABLES:
        return NftablesRenderer.render(report, HostRole.ALL);
      case IPTABLES:
        return IptablesRenderer.render(report, HostRole.ALL);
      case K8S:
      default:
        return KubernetesRenderer.defaults().render(report);
    }
  }

  /** The format named {@code name} (case-insensitive; {@code md} and {@code kubernetes} too). */
  public static Optional<FirewallFormat> parse(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    switch (lower) {
      case "md":
        return Optional.of(MARKDOWN);
      case "kubernetes":
      case "networkpolicy":
        return Optional.of(K8S);
      default:
        for (FirewallFormat format : values()) {
          if (format.wireName.equals(lower)) {
            return Optional.of(format);
          }
        }
        return Optional.empty();
    }
  }
}
