package io.linkmesh.domain.revision;

/**
 * The stored state was written in a {@link StateFormat} newer than this server knows. Nothing is
 * read or written: an older server must not serve, or overwrite, what it cannot read.
 */
public final class NewerStateFormatException extends InvalidStateException {
  private final int found;

  public NewerStateFormatException(int found) {
    super(
        "the stored state is in format "
            + found
            + ", but this LinkMesh knows formats up to "
            + StateFormat.CURRENT
            + ": run a LinkMesh that knows format "
            + found
            + " (the store was left as it is)");
    this.found = found;
  }

  /** The format the store is in. */
  public int found() {
    return found;
  }
}
