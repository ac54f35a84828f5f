package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.DesiredConfig;
import io.linkmesh.domain.config.ValidationProblem;
import io.linkmesh.domain.config.ValidationResult;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.port.in.Configs;
import io.linkmesh.domain.port.in.DeleteConfigCommand;
import io.linkmesh.domain.port.in.DeleteConfigOutcome;
import io.linkmesh.domain.port.in.PutConfigCommand;
import io.linkmesh.domain.port.in.PutConfigOutcome;
import io.linkmesh.domain.port.in.RestoreOutcome;
import io.linkmesh.domain.port.in.RestoreRevisionCommand;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.HistoryPage;
import io.linkmesh.domain.revision.Revision;
import io.linkmesh.domain.revision.RevisionDiff;
import io.linkmesh.domain.revision.RevisionId;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Configs and their history: validate, commit, list, diff, restore. */
public final class ConfigService implements Configs {
  private final DesiredStateKeeper state;
  private final Auditor auditor;
  private final Map<CollectorRuntime, ConfigValidator> validators;

  public ConfigService(
      DesiredStateKeeper state, Auditor auditor, List<ConfigValidator> validators) {
    this.state = state;
    this.auditor = auditor;
    this.validators = new EnumMap<>(CollectorRuntime.class);
    for (ConfigValidator validator : validators) {
      this.validators.put(validator.runtime(), validator);
    }
  }

  @Override
  public PutConfigOutcome put(PutConfigCommand command) {
    ConfigSpec spec = command.spec();
    List<ValidationProblem> problems = validate(spec);
    if (!problems.isEmpty()) {
      return new PutConfigOutcome.Invalid(problems);
    }
    PutConfigOutcome outcome =
        state.write(
            head -> {
              ConfigSpec current = state.configs().byName().get(spec.name());
              if (spec.equals(current) && head != null) {
                return StateWrite.<PutConfigOutcome>nothing(
                    () -> new PutConfigOutcome.Unchanged(spec, head));
              }
              if (command.ifMatch() != null && state.store().find(command.ifMatch()).isEmpty()) {
                RevisionId now = Objects.requireNonNull(head == null ? command.ifMatch() : head);
                return StateWrite.<PutConfigOutcome>nothing(
                    () -> new PutConfigOutcome.Conflict(now));
              }
              String message =
                  command.message() != null
                      ? command.message()
                      : (current == null ? "Create" : "Update")
                          + " "
                          + spec.runtime().wireName()
                          + " config "
                          + spec.name();
              return StateWrite.<PutConfigOutcome>of(
                      Change.put(StatePaths.config(spec.name()), StateCodec.encode(spec)))
                  .base(command.ifMatch())
                  .author(command.actor().name())
                  .message(message)
                  .whenCommitted(revision -> new PutConfigOutcome.Published(spec, revision))
                  .whenConflicted(PutConfigOutcome.Conflict::new)
                  .whenUnchanged(
                      () -> new PutConfigOutcome.Unchanged(spec, Objects.requireNonNull(head)));
            });
    if (outcome instanceof PutConfigOutcome.Published published) {
      auditor.record(
          command.actor(),
          AuditAction.CONFIG_PUT,
          spec.name().value(),
          "ok",
          "revision " + published.revision().id());
    }
    return outcome;
  }

  /**
   * The runtime's validator on the body, and for Alloy also the combined documents the new config
   * would take part in for the collectors known now (component labels must stay unique across
   * configs).
   */
  private List<ValidationProblem> validate(ConfigSpec spec) {
    ConfigValidator validator = validators.get(spec.runtime());
    if (validator == null) {
      return List.of();
    }
    ValidationResult result = validator.validate(spec.content());
    if (result instanceof ValidationResult.Invalid invalid) {
      return invalid.problems();
    }
    if (spec.runtime() != CollectorRuntime.ALLOY) {
      return List.of();
    }
    Map<String, ConfigSpec> proposed = new HashMap<>();
    state.configs().byName().forEach((name, s) -> proposed.put(name.value(), s));
    proposed.put(spec.name().value(), spec);
    Map<io.linkmesh.domain.config.ConfigName, ConfigSpec> byName = new TreeMap<>();
    proposed.values().forEach(s -> byName.put(s.name(), s));
    ConfigSet trial = ConfigSet.EMPTY.next(byName);
    Map<List<io.linkmesh.domain.config.ConfigName>, DesiredConfig> combinations =
        new LinkedHashMap<>();
    for (CollectorRecord record : state.collectors()) {
      if (record.runtime() != CollectorRuntime.ALLOY) {
        continue;
      }
      Map<String, String> selectable = new TreeMap<>(record.attributes());
      selectable.putAll(record.labels());
      DesiredConfig desired = trial.desiredFor(CollectorRuntime.ALLOY, selectable);
      if (desired != null
          && desired.sources().size() > 1
          && desired.sources().contains(spec.name())) {
        combinations.putIfAbsent(desired.sources(), desired);
      }
    }
    for (DesiredConfig combined : combinations.values()) {
      ValidationResult check = validator.validate(combined.document());
      if (check instanceof ValidationResult.Invalid invalid) {
        List<ValidationProblem> out = new ArrayList<>();
        for (ValidationProblem p : invalid.problems()) {
          out.add(
              ValidationProblem.general(
                  "combined with "
                      + combined.sources()
                      + " for a matching collector: "
                      + p.message()));
        }
        return out;
      }
    }
    return List.of();
  }

  @Override
  public DeleteConfigOutcome delete(DeleteConfigCommand command) {
    DeleteConfigOutcome outcome =
        state.write(
            head -> {
              if (!state.configs().byName().containsKey(command.name())) {
                return StateWrite.<DeleteConfigOutcome>nothing(DeleteConfigOutcome.NotFound::new);
              }
              if (command.ifMatch() != null && state.store().find(command.ifMatch()).isEmpty()) {
                RevisionId now = Objects.requireNonNull(head);
                return StateWrite.<DeleteConfigOutcome>nothing(
                    () -> new DeleteConfigOutcome.Conflict(now));
              }
              return StateWrite.<DeleteConfigOutcome>of(
                      Change.delete(StatePaths.config(command.name())))
                  .base(command.ifMatch())
                  .author(command.actor().name())
                  .message(
                      command.message() != null
                          ? command.message()
                          : "Delete config " + command.name())
                  .whenCommitted(DeleteConfigOutcome.Deleted::new)
                  .whenConflicted(DeleteConfigOutcome.Conflict::new)
                  .whenUnchanged(DeleteConfigOutcome.NotFound::new);
            });
    if (outcome instanceof DeleteConfigOutcome.Deleted deleted) {
      auditor.record(
          command.actor(),
          AuditAction.CONFIG_DELETE,
          command.name().value(),
          "ok",
          "revision " + deleted.revision().id());
    }
    return outcome;
  }

  @Override
  public List<ConfigSpec> configs() {
    return List.copyOf(state.configs().byName().values());
  }

  @Override
  public Optional<ConfigSpec> config(ConfigName name) {
    return Optional.ofNullable(state.configs().byName().get(name));
  }

  @Override
  public Optional<Revision> head() {
    return state.head();
  }

  @Override
  public HistoryPage history(@Nullable RevisionId from, int limit) {
    if (limit < 1 || limit > HistoryPage.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + HistoryPage.MAX_LIMIT + ": " + limit);
    }
    return state.store().history(from, limit);
  }

  @Override
  public Optional<Revision> revision(RevisionId id) {
    return state.store().find(id);
  }

  @Override
  public Optional<RevisionDiff> diff(RevisionId id, @Nullable RevisionId against) {
    Optional<Revision> revision = state.store().find(id);
    if (revision.isEmpty()) {
      return Optional.empty();
    }
    RevisionId from = against != null ? against : revision.get().parent();
    Map<String, String> after = state.store().snapshot(id).orElse(Map.of());
    Map<String, String> before = Map.of();
    if (from != null) {
      Optional<Map<String, String>> older = state.store().snapshot(from);
      if (older.isEmpty()) {
        return Optional.empty();
      }
      before = older.get();
    }
    List<RevisionDiff.Entry> entries = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    for (String path : paths) {
      String b = before.get(path);
      String a = after.get(path);
      if (b == null) {
        entries.add(new RevisionDiff.Entry(path, RevisionDiff.Kind.ADDED, null, a));
      } else if (a == null) {
        entries.add(new RevisionDiff.Entry(path, RevisionDiff.Kind.REMOVED, b, null));
      } else if (!a.equals(b)) {
        entries.add(new RevisionDiff.Entry(path, RevisionDiff.Kind.MODIFIED, b, a));
      }
    }
    return Optional.of(new RevisionDiff(from, id, entries));
  }

  @Override
  public Optional<Map<String, String>> configsAt(RevisionId id) {
    return state.store().snapshot(id).map(ConfigService::configDocuments);
  }

  private static Map<String, String> configDocuments(Map<String, String> snapshot) {
    Map<String, String> out = new TreeMap<>();
    snapshot.forEach(
        (path, text) -> {
          if (path.startsWith(StatePaths.CONFIGS)) {
            out.put(path, text);
          }
        });
    return out;
  }

  @Override
  public RestoreOutcome restore(RestoreRevisionCommand command) {
    Optional<Map<String, String>> old = configsAt(command.revision());
    if (old.isEmpty()) {
      return new RestoreOutcome.NotFound();
    }
    RestoreOutcome outcome =
        state.write(
            head -> {
              Map<String, String> current = new TreeMap<>();
              state
                  .configs()
                  .byName()
                  .values()
                  .forEach(s -> current.put(StatePaths.config(s.name()), StateCodec.encode(s)));
              List<Change> changes = new ArrayList<>();
              old.get()
                  .forEach(
                      (path, text) -> {
                        if (!text.equals(current.get(path))) {
                          changes.add(Change.put(path, text));
                        }
                      });
              current.keySet().stream()
                  .filter(path -> !old.get().containsKey(path))
                  .forEach(path -> changes.add(Change.delete(path)));
              if (command.ifMatch() != null && !command.ifMatch().equals(head)) {
                RevisionId now = Objects.requireNonNull(head);
                return StateWrite.<RestoreOutcome>nothing(() -> new RestoreOutcome.Conflict(now));
              }
              return StateWrite.<RestoreOutcome>of(changes)
                  .author(command.actor().name())
                  .message("Restore configs of revision " + command.revision())
                  .whenCommitted(RestoreOutcome.Restored::new)
                  .whenConflicted(RestoreOutcome.Conflict::new)
                  .whenUnchanged(() -> new RestoreOutcome.Unchanged(Objects.requireNonNull(head)));
            });
    if (outcome instanceof RestoreOutcome.Restored restored) {
      auditor.record(
          command.actor(),
          AuditAction.REVISION_RESTORE,
          command.revision().value(),
          "ok",
          "as revision " + restored.revision().id());
    }
    return outcome;
  }
}
