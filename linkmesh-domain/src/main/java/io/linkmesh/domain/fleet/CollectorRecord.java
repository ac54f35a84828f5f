package io.linkmesh.domain.fleet;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.enrollment.SecretHash;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the desired state remembers of a registered collector: identity, runtime, the attributes it
 * reported when it registered (cut to fit {@link AttributeLimits#COLLECTOR}), the operator's
 * labels, how it enrolled and its credential.
 *
 * @param enrolledWith the enrollment token id that registered it
 * @param credentialId id of its own collector credential, when one was issued
 * @param credentialHash hash of that credential's secret
 * @param deregisteredAt when an operator deregistered it; such a record is a tombstone that holds
 *     no credential and only lets the server answer "deregistered" (401) to a collector that comes
 *     back with its old enrollment token
 */
public record CollectorRecord(
    CollectorId id,
    CollectorRuntime runtime,
    @Nullable String name,
    Map<String, String> attributes,
    Map<String, String> labels,
    Instant registeredAt,
    @Nullable String enrolledWith,
    @Nullable String credentialId,
    @Nullable SecretHash credentialHash,
    @Nullable Instant deregisteredAt) {

  public static final int MAX_NAME = 256;

  public CollectorRecord {
    requireNonNull(id, "id");
    requireNonNull(runtime, "runtime");
    requireNonNull(registeredAt, "registeredAt");
    if (name != null && name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
    // Cut, not refused: a record stored before the limits were tightened must still load.
    attributes = AttributeLimits.COLLECTOR.bound(requireNonNull(attributes, "attributes"));
    labels = Attributes.checkedLabels(requireNonNull(labels, "labels"));
    if ((credentialId == null) != (credentialHash == null)) {
      throw new IllegalArgumentException("credential id and hash go together");
    }
    if (deregisteredAt != null && credentialId != null) {
      throw new IllegalArgumentException("a deregistered collector keeps no credential");
    }
  }

  public boolean deregistered() {
    return deregisteredAt != null;
  }

  /** The tombstone left when an operator deregisters it: no credential, no labels. */
  public CollectorRecord asDeregistered(Instant when) {
    return new CollectorRecord(
        id, runtime, name, attributes, Map.of(), registeredAt, enrolledWith, null, null, when);
  }

  public CollectorRecord withLabels(Map<String, String> newLabels) {
    return new CollectorRecord(
        id,
        runtime,
        name,
        attributes,
        newLabels,
        registeredAt,
        enrolledWith,
        credentialId,
        credentialHash,
        deregisteredAt);
  }

  public CollectorRecord withCredential(String newCredentialId, SecretHash newHash) {
    return new CollectorRecord(
        id,
        runtime,
        name,
        attributes,
        labels,
        registeredAt,
        enrolledWith,
        newCredentialId,
        newHash,
        null);
  }

  public CollectorRecord withIdentity(@Nullable String newName, Map<String, String> newAttributes) {
    return new CollectorRecord(
        id,
        runtime,
        newName,
        newAttributes,
        labels,
        registeredAt,
        enrolledWith,
        credentialId,
        credentialHash,
        deregisteredAt);
  }
}
