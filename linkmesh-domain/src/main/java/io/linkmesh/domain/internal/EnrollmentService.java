package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.EnrollmentTokens;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.port.in.MintedEnrollmentToken;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenCommand;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Enrollment tokens: minted by operators, redeemed by collectors (see {@link FleetService}). */
public final class EnrollmentService implements EnrollmentTokens {
  private final DesiredStateKeeper state;
  private final SecretGenerator secrets;
  private final Auditor auditor;

  public EnrollmentService(DesiredStateKeeper state, SecretGenerator secrets, Auditor auditor) {
    this.state = state;
    this.secrets = secrets;
    this.auditor = auditor;
  }

  @Override
  public MintedEnrollmentToken mint(MintEnrollmentTokenCommand command) {
    TokenParts parts = new TokenParts(TokenKind.ENROLLMENT, secrets.newId(), secrets.newSecret());
    Instant now = state.clock().instant();
    Duration ttl = Objects.requireNonNullElse(command.ttl(), EnrollmentToken.DEFAULT_TTL);
    EnrollmentToken token =
        new EnrollmentToken(
            parts.id(),
            parts.hash(),
            now,
            now.plus(ttl),
            Objects.requireNonNullElse(command.maxUses(), 1),
            0,
            command.labels(),
            command.actor().name(),
            false);
    MintedEnrollmentToken minted =
        state.write(
            head ->
                StateWrite.<MintedEnrollmentToken>of(
                        Change.put(
                            StatePaths.enrollmentToken(token.id()), StateCodec.encode(token)))
                    .author(command.actor().name())
                    .message("Mint enrollment token " + token.id())
                    .whenCommitted(
                        revision -> new MintedEnrollmentToken(token, parts.token(), revision.id()))
                    .whenConflicted(
                        conflictHead -> {
                          throw new IllegalStateException("a new token id collided: " + token.id());
                        }));
    auditor.record(
        command.actor(),
        AuditAction.ENROLLMENT_TOKEN_MINT,
        token.id(),
        "ok",
        "ttl " + ttl.toSeconds() + "s, max uses " + token.maxUses() + ", labels " + token.labels());
    return minted;
  }

  @Override
  public boolean revoke(RevokeEnrollmentTokenCommand command) {
    boolean revoked =
        state.write(
            head -> {
              Optional<EnrollmentToken> token = state.enrollmentToken(command.tokenId());
              if (token.isEmpty() || token.get().revoked()) {
                return StateWrite.<Boolean>nothing(() -> token.isPresent());
              }
              return StateWrite.<Boolean>of(
                      Change.put(
                          StatePaths.enrollmentToken(command.tokenId()),
                          StateCodec.encode(token.get().asRevoked())))
                  .author(command.actor().name())
                  .message("Revoke enrollment token " + command.tokenId())
                  .whenCommitted(r -> true)
                  .otherwise(() -> false);
            });
    if (revoked) {
      auditor.record(
          command.actor(), AuditAction.ENROLLMENT_TOKEN_REVOKE, command.tokenId(), "ok", "");
    }
    return revoked || state.enrollmentToken(command.tokenId()).isPresent();
  }

  @Override
  public boolean canEnrollNewCollector(String presentedToken) {
    Optional<TokenParts> parts =
        TokenParts.parse(Objects.requireNonNull(presentedToken, "presentedToken"))
            .filter(p -> p.kind() == TokenKind.ENROLLMENT);
    if (parts.isEmpty()) {
      return false;
    }
    Optional<EnrollmentToken> token = state.enrollmentToken(parts.get().id());
    return token.isPresent()
        && token.get().hash().matches(parts.get().secret())
        && token.get().acceptsNewCollector(state.clock().instant());
  }

  @Override
  public List<EnrollmentToken> enrollmentTokens() {
    return state.enrollmentTokens().stream()
        .sorted(Comparator.comparing(EnrollmentToken::createdAt).reversed())
        .toList();
  }

  @Override
  public Optional<EnrollmentToken> enrollmentToken(String id) {
    return state.enrollmentToken(id);
  }

  @Override
  public List<CollectorId> dependents(String tokenId) {
    return state.tokenDependents(tokenId).stream().sorted().toList();
  }
}
