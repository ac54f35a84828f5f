package io.linkmesh.domain.revision;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.fleet.CollectorId;
import java.util.regex.Pattern;

/**
 * Where each kind of record lives in a snapshot of the desired state. Paths are relative, use
 * {@code /}, and are safe as file names and Git paths.
 */
public final class StatePaths {
  public static final String CONFIGS = "configs/";
  public static final String COLLECTORS = "collectors/";
  public static final String ENROLLMENT_TOKENS = "enrollment-tokens/";
  public static final String API_TOKENS = "api-tokens/";

  /** The one document outside the directories: the snapshot's {@link StateFormat}. */
  public static final String FORMAT = "format";

  private static final Pattern PATH =
      Pattern.compile(
          "(configs|collectors|enrollment-tokens|api-tokens)/[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  private StatePaths() {}

  public static String config(ConfigName name) {
    return CONFIGS + name.value();
  }

  public static String collector(CollectorId id) {
    return COLLECTORS + id.value();
  }

  public static String enrollmentToken(String id) {
    return ENROLLMENT_TOKENS + id;
  }

  public static String apiToken(String id) {
    return API_TOKENS + id;
  }

  public static boolean isValid(String path) {
    return FORMAT.equals(path) || (PATH.matcher(path).matches() && !path.contains(".."));
  }

  static void requireValid(String path) {
    if (!isValid(path)) {
      throw new IllegalArgumentException("not a state path: '" + path + "'");
    }
  }

  /** The part after the directory: a config name, collector id or token id. */
  public static String leaf(String path) {
    return path.substring(path.indexOf('/') + 1);
  }
}
