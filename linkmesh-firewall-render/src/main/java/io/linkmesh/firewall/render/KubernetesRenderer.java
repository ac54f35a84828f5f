package io.linkmesh.firewall.render;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.connectivity.FirewallRule;
import io.linkmesh.domain.connectivity.Plane;
import io.linkmesh.domain.connectivity.ServerAddress;
import io.linkmesh.firewall.render.internal.Text;
import io.linkmesh.firewall.render.internal.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

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
    List<MappingNode> documents = new ArrayList<>();
    List<FirewallRule> control = report.rules(Plane.CONTROL);
    List<FirewallRule> store = report.rules(Plane.STORE);
    if (!control.isEmpty()) {
      documents.add(serverIngress(report, control));
    }
    if (!store.isEmpty()) {
      documents.add(serverEgress(store));
    }
    documents.add(collectorEgress(report));
    List<String> header = new ArrayList<>();
    for (String line : Text.header(report, "Kubernetes NetworkPolicy")) {
      header.add(Text.line(line));
    }
    header.add(
        "A NetworkPolicy cannot name hosts: egress to a backend given by name allows its port");
    header.add("to any address; the comment above each rule names the backend.");
    documents.get(0).getValue().get(0).getKeyNode().setBlockComments(comments(header));
    return Yaml.write(documents);
  }

  private MappingNode serverIngress(FirewallReport report, List<FirewallRule> control) {
    List<String> notes = new ArrayList<>();
    for (FirewallRule rule : control) {
      notes.add(
          Text.line(rule.from())
              + " -> "
              + Text.line(rule.purpose())
              + ", "
              + Text.line(rule.protocol())
              + " ["
              + rule.required().wireName()
              + "]");
    }
    ServerAddress server = report.deployment().server();
    int listen = report.deployment().listenPort();
    if (server.port() != listen) {
      notes.add("the external port " + server.port() + " reaches the pods' listen port " + listen);
    }
    Rules ingress = new Rules();
    ingress.add(notes, ports("TCP", listen));
    return policy(
        "linkmesh-server-ingress",
        "control plane: inbound to the LinkMesh server",
        serverPods(),
        null,
        "Ingress",
        ingress);
  }

  private MappingNode serverEgress(List<FirewallRule> store) {
    Rules egress = dns();
    for (FirewallRule rule : store) {
      egress.egress(rule.host(), rule.port(), Text.label(rule));
    }
    return policy(
        "linkmesh-server-egress",
        "store plane: the LinkMesh server to its Git remote",
        serverPods(),
        null,
        "Egress",
        egress);
  }

  private MappingNode collectorEgress(FirewallReport report) {
    Rules egress = dns();
    ServerAddress server = report.deployment().server();
    if (!report.rules(Plane.CONTROL).isEmpty()) {
      List<Integer> ports = new ArrayList<>(List.of(server.port()));
      if (report.deployment().listenPort() != server.port()) {
        ports.add(report.deployment().listenPort());
      }
      List<Node> entries = new ArrayList<>();
      for (int port : ports) {
        entries.add(port("TCP", port));
      }
      egress.add(
          List.of(
              Text.line(Text.label(server))
                  + (ports.size() > 1 ? " (and its pods' listen port, in-cluster)" : "")),
          to(Yaml.sequence(entries), server.host()));
    }
    for (FirewallRule rule : report.rules(Plane.DATA)) {
      if (rule.determined()) {
        egress.egress(rule.host(), rule.port(), Text.label(rule));
      } else {
        egress.note("UNDETERMINED, add by hand: " + Text.undetermined(rule));
      }
    }
    List<Node> values = new ArrayList<>();
    for (String value : collectorLabelValues) {
      values.add(Yaml.quoted(value));
    }
    Node pods =
        Yaml.mapping(
            "matchExpressions",
            Yaml.sequence(
                List.of(
                    Yaml.mapping(
                        Yaml.entry("key", Yaml.quoted(collectorLabelKey)),
                        Yaml.entry("operator", Yaml.plain("In")),
                        Yaml.entry("values", Yaml.sequence(values))))));
    return policy(
        "linkmesh-collectors-egress",
        "collectors dial out to LinkMesh and to their backends",
        pods,
        "Nothing inbound to a collector for LinkMesh: ingress is left to your own policies.",
        "Egress",
        egress);
  }

  /** One NetworkPolicy document: the metadata every policy carries, and its spec. */
  private MappingNode policy(
      String name,
      String description,
      Node podSelector,
      @Nullable String typesNote,
      String type,
      Rules rules) {
    List<NodeTuple> metadata = new ArrayList<>();
    metadata.add(Yaml.entry("name", Yaml.plain(name)));
    if (namespace != null) {
      metadata.add(Yaml.entry("namespace", Yaml.plain(namespace)));
    }
    metadata.add(
        Yaml.entry(
            "labels",
            Yaml.mapping(
                Yaml.entry("app.kubernetes.io/part-of", Yaml.plain("linkmesh")),
                Yaml.entry("app.kubernetes.io/managed-by", Yaml.plain("linkmesh-firewall")))));
    metadata.add(
        Yaml.entry(
            "annotations",
            Yaml.mapping(Yaml.entry("linkmesh.io/description", Yaml.quoted(description)))));
    NodeTuple types = Yaml.entry("policyTypes", Yaml.sequence(List.of(Yaml.plain(type))));
    if (typesNote != null) {
      types.getKeyNode().setBlockComments(comments(List.of(typesNote)));
    }
    return Yaml.mapping(
        Yaml.entry("apiVersion", Yaml.plain("networking.k8s.io/v1")),
        Yaml.entry("kind", Yaml.plain("NetworkPolicy")),
        Yaml.entry("metadata", Yaml.mapping(metadata)),
        Yaml.entry(
            "spec",
            Yaml.mapping(
                Yaml.entry("podSelector", podSelector),
                types,
                Yaml.entry(type.toLowerCase(Locale.ROOT), rules.sequence()))));
  }

  private Node serverPods() {
    List<NodeTuple> labels = new ArrayList<>();
    for (Map.Entry<String, String> e : serverPodLabels.entrySet()) {
      labels.add(new NodeTuple(Yaml.quoted(e.getKey()), Yaml.quoted(e.getValue())));
    }
    return Yaml.mapping("matchLabels", Yaml.mapping(labels));
  }

  private static Rules dns() {
    Rules rules = new Rules();
    rules.add(
        List.of("DNS, to resolve the LinkMesh server and the backends"),
        Yaml.mapping("ports", Yaml.sequence(List.of(port("UDP", 53), port("TCP", 53)))));
    return rules;
  }

  private static MappingNode ports(String protocol, int port) {
    return Yaml.mapping("ports", Yaml.sequence(List.of(port(protocol, port))));
  }

  private static MappingNode port(String protocol, int port) {
    return Yaml.mapping(
        Yaml.entry("protocol", Yaml.plain(protocol)), Yaml.entry("port", Yaml.integer(port)));
  }

  /** A rule's ports, and the address they go to when it is one (a NetworkPolicy has no names). */
  private static MappingNode to(Node ports, String host) {
    if (!Text.ipv4(host) && !Text.ipv6(host)) {
      return Yaml.mapping("ports", ports);
    }
    String cidr = host + (Text.ipv4(host) ? "/32" : "/128");
    return Yaml.mapping(
        Yaml.entry("ports", ports),
        Yaml.entry(
            "to",
            Yaml.sequence(
                List.of(Yaml.mapping("ipBlock", Yaml.mapping("cidr", Yaml.quoted(cidr)))))));
  }

  private static List<CommentLine> comments(List<String> lines) {
    List<CommentLine> out = new ArrayList<>();
    for (String line : lines) {
      out.add(Yaml.comment(line));
    }
    return out;
  }

  /**
   * The rules of one direction, each headed by its comment lines. A note without a rule of its own
   * heads the next rule, or ends the list.
   */
  private static final class Rules {
    private final List<Node> items = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();

    void add(List<String> notes, MappingNode rule) {
      List<String> lines = new ArrayList<>(pending);
      lines.addAll(notes);
      pending.clear();
      rule.setBlockComments(comments(lines));
      items.add(rule);
    }

    void egress(String host, int port, String label) {
      add(List.of(Text.line(label)), to(Yaml.sequence(List.of(port("TCP", port))), host));
    }

    void note(String line) {
      pending.add(line);
    }

    SequenceNode sequence() {
      SequenceNode sequence = Yaml.sequence(items);
      if (!pending.isEmpty()) {
        sequence.setEndComments(comments(pending));
      }
      return sequence;
    }
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
