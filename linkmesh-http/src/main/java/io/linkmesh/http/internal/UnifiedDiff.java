package io.linkmesh.http.internal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.linkmesh.domain.revision.RevisionDiff;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Renders one changed document as a unified line diff (java-diff-utils), git style. */
final class UnifiedDiff {
  static final int CONTEXT_LINES = 3;

  private UnifiedDiff() {}

  static String of(RevisionDiff.Entry entry) {
    List<String> before = lines(entry.before());
    List<String> after = lines(entry.after());
    Patch<String> patch = DiffUtils.diff(before, after);
    String from = entry.before() == null ? "/dev/null" : "a/" + entry.path();
    String to = entry.after() == null ? "/dev/null" : "b/" + entry.path();
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(from, to, before, patch, CONTEXT_LINES);
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static List<String> lines(@Nullable String text) {
    return text == null || text.isEmpty() ? List.of() : text.lines().toList();
  }
}
