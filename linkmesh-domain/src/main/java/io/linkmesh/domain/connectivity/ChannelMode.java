package io.linkmesh.domain.connectivity;

/** Whether a control-plane channel is part of a deployment. */
public enum ChannelMode {
  /** Expected: its rule is listed even before any collector uses it. */
  ON,
  /**
   * Listed only when it is in use: collectors of that runtime are registered or configs for it
   * exist. Optional channels (own metrics, agent) in this mode are listed as optional.
   */
  AUTO,
  /** Not served: no rule. */
  OFF
}
