package io.linkmesh.store.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.revision.Change;
import io.linkmesh.domain.revision.InvalidStateException;
import io.linkmesh.domain.revision.StateDocument;
import io.linkmesh.domain.revision.StatePaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.jspecify.annotations.Nullable;

/**
 * How the documents of a snapshot are laid out as files in the Git tree, so that a person can read
 * and edit them:
 *
 * <ul>
 *   <li>A config document ({@code kind: config/v1} with a body) at {@code configs/<name>} becomes a
 *       directory {@code configs/<name>/} with {@code meta} (the document's header lines: kind,
 *       name, runtime, selector) and the body verbatim in {@code config.yaml} (otelcol) or {@code
 *       config.alloy} (Alloy). Reading joins them back: {@code meta + "\n" + body}, byte for byte.
 *   <li>Every other document lives as-is in one file at its state path ({@code collectors/<id>},
 *       {@code enrollment-tokens/<id>}, {@code api-tokens/<id>}, and configs that are not config
 *       documents).
 *   <li>The snapshot's format document ({@code StateFormat}) is the file {@code format} at the
 *       root.
 *   <li>Other files outside the four state directories (a README, CI files) and dot files are
 *       ignored.
 * </ul>
 */
public final class RepositoryLayout {
  /** The header file of a split config. */
  public static final String META = "meta";

  /** The largest file read from a tree, in bytes. */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  private static final String CONFIG_KIND = "config/v1";
  private static final Set<String> BODY_FILES = Set.of("config.yaml", "config.alloy");
  private static final Set<String> STATE_DIRS =
      Set.of("configs", "collectors", "enrollment-tokens", "api-tokens");

  private RepositoryLayout() {}

  /** What a tree holds: the documents, and what does not fit the layout. */
  public record Contents(Map<String, String> documents, List<String> problems) {
    public Contents {
      documents = Collections.unmodifiableMap(new TreeMap<>(documents));
      problems = List.copyOf(problems);
    }
  }

  /** The files (path to text) that hold one document. */
  public static Map<String, String> files(String path, String content) {
    if (path.startsWith(StatePaths.CONFIGS)) {
      String extension = bodyExtension(content);
      int split = content.indexOf("\n\n");
      if (extension != null && split >= 0) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(path + "/" + META, content.substring(0, split + 1));
        out.put(path + "/config." + extension, content.substring(split + 2));
        return out;
      }
    }
    return Map.of(path, content);
  }

  private static @Nullable String bodyExtension(String content) {
    StateDocument doc;
    try {
      doc = StateDocument.parse(content);
    } catch (InvalidStateException e) {
      return null;
    }
    if (!CONFIG_KIND.equals(doc.kind()) || doc.body() == null) {
      return null;
    }
    String runtime = doc.optional("runtime");
    Optional<CollectorRuntime> parsed =
        runtime == null ? Optional.empty() : CollectorRuntime.parse(runtime);
    if (parsed.isEmpty()) {
      return null;
    }
    return parsed.get() == CollectorRuntime.ALLOY ? "alloy" : "yaml";
  }

  /** Reads every document of a tree; files that do not fit the layout become problems. */
  public static Contents read(ObjectReader reader, AnyObjectId tree) throws IOException {
    Map<String, String> documents = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, ObjectId>> groups = new TreeMap<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      while (walk.next()) {
        String path = walk.getPathString();
        String[] parts = path.split("/", -1);
        boolean format = path.equals(StatePaths.FORMAT);
        if (!format && (!STATE_DIRS.contains(parts[0]) || isHidden(parts))) {
          continue;
        }
        if (!FileMode.REGULAR_FILE.equals(walk.getFileMode(0))
            && !FileMode.EXECUTABLE_FILE.equals(walk.getFileMode(0))) {
          problems.add(path + ": not a regular file");
        } else if (format) {
          documents.put(path, text(reader, walk.getObjectId(0), path, problems));
        } else if (parts.length == 2) {
          if (StatePaths.isValid(path)) {
            documents.put(path, text(reader, walk.getObjectId(0), path, problems));
          } else {
            problems.add(path + ": not a valid name for a " + parts[0] + " document");
          }
        } else if (parts.length == 3 && parts[0].equals("configs")) {
          groups
              .computeIfAbsent(parts[0] + "/" + parts[1], k -> new TreeMap<>())
              .put(parts[2], walk.getObjectId(0));
        } else {
          problems.add(path + ": unexpected file (see the layout in the store's README)");
        }
      }
    }
    for (Map.Entry<String, Map<String, ObjectId>> group : groups.entrySet()) {
      String path = group.getKey();
      if (!StatePaths.isValid(path)) {
        problems.add(path + "/: not a valid config name");
        continue;
      }
      String joined = join(reader, path, group.getValue(), problems);
      if (joined != null) {
        documents.put(path, joined);
      }
    }
    return new Contents(documents, problems);
  }

  /**
   * One document's text in a tree, empty when absent. A split config that does not fit the layout
   * yields a description of its files, so that comparisons still see every change.
   */
  public static Optional<String> readDocument(ObjectReader reader, AnyObjectId tree, String path)
      throws IOException {
    Map<String, ObjectId> files = new TreeMap<>();
    ObjectId single = null;
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      walk.setFilter(PathFilter.create(path));
      while (walk.next()) {
        String found = walk.getPathString();
        if (found.equals(path)) {
          single = walk.getObjectId(0);
        } else {
          files.put(found.substring(path.length() + 1), walk.getObjectId(0));
        }
      }
    }
    List<String> problems = new ArrayList<>();
    if (single != null) {
      return Optional.of(text(reader, single, path, problems));
    }
    if (files.isEmpty()) {
      return Optional.empty();
    }
    String joined = join(reader, path, files, problems);
    return Optional.of(joined != null ? joined : "\0unreadable " + files);
  }

  private static @Nullable String join(
      ObjectReader reader, String path, Map<String, ObjectId> files, List<String> problems)
      throws IOException {
    ObjectId meta = null;
    ObjectId body = null;
    int bodies = 0;
    boolean ok = true;
    for (Map.Entry<String, ObjectId> file : files.entrySet()) {
      String name = file.getKey();
      if (name.startsWith(".")) {
        continue;
      }
      if (name.equals(META)) {
        meta = file.getValue();
      } else if (BODY_FILES.contains(name)) {
        body = file.getValue();
        bodies++;
      } else {
        problems.add(
            path
                + "/"
                + name
                + ": unexpected file (a config holds meta and config.yaml"
                + " or config.alloy)");
        ok = false;
      }
    }
    if (meta == null) {
      problems.add(path + "/: has no meta file");
      return null;
    }
    if (bodies != 1) {
      problems.add(path + "/: needs exactly one of config.yaml or config.alloy");
      return null;
    }
    if (!ok) {
      return null;
    }
    String header = text(reader, meta, path + "/" + META, problems);
    if (!header.endsWith("\n")) {
      header = header + "\n";
    }
    return header + "\n" + text(reader, body, path + "/config.*", problems);
  }

  private static boolean isHidden(String[] parts) {
    for (String part : parts) {
      if (part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String text(ObjectReader reader, ObjectId blob, String path, List<String> problems)
      throws IOException {
    long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
    if (size > MAX_FILE_BYTES) {
      problems.add(path + ": larger than " + MAX_FILE_BYTES + " bytes");
      return "";
    }
    byte[] bytes = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_FILE_BYTES);
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      problems.add(path + ": not UTF-8 text");
      return new String(bytes, UTF_8);
    }
  }

  /**
   * Writes the tree of {@code base} with the changes applied and returns its id.
   *
   * @param base the tree to start from, null for an empty tree
   * @param extraFiles files outside the state directories to add (a README), path to text
   */
  public static ObjectId apply(
      ObjectReader reader,
      ObjectInserter inserter,
      @Nullable AnyObjectId base,
      List<Change> changes,
      Map<String, String> extraFiles)
      throws IOException {
    Set<String> replaced = new HashSet<>();
    Map<String, ObjectId> added = new TreeMap<>();
    for (Change change : changes) {
      replaced.add(change.path());
      String content = change.content();
      if (content != null) {
        for (Map.Entry<String, String> file : files(change.path(), content).entrySet()) {
          added.put(
              file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8)));
        }
      }
    }
    for (Map.Entry<String, String> file : extraFiles.entrySet()) {
      added.put(
          file.getKey(), inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(UTF_8)));
    }
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    if (base != null) {
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(base);
        walk.setRecursive(true);
        while (walk.next()) {
          String path = walk.getPathString();
          if (replaced.contains(path) || added.containsKey(path) || underReplaced(path, replaced)) {
            continue;
          }
          DirCacheEntry entry = new DirCacheEntry(walk.getRawPath());
          entry.setFileMode(walk.getFileMode(0));
          entry.setObjectId(walk.getObjectId(0));
          builder.add(entry);
        }
      }
    }
    for (Map.Entry<String, ObjectId> file : added.entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(file.getKey());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(file.getValue());
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  private static boolean underReplaced(String path, Set<String> replaced) {
    int first = path.indexOf('/');
    if (first < 0) {
      return false;
    }
    int second = path.indexOf('/', first + 1);
    return second > 0 && replaced.contains(path.substring(0, second));
  }
}
