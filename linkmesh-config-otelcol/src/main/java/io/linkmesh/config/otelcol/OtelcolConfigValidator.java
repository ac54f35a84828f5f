package io.linkmesh.config.otelcol;

import io.linkmesh.config.otelcol.internal.Yaml;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.out.ConfigValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks that a text is a plausible OpenTelemetry Collector config before it is stored or sent: one
 * YAML document, a mapping with only the collector's top-level sections, component ids of the form
 * {@code type[/name]}, and a {@code service} section whose pipelines only name receivers,
 * processors, exporters (and connectors) that are defined. It does not know component schemas: the
 * settings inside a component are the collector's business.
 *
 * <p>Safe for concurrent use; stateless.
 */
public final class OtelcolConfigValidator implements ConfigValidator {

  private static final Set<String> TOP_LEVEL =
      Set.of("receivers", "processors", "exporters", "connectors", "extensions", "service");
  private static final Set<String> SIGNALS = Set.of("traces", "metrics", "logs", "profiles");
  private static final Pattern TYPE = Pattern.compile("[a-zA-Z][0-9a-zA-Z_]{0,62}");
  private static final Pattern NAME = Pattern.compile("[^\\s/\\p{Cntrl}]{1,1024}");
  private static final int MAX_PROBLEMS = 50;

  /** Creates a validator. */
  public OtelcolConfigValidator() {}

  @Override
  public CollectorRuntime runtime() {
    return CollectorRuntime.OTELCOL;
  }

  @Override
  public ValidationResult validate(String content) {
    List<ValidationProblem> problems = problems(content);
    return problems.isEmpty() ? ValidationResult.valid() : new ValidationResult.Invalid(problems);
  }

  /** The problems of {@code yaml}, in text order; empty when the config is plausible. */
  public List<ValidationProblem> problems(String yaml) {
    Problems problems = new Problems();
    Node root;
    try {
      root = Yaml.compose(yaml);
    } catch (Yaml.ParseFailure e) {
      return List.of(new ValidationProblem(e.line(), e.column(), e.getMessage()));
    }
    if (root == null || Yaml.isNull(root)) {
      return List.of(new ValidationProblem(1, 1, "config is empty"));
    }
    if (!(root instanceof MappingNode rootMap)) {
      problems.add(root, "config must be a YAML mapping of collector sections");
      return List.copyOf(problems.list);
    }
    Map<String, Map<String, Node>> sections = new HashMap<>();
    Node service = null;
    Set<String> seenTop = new HashSet<>();
    for (Yaml.Entry e : Yaml.entries(rootMap)) {
      if (!seenTop.add(e.key())) {
        problems.add(e.keyNode(), "duplicate key '" + e.key() + "'");
        continue;
      }
      if (!TOP_LEVEL.contains(e.key())) {
        problems.add(
            e.keyNode(),
            "unknown top-level key '"
                + e.key()
                + "' (expected receivers, processors, exporters, connectors, extensions,"
                + " service)");
        continue;
      }
      if (e.key().equals("service")) {
        service = e.value();
      } else {
        sections.put(e.key(), components(e.key(), e.value(), problems));
      }
    }
    if (service == null) {
      problems.add(root, "missing 'service' section");
    } else {
      checkService(service, sections, problems);
    }
    problems.list.sort(
        (a, b) -> a.line() != b.line() ? a.line() - b.line() : a.column() - b.column());
    return List.copyOf(problems.list);
  }

  private static Map<String, Node> components(String section, Node value, Problems problems) {
    Map<String, Node> ids = new LinkedHashMap<>();
    if (Yaml.isNull(value)) {
      return ids;
    }
    if (!(value instanceof MappingNode map)) {
      problems.add(value, "'" + section + "' must be a mapping of component ids to settings");
      return ids;
    }
    for (Yaml.Entry e : Yaml.entries(map)) {
      String idProblem = componentIdProblem(e.key());
      if (idProblem != null) {
        problems.add(e.keyNode(), section + ": " + idProblem);
      } else if (ids.containsKey(e.key())) {
        problems.add(e.keyNode(), section + ": duplicate component id '" + e.key() + "'");
      } else if (!Yaml.isNull(e.value()) && !(e.value() instanceof MappingNode)) {
        problems.add(
            e.value(), section + ": settings of '" + e.key() + "' must be a mapping or empty");
        ids.put(e.key(), e.value());
      } else {
        ids.put(e.key(), e.value());
      }
    }
    return ids;
  }

  /** Why {@code id} is not a valid {@code type[/name]} component id, or null when it is. */
  static @Nullable String componentIdProblem(String id) {
    int slash = id.indexOf('/');
    String type = slash < 0 ? id : id.substring(0, slash);
    if (!TYPE.matcher(type).matches()) {
      return "invalid component id '"
          + id
          + "': the type must start with a letter and contain only letters, digits and '_'";
    }
    if (slash >= 0 && !NAME.matcher(id.substring(slash + 1)).matches()) {
      return "invalid component id '"
          + id
          + "': the name after '/' must be non-empty, without spaces, '/' or control characters";
    }
    return null;
  }

  private static void checkService(
      Node service, Map<String, Map<String, Node>> sections, Problems problems) {
    if (!(service instanceof MappingNode)) {
      problems.add(service, "'service' must be a mapping with 'pipelines'");
      return;
    }
    Node extensions = Yaml.get(service, "extensions");
    if (extensions != null && !Yaml.isNull(extensions)) {
      checkReferences(
          "service.extensions", extensions, List.of("extensions"), sections, problems, null);
    }
    Node pipelines = Yaml.get(service, "pipelines");
    if (pipelines == null || Yaml.isNull(pipelines)) {
      problems.add(service, "'service.pipelines' is missing: a collector needs a pipeline");
      return;
    }
    if (!(pipelines instanceof MappingNode pipelineMap)) {
      problems.add(pipelines, "'service.pipelines' must be a mapping of pipeline ids");
      return;
    }
    Map<String, Node> connectorAsExporter = new LinkedHashMap<>();
    Set<String> connectorAsReceiver = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (Yaml.Entry p : Yaml.entries(pipelineMap)) {
      String id = p.key();
      if (!seen.add(id)) {
        problems.add(p.keyNode(), "duplicate pipeline id '" + id + "'");
        continue;
      }
      int slash = id.indexOf('/');
      String signal = slash < 0 ? id : id.substring(0, slash);
      if (!SIGNALS.contains(signal)) {
        problems.add(
            p.keyNode(),
            "pipeline id '" + id + "' must start with traces, metrics, logs or profiles");
      } else if (slash >= 0 && !NAME.matcher(id.substring(slash + 1)).matches()) {
        problems.add(p.keyNode(), "invalid pipeline id '" + id + "'");
      }
      if (!(p.value() instanceof MappingNode)) {
        problems.add(
            Yaml.isNull(p.value()) ? p.keyNode() : p.value(),
            "pipeline '" + id + "' must be a mapping with receivers and exporters");
        continue;
      }
      String where = "pipeline '" + id + "'";
      Node receivers = Yaml.get(p.value(), "receivers");
      Node processors = Yaml.get(p.value(), "processors");
      Node exporters = Yaml.get(p.value(), "exporters");
      if (receivers == null || Yaml.items(receivers).isEmpty()) {
        problems.add(
            receivers == null ? p.keyNode() : receivers, where + " needs at least one receiver");
      }
      if (exporters == null || Yaml.items(exporters).isEmpty()) {
        problems.add(
            exporters == null ? p.keyNode() : exporters, where + " needs at least one exporter");
      }
      if (receivers != null) {
        checkReferences(
            where + " receivers",
            receivers,
            List.of("receivers", "connectors"),
            sections,
            problems,
            (name, node) -> {
              if (sections.getOrDefault("connectors", Map.of()).containsKey(name)) {
                connectorAsReceiver.add(name);
              }
            });
      }
      if (processors != null && !Yaml.isNull(processors)) {
        checkReferences(
            where + " processors", processors, List.of("processors"), sections, problems, null);
      }
      if (exporters != null) {
        checkReferences(
            where + " exporters",
            exporters,
            List.of("exporters", "connectors"),
            sections,
            problems,
            (name, node) -> {
              if (sections.getOrDefault("connectors", Map.of()).containsKey(name)) {
                connectorAsExporter.putIfAbsent(name, node);
              }
            });
      }
      for (Yaml.Entry field : Yaml.entries((MappingNode) p.value())) {
        if (!Set.of("receivers", "processors", "exporters").contains(field.key())) {
          problems.add(field.keyNode(), where + " has unknown key '" + field.key() + "'");
        }
      }
    }
    for (Map.Entry<String, Node> c : connectorAsExporter.entrySet()) {
      if (!connectorAsReceiver.contains(c.getKey())) {
        problems.add(
            c.getValue(),
            "connector '"
                + c.getKey()
                + "' is used as an exporter but in no pipeline as a receiver");
      }
    }
  }

  private interface Use {
    void accept(String name, Node node);
  }

  private static void checkReferences(
      String where,
      Node list,
      List<String> definedIn,
      Map<String, Map<String, Node>> sections,
      Problems problems,
      @Nullable Use use) {
    if (!(list instanceof SequenceNode seq)) {
      problems.add(list, where + " must be a list of component ids");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Node item : seq.getValue()) {
      if (!(item instanceof ScalarNode s)) {
        problems.add(item, where + ": expected a component id");
        continue;
      }
      String name = s.getValue();
      if (!seen.add(name)) {
        problems.add(item, where + ": '" + name + "' is listed twice");
        continue;
      }
      boolean defined = false;
      for (String section : definedIn) {
        defined |= sections.getOrDefault(section, Map.of()).containsKey(name);
      }
      if (!defined) {
        problems.add(
            item,
            where
                + " references '"
                + name
                + "', which is not defined in "
                + String.join(" or ", definedIn));
      } else if (use != null) {
        use.accept(name, item);
      }
    }
  }

  private static final class Problems {
    final List<ValidationProblem> list = new ArrayList<>();

    void add(Node at, String reason) {
      if (list.size() < MAX_PROBLEMS) {
        Yaml.Position p = Yaml.position(at);
        list.add(new ValidationProblem(p.line(), p.column(), reason));
      }
    }
  }
}
