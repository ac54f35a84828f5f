package io.linkmesh.domain.revision;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.config.Selector;
import io.linkmesh.domain.enrollment.ApiToken;
import io.linkmesh.domain.enrollment.EnrollmentToken;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.enrollment.SecretHash;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRecord;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns records into {@link StateDocument} text and back. Every store persists exactly these texts
 * under {@link StatePaths} paths, so all stores share one documented format.
 */
public final class StateCodec {
  static final String CONFIG = "config/v1";
  static final String COLLECTOR = "collector/v1";
  static final String ENROLLMENT_TOKEN = "enrollment-token/v1";
  static final String API_TOKEN = "api-token/v1";

  private StateCodec() {}

  /** What {@link #redactSecrets} puts in place of a secret's verifier. */
  public static final String REDACTED = "[redacted]";

  /** The fields below that hold a secret's verifier: they must never be shown. */
  private static final String SECRET_SHA256 = "secret-sha256";

  private static final String CREDENTIAL_SHA256 = "credential-sha256";
  private static final List<String> SECRET_FIELDS = List.of(SECRET_SHA256, CREDENTIAL_SHA256);

  /**
   * The document with the value of every secret verifier field (the SHA-256 of an enrollment token,
   * an API token or a collector credential) replaced by {@link #REDACTED}. Nobody needs them in a
   * history or diff view, and each would let a stolen view check guesses offline. Only header lines
   * (before the first empty line) are touched, so a config body is shown as it is, and a document
   * that does not parse (written by hand into the Git store) is redacted too.
   */
  public static String redactSecrets(String document) {
    StringBuilder out = new StringBuilder(document.length());
    int pos = 0;
    boolean header = true;
    while (pos < document.length()) {
      int eol = document.indexOf('\n', pos);
      int end = eol < 0 ? document.length() : eol + 1;
      String line = document.substring(pos, end);
      if (header && (line.equals("\n") || line.equals("\r\n"))) {
        header = false;
      }
      String redacted = line;
      if (header) {
        for (String field : SECRET_FIELDS) {
          if (line.startsWith(field + ":")) {
            redacted = field + ": " + REDACTED + (eol < 0 ? "" : "\n");
          }
        }
      }
      out.append(redacted);
      pos = end;
    }
    return out.toString();
  }

  public static String encode(ConfigSpec spec) {
    return StateDocument.builder(CONFIG)
        .field("name", spec.name().value())
        .field("runtime", spec.runtime().wireName())
        .map("selector", spec.selector().matchers())
        .body(spec.content())
        .render();
  }

  public static String encode(CollectorRecord record) {
    return StateDocument.builder(COLLECTOR)
        .field("id", record.id().value())
        .field("runtime", record.runtime().wireName())
        .fieldIfPresent("name", record.name())
        .field("registered-at", record.registeredAt().toString())
        .fieldIfPresent("enrolled-with", record.enrolledWith())
        .fieldIfPresent("credential-id", record.credentialId())
        .fieldIfPresent(
            CREDENTIAL_SHA256,
            record.credentialHash() == null ? null : record.credentialHash().hex())
        .fieldIfPresent(
            "deregistered-at",
            record.deregisteredAt() == null ? null : record.deregisteredAt().toString())
        .map("label", record.labels())
        .map("attribute", record.attributes())
        .render();
  }

  public static String encode(EnrollmentToken token) {
    return StateDocument.builder(ENROLLMENT_TOKEN)
        .field("id", token.id())
        .field(SECRET_SHA256, token.hash().hex())
        .field("created-at", token.createdAt().toString())
        .field("expires-at", token.expiresAt().toString())
        .field("max-uses", Integer.toString(token.maxUses()))
        .field("uses", Integer.toString(token.uses()))
        .field("created-by", token.createdBy())
        .field("revoked", Boolean.toString(token.revoked()))
        .map("label", token.labels())
        .render();
  }

  public static String encode(ApiToken token) {
    return StateDocument.builder(API_TOKEN)
        .field("id", token.id())
        .field("name", token.name())
        .field("role", token.role().wireName())
        .field(SECRET_SHA256, token.hash().hex())
        .field("created-at", token.createdAt().toString())
        .fieldIfPresent(
            "expires-at", token.expiresAt() == null ? null : token.expiresAt().toString())
        .field("created-by", token.createdBy())
        .render();
  }

  /**
   * Decodes a whole snapshot, in the current {@link StateFormat} or an older one.
   *
   * @throws NewerStateFormatException when the snapshot is in a format newer than this server's
   * @throws InvalidStateException naming the first document that is not a valid record
   */
  public static DesiredState decode(Map<String, String> snapshot) {
    Map<ConfigName, ConfigSpec> configs = new HashMap<>();
    Map<CollectorId, CollectorRecord> collectors = new HashMap<>();
    Map<String, EnrollmentToken> enrollmentTokens = new HashMap<>();
    Map<String, ApiToken> apiTokens = new HashMap<>();
    for (Map.Entry<String, String> e : StateFormat.current(snapshot).entrySet()) {
      String path = e.getKey();
      try {
        if (path.equals(StatePaths.FORMAT)) {
          continue;
        } else if (path.startsWith(StatePaths.CONFIGS)) {
          ConfigSpec spec = decodeConfig(e.getValue());
          requireLeaf(path, spec.name().value());
          configs.put(spec.name(), spec);
        } else if (path.startsWith(StatePaths.COLLECTORS)) {
          CollectorRecord record = decodeCollector(e.getValue());
          requireLeaf(path, record.id().value());
          collectors.put(record.id(), record);
        } else if (path.startsWith(StatePaths.ENROLLMENT_TOKENS)) {
          EnrollmentToken token = decodeEnrollmentToken(e.getValue());
          requireLeaf(path, token.id());
          enrollmentTokens.put(token.id(), token);
        } else if (path.startsWith(StatePaths.API_TOKENS)) {
          ApiToken token = decodeApiToken(e.getValue());
          requireLeaf(path, token.id());
          apiTokens.put(token.id(), token);
        } else {
          throw new InvalidStateException("unknown kind of path");
        }
      } catch (InvalidStateException ex) {
        throw ex.at(path);
      } catch (IllegalArgumentException ex) {
        throw new InvalidStateException(path + ": " + ex.getMessage(), ex);
      }
    }
    return new DesiredState(configs, collectors, enrollmentTokens, apiTokens);
  }

  public static ConfigSpec decodeConfig(String text) {
    StateDocument doc = expect(text, CONFIG);
    String body = doc.body();
    if (body == null) {
      throw new InvalidStateException("a config document has a body after an empty line");
    }
    return new ConfigSpec(
        ConfigName.of(doc.required("name")),
        runtime(doc.required("runtime")),
        Selector.of(doc.map("selector")),
        body);
  }

  public static CollectorRecord decodeCollector(String text) {
    StateDocument doc = expect(text, COLLECTOR);
    String hash = doc.optional(CREDENTIAL_SHA256);
    return new CollectorRecord(
        CollectorId.of(doc.required("id")),
        runtime(doc.required("runtime")),
        doc.optional("name"),
        doc.map("attribute"),
        doc.map("label"),
        instant(doc.required("registered-at")),
        doc.optional("enrolled-with"),
        doc.optional("credential-id"),
        hash == null ? null : new SecretHash(hash),
        doc.optional("deregistered-at") == null ? null : instant(doc.required("deregistered-at")));
  }

  public static EnrollmentToken decodeEnrollmentToken(String text) {
    StateDocument doc = expect(text, ENROLLMENT_TOKEN);
    return new EnrollmentToken(
        doc.required("id"),
        new SecretHash(doc.required(SECRET_SHA256)),
        instant(doc.required("created-at")),
        instant(doc.required("expires-at")),
        integer(doc.required("max-uses")),
        integer(doc.required("uses")),
        doc.map("label"),
        doc.required("created-by"),
        bool(doc.required("revoked")));
  }

  public static ApiToken decodeApiToken(String text) {
    StateDocument doc = expect(text, API_TOKEN);
    String expires = doc.optional("expires-at");
    return new ApiToken(
        doc.required("id"),
        doc.required("name"),
        Role.parse(doc.required("role"))
            .orElseThrow(() -> new InvalidStateException("unknown role " + doc.optional("role"))),
        new SecretHash(doc.required(SECRET_SHA256)),
        instant(doc.required("created-at")),
        expires == null ? null : instant(expires),
        doc.required("created-by"));
  }

  private static StateDocument expect(String text, String kind) {
    StateDocument doc = StateDocument.parse(text);
    if (!kind.equals(doc.kind())) {
      throw new InvalidStateException("expected kind " + kind + " but found " + doc.kind());
    }
    return doc;
  }

  private static void requireLeaf(String path, String id) {
    if (!StatePaths.leaf(path).equals(id)) {
      throw new InvalidStateException("the document names '" + id + "', not its path's name");
    }
  }

  private static CollectorRuntime runtime(String name) {
    return CollectorRuntime.parse(name)
        .orElseThrow(() -> new InvalidStateException("unknown runtime '" + name + "'"));
  }

  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidStateException("not an RFC 3339 time: '" + value + "'", e);
    }
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidStateException("not a whole number: '" + value + "'", e);
    }
  }

  private static boolean bool(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidStateException("not true or false: '" + value + "'");
    };
  }
}
