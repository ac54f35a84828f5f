package io.linkmesh.store.git.internal;

import io.linkmesh.store.git.GitStoreOptions;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Fetches and pushes one branch of the remote, with the configured credentials. Failures come out
 * as {@link RemoteUnavailableException} with messages that never hold a credential.
 */
public final class Remote implements AutoCloseable {
  private final GitStoreOptions options;
  private final URIish uri;
  private final String ref;
  private final @Nullable SshdSessionFactory ssh;

  public Remote(GitStoreOptions options) {
    this.options = options;
    try {
      this.uri = new URIish(options.remoteUrl());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the Git remote URL is not a Git URL");
    }
    this.ref = "refs/heads/" + options.branch();
    Path key = options.sshKeyFile();
    Path knownHosts = options.knownHostsFile();
    this.ssh = key == null || knownHosts == null ? null : sshFactory(options, key, knownHosts);
  }

  private static SshdSessionFactory sshFactory(GitStoreOptions options, Path key, Path knownHosts) {
    File home = options.cloneDir().toAbsolutePath().toFile();
    Map<String, List<String>> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    settings.put("StrictHostKeyChecking", List.of("yes"));
    settings.put("UserKnownHostsFile", List.of(knownHosts.toAbsolutePath().toString()));
    settings.put("GlobalKnownHostsFile", List.of(knownHosts.toAbsolutePath().toString()));
    settings.put("IdentityFile", List.of(key.toAbsolutePath().toString()));
    settings.put("IdentitiesOnly", List.of("yes"));
    settings.put("PreferredAuthentications", List.of("publickey"));
    settings.put("HashKnownHosts", List.of("no"));
    SshConfigStore.HostConfig hostConfig = new FixedHostConfig(settings);
    SshConfigStore store =
        new SshConfigStore() {
          @Override
          public SshConfigStore.HostConfig lookup(String hostName, int port, String userName) {
            return hostConfig;
          }

          @Override
          public SshConfigStore.HostConfig lookupDefault(
              String hostName, int port, String userName) {
            return hostConfig;
          }
        };
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(home)
        .setSshDirectory(home)
        .setConfigStoreFactory((homeDir, configFile, localUser) -> store)
        .setDefaultIdentities(dir -> List.of(key.toAbsolutePath()))
        .setDefaultKnownHostsFiles(dir -> List.of(knownHosts.toAbsolutePath()))
        .setPreferredAuthentications("publickey")
        .build(null);
  }

  /**
   * Fetches the branch's commits into {@code repo}.
   *
   * @return the branch's commit on the remote, null when the remote has no such branch
   */
  public @Nullable ObjectId fetch(Repository repo) throws RemoteUnavailableException {
    return fetch(repo, ref);
  }

  /**
   * Fetches the commits of any ref into {@code repo}.
   *
   * @return the ref's commit on the remote, null when the remote has no such ref
   */
  public @Nullable ObjectId fetch(Repository repo, String name) throws RemoteUnavailableException {
    try (Transport transport = open(repo);
        FetchConnection connection = transport.openFetch()) {
      Ref remote = connection.getRef(name);
      if (remote == null || remote.getObjectId() == null) {
        return null;
      }
      ObjectId id = remote.getObjectId();
      if (!repo.getObjectDatabase().has(id)) {
        connection.fetch(NullProgressMonitor.INSTANCE, List.of(remote), Set.of());
        for (PackLock lock : connection.getPackLocks()) {
          lock.unlock();
        }
      }
      return id;
    } catch (NotSupportedException | TransportException e) {
      throw unavailable("fetch from", e);
    } catch (IOException e) {
      throw unavailable("fetch from", e);
    }
  }

  /**
   * Fetches every ref under {@code prefix} (at most {@code limit} of them) into {@code repo}.
   *
   * @return each ref's name and commit on the remote
   */
  public Map<String, ObjectId> fetchAll(Repository repo, String prefix, int limit)
      throws RemoteUnavailableException {
    try (Transport transport = open(repo);
        FetchConnection connection = transport.openFetch()) {
      Map<String, ObjectId> found = new TreeMap<>();
      List<Ref> missing = new ArrayList<>();
      for (Ref remote : connection.getRefs()) {
        ObjectId id = remote.getObjectId();
        if (!remote.getName().startsWith(prefix) || id == null || found.size() == limit) {
          continue;
        }
        found.put(remote.getName(), id);
        if (!repo.getObjectDatabase().has(id)) {
          missing.add(remote);
        }
      }
      if (!missing.isEmpty()) {
        connection.fetch(NullProgressMonitor.INSTANCE, missing, Set.of());
        for (PackLock lock : connection.getPackLocks()) {
          lock.unlock();
        }
      }
      return found;
    } catch (NotSupportedException | TransportException e) {
      throw unavailable("fetch from", e);
    } catch (IOException e) {
      throw unavailable("fetch from", e);
    }
  }

  /**
   * What the remote did with a push.
   *
   * @param pushed whether the ref now points at the pushed commit
   * @param reason why not: someone else moved the ref first, or the remote refused it (a hook)
   */
  public record PushOutcome(boolean pushed, String reason) {
    static final PushOutcome PUSHED = new PushOutcome(true, "");
  }

  /**
   * Moves the remote branch from {@code expected} (null: the branch must not exist) to {@code
   * commit}, never forcing.
   */
  public PushOutcome push(Repository repo, ObjectId commit, @Nullable ObjectId expected)
      throws RemoteUnavailableException {
    return push(repo, commit, ref, expected);
  }

  /** Moves any remote ref from {@code expected} to {@code commit}, never forcing. */
  public PushOutcome push(
      Repository repo, ObjectId commit, String name, @Nullable ObjectId expected)
      throws RemoteUnavailableException {
    return push(repo, commit, name, expected, false);
  }

  /**
   * Replaces any remote ref's commit with {@code commit} even when it does not descend from it, but
   * only while the remote still has {@code expected} there (null: the ref must not exist). For refs
   * that only this replica writes.
   */
  public PushOutcome replace(
      Repository repo, ObjectId commit, String name, @Nullable ObjectId expected)
      throws RemoteUnavailableException {
    return push(repo, commit, name, expected, true);
  }

  private PushOutcome push(
      Repository repo, ObjectId commit, String name, @Nullable ObjectId expected, boolean force)
      throws RemoteUnavailableException {
    try (Transport transport = open(repo)) {
      RemoteRefUpdate update =
          new RemoteRefUpdate(
              repo,
              null,
              commit,
              name,
              force,
              null,
              expected == null ? ObjectId.zeroId() : expected);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate remoteUpdate = result.getRemoteUpdate(name);
      RemoteRefUpdate.Status status = remoteUpdate.getStatus();
      String message = remoteUpdate.getMessage();
      String reason = status + (message == null ? "" : " (" + sanitize(message) + ")");
      switch (status) {
        case OK:
        case UP_TO_DATE:
          return PushOutcome.PUSHED;
        case REJECTED_NONFASTFORWARD:
        case REJECTED_REMOTE_CHANGED:
        case REJECTED_OTHER_REASON:
          return new PushOutcome(false, reason);
        default:
          throw new RemoteUnavailableException(
              "push to " + options.safeRemoteUrl() + " failed: " + status);
      }
    } catch (NotSupportedException | TransportException e) {
      throw unavailable("push to", e);
    } catch (IOException e) {
      throw unavailable("push to", e);
    }
  }

  private Transport open(Repository repo) throws RemoteUnavailableException, IOException {
    Transport transport = Transport.open(repo, uri);
    transport.setTimeout((int) Math.max(1, options.remoteTimeout().toSeconds()));
    if (transport instanceof SshTransport && ssh != null) {
      ((SshTransport) transport).setSshSessionFactory(ssh);
    }
    String user = options.username();
    Path passwordFile = options.passwordFile();
    if (user != null && passwordFile != null) {
      transport.setCredentialsProvider(
          new UsernamePasswordCredentialsProvider(user, readPassword(passwordFile)));
    }
    return transport;
  }

  private static char[] readPassword(Path file) throws RemoteUnavailableException {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new RemoteUnavailableException("the Git password file " + file + " is empty");
      }
      return text.toCharArray();
    } catch (IOException e) {
      throw new RemoteUnavailableException(
          "cannot read the Git password file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private RemoteUnavailableException unavailable(String verb, Exception e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null && messages.size() < 3; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        messages.add(sanitize(message));
      }
    }
    Collections.reverse(messages);
    String detail = messages.isEmpty() ? e.getClass().getSimpleName() : messages.get(0);
    return new RemoteUnavailableException(
        "cannot " + verb + " " + options.safeRemoteUrl() + ": " + detail);
  }

  private String sanitize(String message) {
    return message.replace(options.remoteUrl(), options.safeRemoteUrl()).replaceAll("\\s+", " ");
  }

  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
  }

  /** An SSH host configuration that ignores every user's ~/.ssh/config. */
  private static final class FixedHostConfig implements SshConfigStore.HostConfig {
    private final Map<String, List<String>> settings;

    FixedHostConfig(Map<String, List<String>> settings) {
      this.settings = settings;
    }

    @Override
    public @Nullable String getValue(String key) {
      List<String> values = settings.get(key);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> getValues(String key) {
      return settings.getOrDefault(key, List.of());
    }

    @Override
    public Map<String, String> getOptions() {
      Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      settings.forEach(
          (k, v) -> {
            if (!k.equalsIgnoreCase("IdentityFile")) {
              out.put(k, v.get(0));
            }
          });
      return out;
    }

    @Override
    public Map<String, List<String>> getMultiValuedOptions() {
      Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      out.put("IdentityFile", settings.get("IdentityFile"));
      return out;
    }
  }
}
