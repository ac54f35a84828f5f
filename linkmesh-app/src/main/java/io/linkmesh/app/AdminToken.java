package io.linkmesh.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.linkmesh.domain.port.out.SecretGenerator;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The admin API token: from {@code LINKMESH_ADMIN_TOKEN} when set, else from {@code
 * <data-dir>/admin.token}, created on first start with mode 0600.
 *
 * @param secret the token's value
 * @param file where it is kept, null when it came from the environment
 * @param created whether this start created it
 */
public record AdminToken(String secret, @Nullable Path file, boolean created) {
  public static final String ENV = "LINKMESH_ADMIN_TOKEN";
  public static final String FILE_NAME = "admin.token";

  @Override
  public String toString() {
    return "AdminToken[file=" + file + "]";
  }

  static AdminToken load(Path dataDir, @Nullable String fromEnv, SecretGenerator secrets) {
    if (fromEnv != null && !fromEnv.isBlank()) {
      if (fromEnv.strip().length() < 16) {
        throw new StartupException(ENV + " must be at least 16 characters");
      }
      return new AdminToken(fromEnv.strip(), null, false);
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        String secret = Files.readString(file, UTF_8).strip();
        if (secret.length() < 16) {
          throw new StartupException(
              file + " holds no usable admin token; delete it to make a new one");
        }
        OwnerOnlyFiles.warnIfExposed(file, "admin token");
        return new AdminToken(secret, file, false);
      }
      String secret = "lmadmin_" + secrets.newSecret();
      OwnerOnlyFiles.createFile(file);
      Files.writeString(file, secret + "\n", UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return new AdminToken(secret, file, true);
    } catch (FileAlreadyExistsException e) {
      return load(dataDir, null, secrets);
    } catch (IOException e) {
      throw new StartupException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }
}
