package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.internal.RegistrationBatcher.Registration;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectCollectorCommand.CredentialRequest;
import io.linkmesh.domain.port.in.Refusal;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The way back for a collector whose enrollment token was revoked while it had no credential of its
 * own (Alloy, OpAMP agents that cannot take connection settings): it is refused until it presents a
 * new token, which then becomes its token (counting one use). A collector that holds a credential
 * is never taken over by a token, so a token holder cannot act as a collector whose id it knows;
 * one that lost its credential is deregistered by an operator and enrolls again with a new token.
 */
final class Reenrollment {
  static final String HOLDS_CREDENTIAL =
      "the collector holds a credential of its own, so its enrollment token no longer"
          + " authenticates it; if it lost the credential, deregister it"
          + " (DELETE /api/v1/collectors/{id}) and enroll it again with a new token";

  private final DesiredStateKeeper state;
  private final SecretGenerator secrets;
  private final Auditor auditor;

  Reenrollment(DesiredStateKeeper state, SecretGenerator secrets, Auditor auditor) {
    this.state = state;
    this.secrets = secrets;
    this.auditor = auditor;
  }

  /**
   * Binds {@code existing}, which {@code enrollment} does not authenticate, to that token if it was
   * cut off by a revocation; refuses otherwise.
   */
  Registration reenroll(
      CollectorRecord existing,
      ConnectCollectorCommand command,
      CollectorAuthentication.Enrollment enrollment) {
    Optional<EnrollmentToken> token = state.enrollmentToken(enrollment.tokenId());
    if (token.isEmpty() || !enrollment.acceptsNew() || !cutOff(existing)) {
      return refusal(existing, enrollment.tokenId());
    }
    @Nullable TokenParts parts =
        command.credential() == CredentialRequest.NONE
            ? null
            : new TokenParts(TokenKind.COLLECTOR_CREDENTIAL, secrets.newId(), secrets.newSecret());
    Registration answer =
        state.write(
            head -> {
              Optional<CollectorRecord> current = state.collector(existing.id());
              Optional<EnrollmentToken> now = state.enrollmentToken(enrollment.tokenId());
              if (current.isEmpty()
                  || now.isEmpty()
                  || !cutOff(current.get())
                  || !now.get().acceptsNewCollector(state.clock().instant())) {
                return StateWrite.<Registration>nothing(
                    () -> refusal(existing, enrollment.tokenId()));
              }
              CollectorRecord rebound = rebound(current.get(), now.get(), parts);
              return StateWrite.<Registration>of(
                      List.of(
                          Change.put(
                              StatePaths.collector(existing.id()), StateCodec.encode(rebound)),
                          Change.put(
                              StatePaths.enrollmentToken(now.get().id()),
                              StateCodec.encode(now.get().withOneMoreUse()))))
                  .author("collector:" + existing.id())
                  .message("Re-enroll collector " + existing.id() + " with token " + now.get().id())
                  .whenCommitted(
                      r ->
                          new Registration.Registered(
                              rebound, parts == null ? null : parts.token()))
                  .whenConflicted(
                      h ->
                          Registration.turned(
                              Refusal.UNAVAILABLE,
                              "enrollment token was used concurrently; try again"))
                  .whenUnchanged(() -> refusal(existing, enrollment.tokenId()));
            });
    if (answer instanceof Registration.Registered) {
      auditor.record(
          new Actor("collector:" + existing.id(), command.address()),
          AuditAction.COLLECTOR_ENROLL,
          existing.id().value(),
          "ok",
          "re-enrolled with token "
              + enrollment.tokenId()
              + " after its token "
              + existing.enrolledWith()
              + " was revoked");
    }
    return answer;
  }

  /** Whether its only secret was a token that is now revoked (or gone). */
  private boolean cutOff(CollectorRecord record) {
    String old = record.enrolledWith();
    return record.credentialId() == null
        && (old == null || state.enrollmentToken(old).map(EnrollmentToken::revoked).orElse(true));
  }

  private static CollectorRecord rebound(
      CollectorRecord record, EnrollmentToken token, @Nullable TokenParts credential) {
    Map<String, String> labels = new TreeMap<>(record.labels());
    labels.putAll(token.labels());
    return new CollectorRecord(
        record.id(),
        record.runtime(),
        record.name(),
        record.attributes(),
        labels,
        record.registeredAt(),
        token.id(),
        credential == null ? null : credential.id(),
        credential == null ? null : credential.hash(),
        null);
  }

  private Registration refusal(CollectorRecord existing, String tokenId) {
    if (tokenId.equals(existing.enrolledWith()) && existing.credentialId() != null) {
      return Registration.turned(Refusal.UNAUTHENTICATED, HOLDS_CREDENTIAL);
    }
    return Registration.turned(
        Refusal.WRONG_COLLECTOR,
        "collector " + existing.id() + " is registered with another credential");
  }
}
