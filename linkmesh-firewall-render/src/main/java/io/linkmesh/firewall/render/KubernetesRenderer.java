package io.linkmesh.firewall.render;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.ServerAddress;
import io.linkmesh.firewall.render.internal.JsonRenderer;
import io.linkmesh.firewall.render.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes {@code networking.k8s.io/v1} NetworkPolicy manifests: ingress to the LinkMesh server
 * pods on their listen port (and, with a remote Git store, their egress to it), and egress from the
 * collector pods, selected by label, to DNS, to the server and to each backend port.
 *
 * <p>A NetworkPolicy cannot name hosts: egress to a backend given by name allows its port to any
 * address and names the backend in a comment; a backend given as an IP address gets an {@code
 * ipBlock}. Ingress to collector pods is left alone: LinkMesh needs none, and their receivers are
 * the operator's business.
 */
public final class KubernetesRenderer {
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private final Map<String, String> serverPodLabels;
  private final String collectorLabelKey;
  private final List<String> collectorLabelValues;
  private final @Nullable String namespace;

  private KubernetesRenderer(
      Map<String, String> serverPodLabels,
      String collectorLabelKey,
      List<String> collectorLabelValues,
      @Nullable String namespace) {
    this.serverPodLabels = new TreeMap<>(requireNonNull(serverPodLabels, "serverPodLabels"));
    this.collectorLabelKey = requireNonNull(collectorLabelKey, "collectorLabelKey");
    this.collectorLabelValues = List.copyOf(collectorLabelValues);
    this.namespace = namespace;
    if (this.serverPodLabels.isEmpty() || this.collectorLabelValues.isEmpty()) {
      throw new IllegalArgumentException("server and collector pods need a label to select them");
    }
    for (Map.Entry<String, String> e : this.serverPodLabels.entrySet()) {
      checkLabel(e.getKey(), e.getValue());
    }
    for (String value : this.collectorLabelValues) {
      checkLabel(collectorLabelKey, value);
    }
    if (namespace != null && !Pattern.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", namespace)) {
      throw new IllegalArgumentException("not a Kubernetes namespace name: " + namespace);
    }
  }

  /**
   * Server pods labelled {@code app.kubernetes.io/name: linkmesh}; collector pods labelled {@code
   * app.kubernetes.io/name} {@code opentelemetry-collector} or {@code alloy} (as the upstream Helm
   * charts label them); no namespace (the one {@code kubectl apply -n} names).
   */
  public static KubernetesRenderer defaults() {
    return of(
        Map.of("app.kubernetes.io/name", "linkmesh"),
        "app.kubernetes.io/name",
        List.of("opentelemetry-collector", "alloy"),
        null);
  }

  /**
   * @param serverPodLabels labels that select the LinkMesh server pods
   * @param collectorLabelKey the label key that selects collector pods
   * @param collectorLabelValues its values on collector pods
   * @param namespace the namespace to put the policies in, null for none
   */
  public static KubernetesRenderer of(
      Map<String, String> serverPodLabels,
      String collectorLabelKey,
      List<String> collectorLabelValues,
      @Nullable String namespace) {
    return new KubernetesRenderer(
        serverPodLabels, collectorLabelKey, collectorLabelValues, namespace);
  }

  public String render(FirewallReport report) {
    StringBuilder y = new StringBuilder();
    for (String line : Text.header(report, "Kubernetes NetworkPolicy")) {
      y.append("# ").append(Text.line(line)).append('\n');
    }
    y.append(
        "# A NetworkPolicy cannot name hosts: egress to a backend given by name allows its port\n"
            + "# to any address; the comment above each rule names the backend.\n");
    List<FirewallRule> control = report.rules(Plane.CONTROL);
    List<FirewallRule> store = report.rules(Plane.STORE);
    boolean first = true;
    if (!control.isEmpty()) {
      first = false;
      serverIngress(y, report, control);
    }
    if (!store.isEmpty()) {
      if (!first) {
        y.append("---\n");
      }
      first = false;
      serverEgress(y, store);
    }
    if (!first) {
      y.append("---\n");
    }
    collectorEgress(y, report);
    return y.toString();
  }

  private void serverIngress(StringBuilder y, FirewallReport report, List<FirewallRule> control) {
    metadata(y, "linkmesh-server-ingress", "control plane: inbound to the LinkMesh server");
    y.append("spec:\n");
    y.append("  podSelector:\n    matchLabels:\n");
    for (Map.Entry<String, String> e : serverPodLabels.entrySet()) {
      y.append("      ").append(q(e.getKey())).append(": ").append(q(e.getValue())).append('\n');
    }
    y.append("  policyTypes:\n    - Ingress\n");
    y.append("  ingress:\n");
    for (FirewallRule rule : control) {
      y.append("    # ")
          .append(Text.line(rule.from()))
          .append(" -> ")
          .append(Text.line(rule.purpose()))
          .append(", ")
          .append(Text.line(rule.protocol()))
          .append(" [")
          .append(rule.required().wireName())
          .append("]\n");
    }
    ServerAddress server = report.deployment().server();
    if (server.port() != report.deployment().listenPort()) {
      y.append("    # the external port ")
          .append(server.port())
          .append(" reaches the pods' listen port ")
          .append(report.deployment().listenPort())
          .append('\n');
    }
    y.append("    - ports:\n");
    port(y, "        ", "TCP", report.deployment().listenPort());
  }

  private void serverEgress(StringBuilder y, List<FirewallRule> store) {
    metadata(y, "linkmesh-server-egress", "store plane: the LinkMesh server to its Git remote");
    y.append("spec:\n");
    y.append("  podSelector:\n    matchLabels:\n");
    for (Map.Entry<String, String> e : serverPodLabels.entrySet()) {
      y.append("      ").append(q(e.getKey())).append(": ").append(q(e.getValue())).append('\n');
    }
    y.append("  policyTypes:\n    - Egress\n");
    y.append("  egress:\n");
    dns(y);
    for (FirewallRule rule : store) {
      egress(y, rule.host(), rule.port(), Text.label(rule));
    }
  }

  private void collectorEgress(StringBuilder y, FirewallReport report) {
    metadata(
        y, "linkmesh-collectors-egress", "collectors dial out to LinkMesh and to their backends");
    y.append("spec:\n");
    y.append("  podSelector:\n    matchExpressions:\n");
    y.append("      - key: ").append(q(collectorLabelKey)).append('\n');
    y.append("        operator: In\n        values:\n");
    for (String value : collectorLabelValues) {
      y.append("          - ").append(q(value)).append('\n');
    }
    y.append(
        "  # Nothing inbound to a collector for LinkMesh: ingress is left to your own policies.\n");
    y.append("  policyTypes:\n    - Egress\n");
    y.append("  egress:\n");
    dns(y);
    ServerAddress server = report.deployment().server();
    if (!report.rules(Plane.CONTROL).isEmpty()) {
      List<Integer> ports = new ArrayList<>(List.of(server.port()));
      if (report.deployment().listenPort() != server.port()) {
        ports.add(report.deployment().listenPort());
      }
      y.append("    # control: LinkMesh server ")
          .append(Text.line(server.host()))
          .append(':')
          .append(server.port())
          .append(ports.size() > 1 ? " (and its pods' listen port, in-cluster)" : "")
          .append('\n');
      y.append("    - ports:\n");
      for (int port : ports) {
        port(y, "        ", "TCP", port);
      }
      if (Text.ipv4(server.host()) || Text.ipv6(server.host())) {
        ipBlock(y, server.host());
      }
    }
    for (FirewallRule rule : report.rules(Plane.DATA)) {
      if (rule.determined()) {
        egress(y, rule.host(), rule.port(), Text.label(rule));
      } else {
        y.append("    # UNDETERMINED, add by hand: ")
            .append(Text.line(rule.reason()))
            .append(": ")
            .append(Text.line(rule.to()))
            .append(" (")
            .append(Text.line(String.valueOf(rule.undetermined())))
            .append(")\n");
      }
    }
  }

  private void metadata(StringBuilder y, String name, String description) {
    y.append("apiVersion: networking.k8s.io/v1\n");
    y.append("kind: NetworkPolicy\n");
    y.append("metadata:\n");
    y.append("  name: ").append(name).append('\n');
    if (namespace != null) {
      y.append("  namespace: ").append(namespace).append('\n');
    }
    y.append("  labels:\n");
    y.append("    app.kubernetes.io/part-of: linkmesh\n");
    y.append("    app.kubernetes.io/managed-by: linkmesh-firewall\n");
    y.append("  annotations:\n");
    y.append("    linkmesh.io/description: ").append(q(description)).append('\n');
  }

  private static void dns(StringBuilder y) {
    y.append("    # DNS, to resolve the LinkMesh server and the backends\n");
    y.append("    - ports:\n");
    port(y, "        ", "UDP", 53);
    port(y, "        ", "TCP", 53);
  }

  private static void egress(StringBuilder y, String host, int port, String label) {
    y.append("    # ").append(Text.line(label)).append('\n');
    y.append("    - ports:\n");
    port(y, "        ", "TCP", port);
    if (Text.ipv4(host) || Text.ipv6(host)) {
      ipBlock(y, host);
    }
  }

  private static void ipBlock(StringBuilder y, String host) {
    y.append("      to:\n");
    y.append("        - ipBlock:\n");
    y.append("            cidr: ")
        .append(q(host + (Text.ipv4(host) ? "/32" : "/128")))
        .append('\n');
  }

  private static void port(StringBuilder y, String indent, String protocol, int port) {
    y.append(indent).append("- protocol: ").append(protocol).append('\n');
    y.append(indent).append("  port: ").append(port).append('\n');
  }

  /** A YAML double-quoted scalar (JSON string escapes are valid YAML). */
  private static String q(String value) {
    return JsonRenderer.string(value);
  }

  private static void checkLabel(String key, String value) {
    if (!LABEL_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a Kubernetes label key: " + key);
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException("not a Kubernetes label value: " + value);
    }
  }
}
