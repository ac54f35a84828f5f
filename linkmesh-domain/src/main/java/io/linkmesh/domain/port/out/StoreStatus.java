package io.linkmesh.domain.port.out;

import static java.util.Objects.requireNonNull;

/** A store's health: whether it takes writes, and why not. */
public record StoreStatus(boolean writable, String detail) {
  public static final StoreStatus OK = new StoreStatus(true, "ok");

  public StoreStatus {
    requireNonNull(detail, "detail");
  }

  public static StoreStatus degraded(String detail) {
    return new StoreStatus(false, detail);
  }
}
