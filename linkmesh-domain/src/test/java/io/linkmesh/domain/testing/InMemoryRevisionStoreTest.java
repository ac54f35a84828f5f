package io.linkmesh.domain.testing;

import io.linkmesh.domain.port.out.RevisionStore;

class InMemoryRevisionStoreTest extends RevisionStoreContract {
  @Override
  protected RevisionStore newStore() {
    return new InMemoryRevisionStore();
  }
}
