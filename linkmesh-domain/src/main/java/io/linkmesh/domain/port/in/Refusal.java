package io.linkmesh.domain.port.in;

/** Why a collector is turned away; each adapter maps a refusal to its own protocol's answer. */
public enum Refusal {
  /** No or an unknown secret. */
  UNAUTHENTICATED,
  /** The enrollment token has expired (it no longer enrolls new collectors). */
  EXPIRED,
  /**
   * The enrollment token was revoked: it authenticates no one, not even the collectors whose only
   * secret it was; they need a new token.
   */
  REVOKED,
  /** The enrollment token was used up by other collectors. */
  USED_UP,
  /** The collector was deregistered; it must enroll again with a new token. */
  DEREGISTERED,
  /** The secret belongs to another collector. */
  WRONG_COLLECTOR,
  /** The store cannot take the registration now. */
  UNAVAILABLE
}
