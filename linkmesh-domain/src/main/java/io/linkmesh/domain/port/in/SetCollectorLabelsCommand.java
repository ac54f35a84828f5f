package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.fleet.Attributes;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.Map;

/** The complete new set of labels. */
public record SetCollectorLabelsCommand(Actor actor, CollectorId id, Map<String, String> labels) {
  public SetCollectorLabelsCommand {
    requireNonNull(actor, "actor");
    requireNonNull(id, "id");
    labels = Attributes.checkedLabels(requireNonNull(labels, "labels"));
  }
}
