package io.linkmesh.domain.port.in;

/** Why a collector is turned away, and the HTTP status the adapters answer with. */
public enum Refusal {
  /** No or an unknown secret. */
  UNAUTHENTICATED(401),
  /** The enrollment token has expired (it no longer enrolls new collectors). */
  EXPIRED(401),
  /**
   * The enrollment token was revoked: it authenticates no one, not even the collectors whose only
   * secret it was; they need a new token.
   */
  REVOKED(401),
  /** The enrollment token was used up by other collectors. */
  USED_UP(410),
  /** The collector was deregistered; it must enroll again with a new token. */
  DEREGISTERED(401),
  /** The secret belongs to another collector. */
  WRONG_COLLECTOR(403),
  /** The store cannot take the registration now. */
  UNAVAILABLE(503);

  private final int httpStatus;

  Refusal(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
