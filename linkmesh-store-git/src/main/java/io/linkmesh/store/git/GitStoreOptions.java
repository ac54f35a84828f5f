package io.linkmesh.store.git;

import static java.util.Objects.requireNonNull;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link GitRevisionStore} reaches its remote and keeps its clone. Build with {@link
 * #builder()}.
 *
 * @param remoteUrl {@code https://...}, {@code ssh://user@host[:port]/path}, {@code
 *     user@host:path}, {@code file:///path} or a local path; never with a password in it
 * @param branch the branch holding the desired state (default {@code main})
 * @param cloneDir the local clone, conventionally {@code <data-dir>/git} (a bare repository)
 * @param username HTTPS user name, with {@code passwordFile}
 * @param passwordFile HTTPS password or token, read at each connection (so it can be rotated)
 * @param sshKeyFile an unencrypted OpenSSH private key, with {@code knownHostsFile}
 * @param knownHostsFile the remote's host keys; unknown or changed keys are refused
 * @param pollInterval how often to fetch (default 5 s)
 * @param remoteTimeout how long one remote operation may take before it fails (default 10 s)
 * @param replica this replica's name, in its commits' committer and in the audit log
 * @param validator what a fetched revision must pass to be served (default {@link
 *     StateValidator#codec()})
 * @param clock the committer's clock
 */
public record GitStoreOptions(
    String remoteUrl,
    String branch,
    Path cloneDir,
    @Nullable String username,
    @Nullable Path passwordFile,
    @Nullable Path sshKeyFile,
    @Nullable Path knownHostsFile,
    Duration pollInterval,
    Duration remoteTimeout,
    String replica,
    StateValidator validator,
    Clock clock) {
  private static final Pattern REPLICA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public GitStoreOptions {
    requireNonNull(remoteUrl, "remoteUrl");
    requireNonNull(branch, "branch");
    requireNonNull(cloneDir, "cloneDir");
    requireNonNull(pollInterval, "pollInterval");
    requireNonNull(remoteTimeout, "remoteTimeout");
    requireNonNull(replica, "replica");
    requireNonNull(validator, "validator");
    requireNonNull(clock, "clock");
    URIish uri;
    try {
      uri = new URIish(remoteUrl);
    } catch (URISyntaxException e) {
      // The message names no part of the URL: it might hold a secret.
      throw new IllegalArgumentException("the Git remote URL is not a Git URL");
    }
    if (uri.getPass() != null) {
      throw new IllegalArgumentException(
          "the Git remote URL must not contain a password: use a password file");
    }
    if (!Repository.isValidRefName("refs/heads/" + branch)) {
      throw new IllegalArgumentException("not a valid Git branch name: '" + branch + "'");
    }
    if ((username == null) != (passwordFile == null)) {
      throw new IllegalArgumentException("an HTTPS username needs a password file, and back");
    }
    if (sshKeyFile != null && knownHostsFile == null) {
      throw new IllegalArgumentException(
          "an SSH key needs a known_hosts file: host keys are always checked");
    }
    if (pollInterval.compareTo(Duration.ofMillis(10)) < 0
        || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "poll interval must be between 10 ms and 1 h: " + pollInterval);
    }
    if (remoteTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || remoteTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "remote timeout must be between 1 s and 10 min: " + remoteTimeout);
    }
    if (!REPLICA.matcher(replica).matches()) {
      throw new IllegalArgumentException(
          "replica name must be 1-64 of [A-Za-z0-9._-], starting with a letter or digit: '"
              + replica
              + "'");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The remote URL without any user information, for logs and messages. */
  public String safeRemoteUrl() {
    try {
      return new URIish(remoteUrl).setUser(null).setPass(null).toString();
    } catch (URISyntaxException e) {
      return "<remote>";
    }
  }

  /** Builds {@link GitStoreOptions}; remote URL and clone directory are required. */
  public static final class Builder {
    private @Nullable String remoteUrl;
    private String branch = "main";
    private @Nullable Path cloneDir;
    private @Nullable String username;
    private @Nullable Path passwordFile;
    private @Nullable Path sshKeyFile;
    private @Nullable Path knownHostsFile;
    private Duration pollInterval = Duration.ofSeconds(5);
    private Duration remoteTimeout = Duration.ofSeconds(10);
    private String replica = "linkmesh";
    private StateValidator validator = StateValidator.codec();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder remoteUrl(String url) {
      this.remoteUrl = requireNonNull(url, "url");
      return this;
    }

    public Builder branch(String name) {
      this.branch = requireNonNull(name, "name");
      return this;
    }

    public Builder cloneDir(Path dir) {
      this.cloneDir = requireNonNull(dir, "dir");
      return this;
    }

    /** HTTPS basic authentication: a user name and a file holding the password or token. */
    public Builder https(String user, Path passwordFile) {
      this.username = requireNonNull(user, "user");
      this.passwordFile = requireNonNull(passwordFile, "passwordFile");
      return this;
    }

    /** SSH public-key authentication, with strict host key checking against known_hosts. */
    public Builder ssh(Path privateKeyFile, Path knownHostsFile) {
      this.sshKeyFile = requireNonNull(privateKeyFile, "privateKeyFile");
      this.knownHostsFile = requireNonNull(knownHostsFile, "knownHostsFile");
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = requireNonNull(interval, "interval");
      return this;
    }

    public Builder remoteTimeout(Duration timeout) {
      this.remoteTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder replica(String name) {
      this.replica = requireNonNull(name, "name");
      return this;
    }

    public Builder validator(StateValidator stateValidator) {
      this.validator = requireNonNull(stateValidator, "stateValidator");
      return this;
    }

    public Builder clock(Clock committerClock) {
      this.clock = requireNonNull(committerClock, "committerClock");
      return this;
    }

    public GitStoreOptions build() {
      if (remoteUrl == null) {
        throw new IllegalStateException("remoteUrl is required");
      }
      if (cloneDir == null) {
        throw new IllegalStateException("cloneDir is required");
      }
      return new GitStoreOptions(
          remoteUrl,
          branch,
          cloneDir,
          username,
          passwordFile,
          sshKeyFile,
          knownHostsFile,
          pollInterval,
          remoteTimeout,
          replica,
          validator,
          clock);
    }
  }
}
