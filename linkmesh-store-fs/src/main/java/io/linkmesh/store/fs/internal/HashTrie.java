package io.linkmesh.store.fs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's directory: a persistent hash trie from document path to blob id, keyed by the
 * SHA-256 of the path, 16 children per inner node, at most {@value #LEAF_MAX} entries per leaf. Its
 * shape depends only on the set of entries, so equal snapshots have equal roots; a commit that
 * changes one document rewrites one leaf and the inner nodes above it (about log16(n) of them, each
 * at most 16 x 36 bytes), never a manifest of the whole state.
 */
public final class HashTrie {
  public static final int LEAF_MAX = 16;
  private static final int FANOUT = 16;
  private static final int MAX_DEPTH = 2 * ObjectId.LENGTH;
  private static final byte LEAF = 0;
  private static final byte INNER = 1;

  private final Map<ObjectId, Node> cache;

  /** Reads node payloads by id; throws when one is missing or damaged. */
  @FunctionalInterface
  public interface Source {
    byte[] node(ObjectId id);
  }

  /** A node and how many documents lie under it. */
  public record Ref(ObjectId id, int count) {}

  private record Edit(String path, ObjectId key, @Nullable ObjectId blob) {}

  private sealed interface Node permits Leaf, Inner {}

  private record Leaf(SortedMap<String, ObjectId> entries) implements Node {}

  private record Inner(int count, @Nullable ObjectId[] children, int[] counts) implements Node {}

  public HashTrie(int cacheSize) {
    this.cache =
        Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<ObjectId, Node> eldest) {
                return size() > cacheSize;
              }
            });
  }

  static ObjectId keyOf(String path) {
    return ObjectId.of(Frame.sha256().digest(path.getBytes(UTF_8)));
  }

  /** The blob at {@code path}, empty when absent; a null root is the empty snapshot. */
  public Optional<ObjectId> lookup(Source source, @Nullable ObjectId root, String path) {
    if (root == null) {
      return Optional.empty();
    }
    ObjectId key = keyOf(path);
    Node node = node(source, root);
    int depth = 0;
    while (node instanceof Inner inner) {
      ObjectId child = inner.children()[key.nibble(depth)];
      if (child == null) {
        return Optional.empty();
      }
      node = node(source, child);
      depth++;
    }
    return Optional.ofNullable(((Leaf) node).entries().get(path));
  }

  /** Every path and its blob. */
  public SortedMap<String, ObjectId> entries(Source source, @Nullable ObjectId root) {
    SortedMap<String, ObjectId> out = new TreeMap<>();
    if (root != null) {
      collect(source, root, out);
    }
    return out;
  }

  /** Visits every node id under {@code root}, the root included. */
  public void forEachNode(Source source, ObjectId root, Consumer<ObjectId> visitor) {
    visitor.accept(root);
    if (node(source, root) instanceof Inner inner) {
      for (ObjectId child : inner.children()) {
        if (child != null) {
          forEachNode(source, child, visitor);
        }
      }
    }
  }

  /**
   * Applies edits (a null blob deletes) and returns the new root; every new node goes to {@code
   * sink}.
   */
  public Ref update(
      Source source,
      @Nullable ObjectId root,
      Map<String, @Nullable ObjectId> edits,
      Consumer<Frame> sink) {
    List<Edit> list = new ArrayList<>(edits.size());
    edits.forEach((path, blob) -> list.add(new Edit(path, keyOf(path), blob)));
    return apply(source, root, 0, list, sink);
  }

  private Ref apply(
      Source source, @Nullable ObjectId nodeId, int depth, List<Edit> edits, Consumer<Frame> sink) {
    Node node = nodeId == null ? new Leaf(new TreeMap<>()) : node(source, nodeId);
    if (node instanceof Leaf leaf) {
      TreeMap<String, ObjectId> entries = new TreeMap<>(leaf.entries());
      for (Edit edit : edits) {
        if (edit.blob() == null) {
          entries.remove(edit.path());
        } else {
          entries.put(edit.path(), edit.blob());
        }
      }
      return build(entries, depth, sink);
    }
    Inner inner = (Inner) node;
    List<List<Edit>> groups = new ArrayList<>(FANOUT);
    for (int i = 0; i < FANOUT; i++) {
      groups.add(new ArrayList<>());
    }
    for (Edit edit : edits) {
      groups.get(edit.key().nibble(depth)).add(edit);
    }
    ObjectId[] children = inner.children().clone();
    int[] counts = inner.counts().clone();
    for (int i = 0; i < FANOUT; i++) {
      if (!groups.get(i).isEmpty()) {
        Ref child = apply(source, children[i], depth + 1, groups.get(i), sink);
        children[i] = child.count() == 0 ? null : child.id();
        counts[i] = child.count();
      }
    }
    int total = 0;
    for (int count : counts) {
      total += count;
    }
    if (total <= LEAF_MAX) {
      TreeMap<String, ObjectId> entries = new TreeMap<>();
      for (ObjectId child : children) {
        if (child != null) {
          collect(source, child, entries);
        }
      }
      return write(new Leaf(entries), sink);
    }
    return write(new Inner(total, children, counts), sink);
  }

  private Ref build(TreeMap<String, ObjectId> entries, int depth, Consumer<Frame> sink) {
    if (entries.size() <= LEAF_MAX || depth >= MAX_DEPTH) {
      return write(new Leaf(entries), sink);
    }
    List<TreeMap<String, ObjectId>> groups = new ArrayList<>(FANOUT);
    for (int i = 0; i < FANOUT; i++) {
      groups.add(new TreeMap<>());
    }
    entries.forEach((path, blob) -> groups.get(keyOf(path).nibble(depth)).put(path, blob));
    ObjectId[] children = new ObjectId[FANOUT];
    int[] counts = new int[FANOUT];
    for (int i = 0; i < FANOUT; i++) {
      if (!groups.get(i).isEmpty()) {
        Ref child = build(groups.get(i), depth + 1, sink);
        children[i] = child.id();
        counts[i] = child.count();
      }
    }
    return write(new Inner(entries.size(), children, counts), sink);
  }

  private void collect(Source source, ObjectId id, SortedMap<String, ObjectId> out) {
    Node node = node(source, id);
    if (node instanceof Leaf leaf) {
      out.putAll(leaf.entries());
    } else {
      for (ObjectId child : ((Inner) node).children()) {
        if (child != null) {
          collect(source, child, out);
        }
      }
    }
  }

  private Ref write(Node node, Consumer<Frame> sink) {
    Frame frame = Frame.of(Frame.NODE, encode(node));
    cache.put(frame.id(), node);
    sink.accept(frame);
    return new Ref(
        frame.id(), node instanceof Leaf leaf ? leaf.entries().size() : ((Inner) node).count());
  }

  private Node node(Source source, ObjectId id) {
    Node cached = cache.get(id);
    if (cached != null) {
      return cached;
    }
    Node node = decode(source.node(id));
    cache.put(id, node);
    return node;
  }

  private static byte[] encode(Node node) {
    if (node instanceof Leaf leaf) {
      List<byte[]> paths = new ArrayList<>();
      int size = 1 + 4;
      for (String path : leaf.entries().keySet()) {
        byte[] bytes = path.getBytes(UTF_8);
        paths.add(bytes);
        size += 2 + bytes.length + ObjectId.LENGTH;
      }
      ByteBuffer out = ByteBuffer.allocate(size).put(LEAF).putInt(paths.size());
      int i = 0;
      for (ObjectId blob : leaf.entries().values()) {
        byte[] path = paths.get(i++);
        out.putShort((short) path.length).put(path);
        blob.writeTo(out);
      }
      return out.array();
    }
    Inner inner = (Inner) node;
    int present = 0;
    int bitmap = 0;
    for (int i = 0; i < FANOUT; i++) {
      if (inner.children()[i] != null) {
        present++;
        bitmap |= 1 << i;
      }
    }
    ByteBuffer out =
        ByteBuffer.allocate(1 + 4 + 2 + present * (ObjectId.LENGTH + 4))
            .put(INNER)
            .putInt(inner.count())
            .putShort((short) bitmap);
    for (int i = 0; i < FANOUT; i++) {
      ObjectId child = inner.children()[i];
      if (child != null) {
        child.writeTo(out);
        out.putInt(inner.counts()[i]);
      }
    }
    return out.array();
  }

  private static Node decode(byte[] payload) {
    try {
      ByteBuffer in = ByteBuffer.wrap(payload);
      byte kind = in.get();
      int count = in.getInt();
      if (count < 0) {
        throw new Frame.DamageException("a tree node has a negative count");
      }
      if (kind == LEAF) {
        SortedMap<String, ObjectId> entries = new TreeMap<>();
        for (int i = 0; i < count; i++) {
          byte[] path = new byte[in.getShort() & 0xFFFF];
          in.get(path);
          byte[] blob = new byte[ObjectId.LENGTH];
          in.get(blob);
          entries.put(new String(path, UTF_8), ObjectId.of(blob));
        }
        return new Leaf(Collections.unmodifiableSortedMap(entries));
      }
      if (kind != INNER) {
        throw new Frame.DamageException("unknown tree node kind " + kind);
      }
      int bitmap = in.getShort() & 0xFFFF;
      ObjectId[] children = new ObjectId[FANOUT];
      int[] counts = new int[FANOUT];
      for (int i = 0; i < FANOUT; i++) {
        if ((bitmap & (1 << i)) != 0) {
          byte[] child = new byte[ObjectId.LENGTH];
          in.get(child);
          children[i] = ObjectId.of(child);
          counts[i] = in.getInt();
        }
      }
      return new Inner(count, children, counts);
    } catch (BufferUnderflowException e) {
      throw new Frame.DamageException("a tree node is cut short");
    }
  }
}
