package io.linkmesh.domain.internal;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.audit.AuditAction;
import io.linkmesh.domain.audit.AuditPage;
import io.linkmesh.domain.audit.AuditQuery;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.enrollment.SecretHash;
import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import io.linkmesh.domain.port.in.AuthenticateOperatorCommand;
import io.linkmesh.domain.port.in.MintApiTokenCommand;
import io.linkmesh.domain.port.in.MintedApiToken;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import io.linkmesh.domain.port.in.Operators;
import io.linkmesh.domain.port.in.RevokeApiTokenCommand;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.StateCodec;
import io.linkmesh.domain.revision.StatePaths;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Operators: the admin token, API tokens with roles, and the audit log they read. */
public final class OperatorService implements Operators {
  /** Failed logins audited per address per minute; more are counted, not written. */
  static final int FAILED_LOGINS_AUDITED_PER_MINUTE = 20;

  private final DesiredStateKeeper state;
  private final SecretGenerator secrets;
  private final Auditor auditor;
  private final @Nullable SecretHash adminHash;
  private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
  private final Map<String, long[]> failedLogins = new ConcurrentHashMap<>();

  public OperatorService(
      DesiredStateKeeper state,
      SecretGenerator secrets,
      Auditor auditor,
      @Nullable SecretHash adminHash) {
    this.state = state;
    this.secrets = secrets;
    this.auditor = auditor;
    this.adminHash = adminHash;
  }

  @Override
  public OperatorAuthentication authenticate(AuthenticateOperatorCommand command) {
    String secret = command.secret();
    if (adminHash != null && adminHash.matches(secret)) {
      lastUsed.put("admin", state.clock().instant());
      return new OperatorAuthentication.Operator("admin", Role.ADMIN, "admin");
    }
    Optional<TokenParts> parts = TokenParts.parse(secret).filter(p -> p.kind() == TokenKind.API);
    if (parts.isPresent()) {
      Optional<ApiToken> token = state.apiToken(parts.get().id());
      Instant now = state.clock().instant();
      if (token.isPresent() && token.get().hash().matches(parts.get().secret())) {
        if (token.get().expired(now)) {
          return refuse(command, "API token " + token.get().id() + " has expired");
        }
        lastUsed.put(token.get().id(), now);
        return new OperatorAuthentication.Operator(
            token.get().name(), token.get().role(), token.get().id());
      }
    }
    return refuse(command, "unknown API token");
  }

  private OperatorAuthentication refuse(AuthenticateOperatorCommand command, String why) {
    long minute = state.clock().instant().getEpochSecond() / 60;
    long[] window = failedLogins.computeIfAbsent(command.address(), a -> new long[2]);
    boolean audit;
    synchronized (window) {
      if (window[0] != minute) {
        window[0] = minute;
        window[1] = 0;
      }
      audit = ++window[1] <= FAILED_LOGINS_AUDITED_PER_MINUTE;
    }
    if (failedLogins.size() > 10_000) {
      failedLogins.clear();
    }
    if (audit) {
      auditor.record(
          new Actor("anonymous", command.address()),
          AuditAction.LOGIN_FAILED,
          "api",
          "denied",
          why);
    }
    return new OperatorAuthentication.Refused(why);
  }

  @Override
  public MintedApiToken mint(MintApiTokenCommand command) {
    TokenParts parts = new TokenParts(TokenKind.API, secrets.newId(), secrets.newSecret());
    Instant now = state.clock().instant();
    ApiToken token =
        new ApiToken(
            parts.id(),
            command.name(),
            command.role(),
            parts.hash(),
            now,
            command.ttl() == null ? null : now.plus(command.ttl()),
            command.actor().name());
    MintedApiToken minted =
        state.write(
            head ->
                StateWrite.<MintedApiToken>of(
                        Change.put(StatePaths.apiToken(token.id()), StateCodec.encode(token)))
                    .author(command.actor().name())
                    .message("Mint API token " + token.id() + " (" + token.role().wireName() + ")")
                    .whenCommitted(revision -> new MintedApiToken(token, parts.token()))
                    .whenConflicted(
                        h -> {
                          throw new IllegalStateException("a new token id collided: " + token.id());
                        }));
    auditor.record(
        command.actor(),
        AuditAction.API_TOKEN_MINT,
        token.id(),
        "ok",
        "name " + token.name() + ", role " + token.role().wireName());
    return minted;
  }

  @Override
  public boolean revoke(RevokeApiTokenCommand command) {
    boolean revoked =
        state.write(
            head -> {
              if (state.apiToken(command.tokenId()).isEmpty()) {
                return StateWrite.<Boolean>nothing(() -> false);
              }
              return StateWrite.<Boolean>of(Change.delete(StatePaths.apiToken(command.tokenId())))
                  .author(command.actor().name())
                  .message("Revoke API token " + command.tokenId())
                  .whenCommitted(r -> true)
                  .otherwise(() -> false);
            });
    if (revoked) {
      lastUsed.remove(command.tokenId());
      auditor.record(command.actor(), AuditAction.API_TOKEN_REVOKE, command.tokenId(), "ok", "");
    }
    return revoked;
  }

  @Override
  public List<ApiToken> apiTokens() {
    return state.apiTokens().stream().sorted(Comparator.comparing(ApiToken::createdAt)).toList();
  }

  @Override
  public Optional<Instant> lastUsed(String tokenId) {
    return Optional.ofNullable(lastUsed.get(tokenId));
  }

  @Override
  public AuditPage audit(AuditQuery query) {
    return auditor.log().query(query);
  }
}
