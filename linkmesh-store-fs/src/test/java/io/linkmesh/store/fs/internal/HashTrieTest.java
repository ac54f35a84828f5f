package io.linkmesh.store.fs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HashTrieTest {
  private final Map<ObjectId, byte[]> objects = new HashMap<>();
  private final List<Frame> written = new ArrayList<>();
  private final HashTrie trie = new HashTrie(0);

  private HashTrie.Ref update(@Nullable ObjectId root, Map<String, @Nullable ObjectId> edits) {
    written.clear();
    HashTrie.Ref ref =
        trie.update(
            objects::get,
            root,
            edits,
            frame -> {
              objects.put(frame.id(), frame.payload());
              written.add(frame);
            });
    return ref;
  }

  private static ObjectId blob(String text) {
    return Frame.idOf(Frame.BLOB, text.getBytes(UTF_8));
  }

  private static Map<String, @Nullable ObjectId> documents(int from, int to) {
    Map<String, @Nullable ObjectId> edits = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      edits.put("collectors/c-" + i, blob("collector " + i));
    }
    return edits;
  }

  @Test
  void theShapeDependsOnlyOnTheEntries() {
    HashTrie.Ref big = update(null, documents(0, 300));
    Map<String, @Nullable ObjectId> deletes = new LinkedHashMap<>();
    documents(10, 300).keySet().forEach(path -> deletes.put(path, null));
    HashTrie.Ref shrunk = update(big.id(), deletes);
    HashTrie.Ref direct = update(null, documents(0, 10));
    assertThat(shrunk).isEqualTo(direct);
    assertThat(shrunk.count()).isEqualTo(10);
  }

  @Test
  void lookupAndEntriesSeeEveryDocument() {
    HashTrie.Ref root = update(null, documents(0, 1000));
    assertThat(trie.lookup(objects::get, root.id(), "collectors/c-417"))
        .contains(blob("collector 417"));
    assertThat(trie.lookup(objects::get, root.id(), "collectors/absent")).isEmpty();
    SortedMap<String, ObjectId> all = trie.entries(objects::get, root.id());
    assertThat(all).hasSize(1000).isEqualTo(new TreeMap<>(documents(0, 1000)));
  }

  @Test
  void changingOneOfTenThousandDocumentsWritesOnlyAFewSmallNodes() {
    HashTrie.Ref root = update(null, documents(0, 10_000));
    HashTrie.Ref next = update(root.id(), Map.of("collectors/c-5000", blob("changed")));
    long bytes = written.stream().mapToLong(Frame::size).sum();
    assertThat(next.count()).isEqualTo(10_000);
    assertThat(written).hasSizeLessThanOrEqualTo(5);
    assertThat(bytes).isLessThan(3_000);
  }
}
