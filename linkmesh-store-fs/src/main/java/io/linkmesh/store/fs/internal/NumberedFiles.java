package io.linkmesh.store.fs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files numbered in order in one directory, {@code <prefix>00000001<suffix>}, {@code
 * <prefix>00000002<suffix>}, ...: the packs of the revision store and the segments of the audit
 * log.
 */
record NumberedFiles(String prefix, String suffix) {
  Path path(Path directory, int n) {
    return directory.resolve(prefix + String.format("%08d", n) + suffix);
  }

  /** The numbers present in {@code directory}, ascending; none when it does not exist. */
  List<Integer> list(Path directory) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return numbers;
    }
    Pattern name = Pattern.compile(Pattern.quote(prefix) + "(\\d{8})" + Pattern.quote(suffix));
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(
          f -> {
            Matcher m = name.matcher(f.getFileName().toString());
            if (m.matches()) {
              numbers.add(Integer.parseInt(m.group(1)));
            }
          });
    }
    numbers.sort(null);
    return numbers;
  }
}
