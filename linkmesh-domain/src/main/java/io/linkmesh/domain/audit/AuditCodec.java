package io.linkmesh.domain.audit;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.StateDocument;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The stored text of one {@link AuditEntry}, shared by every durable {@code AuditLog} (a frame of
 * the built-in store's segment files, a commit message of the Git store's audit ref): a {@link
 * StateDocument} of kind {@value #KIND} with one header line per field, for example
 *
 * <pre>
 * kind: audit/v1
 * sequence: 1
 * time: 2026-12-01T09:00:00Z
 * actor: admin
 * action: config.put
 * target: edge-logs
 * address: 192.0.2.7
 * outcome: ok
 * detail: revision 3c55...
 * </pre>
 */
public final class AuditCodec {
  /** The document kind of an audit entry. */
  public static final String KIND = "audit/v1";

  private AuditCodec() {}

  public static String encode(AuditEntry entry) {
    requireNonNull(entry, "entry");
    return StateDocument.builder(KIND)
        .field("sequence", Long.toString(entry.sequence()))
        .field("time", entry.time().toString())
        .field("actor", entry.actor())
        .field("action", entry.action())
        .field("target", entry.target())
        .field("address", entry.address())
        .field("outcome", entry.outcome())
        .field("detail", entry.detail())
        .render();
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws InvalidStateException when the text is not an audit entry
   */
  public static AuditEntry decode(String text) {
    requireNonNull(text, "text");
    StateDocument doc = StateDocument.parse(text);
    if (!KIND.equals(doc.kind())) {
      throw new InvalidStateException("expected kind " + KIND + " but found " + doc.kind());
    }
    try {
      return new AuditEntry(
          Long.parseLong(doc.required("sequence")),
          Instant.parse(doc.required("time")),
          doc.required("actor"),
          doc.required("action"),
          doc.required("target"),
          doc.required("address"),
          doc.required("outcome"),
          doc.required("detail"));
    } catch (InvalidStateException e) {
      throw e;
    } catch (DateTimeParseException e) {
      throw new InvalidStateException("not an RFC 3339 time: " + e.getParsedString(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidStateException(String.valueOf(e.getMessage()), e);
    }
  }
}
