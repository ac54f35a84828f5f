package io.linkmesh.store.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.jspecify.annotations.Nullable;

/**
 * A Git remote over SSH for tests: an Apache MINA SSHD server (the copy JGit's SSH transport
 * brings) that accepts one client key and serves {@code git-upload-pack} and {@code
 * git-receive-pack} with JGit on the repositories under a root. It can be stopped and started again
 * on the same port.
 */
final class GitSshServer implements AutoCloseable {
  private final Path root;
  private final KeyPair hostKey;
  private final PublicKey clientKey;
  private SshServer server;
  private int port;

  GitSshServer(Path root, PublicKey clientKey) throws IOException, GeneralSecurityException {
    this.root = root;
    this.clientKey = clientKey;
    this.hostKey = newEcKey();
    this.server = newServer(0);
    this.port = server.getPort();
  }

  /** A client key: RSA, because Java's PKCS#8 encoding of an EC key leaves out the public part. */
  static KeyPair newRsaKey() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static KeyPair newEcKey() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private SshServer newServer(int onPort) throws IOException {
    SshServer ssh = SshServer.setUpDefaultServer();
    ssh.setHost("127.0.0.1");
    ssh.setPort(onPort);
    ssh.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    ssh.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey));
    ssh.setCommandFactory(new GitCommands());
    ssh.start();
    return ssh;
  }

  String url(String repository) {
    return "ssh://git@127.0.0.1:" + port + "/" + repository;
  }

  /** A known_hosts line for this server's host key. */
  String knownHostsLine() {
    return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
  }

  void stop() throws IOException {
    server.stop(true);
  }

  void restart() throws IOException {
    server = newServer(port);
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  private final class GitCommands implements CommandFactory {
    @Override
    public Command createCommand(ChannelSession channel, String command) {
      List<String> words = CommandFactory.split(command);
      return new GitCommand(words.get(0), words.size() > 1 ? words.get(1) : "");
    }
  }

  /** Runs one upload-pack or receive-pack with JGit on its own thread. */
  private final class GitCommand implements Command {
    private final String verb;
    private final String path;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;
    private @Nullable OutputStream err;
    private @Nullable ExitCallback exit;

    GitCommand(String verb, String path) {
      this.verb = verb;
      this.path = path.replace("'", "").replaceFirst("^/+", "");
    }

    @Override
    public void setInputStream(InputStream stream) {
      this.in = stream;
    }

    @Override
    public void setOutputStream(OutputStream stream) {
      this.out = stream;
    }

    @Override
    public void setErrorStream(OutputStream stream) {
      this.err = stream;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread = new Thread(this::run, "git-ssh-" + verb);
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      ExitCallback callback = java.util.Objects.requireNonNull(exit);
      try (Repository repo =
          new FileRepositoryBuilder()
              .setGitDir(root.resolve(path).toFile())
              .setMustExist(true)
              .build()) {
        if (verb.equals("git-upload-pack")) {
          new UploadPack(repo).upload(in, out, err);
        } else if (verb.equals("git-receive-pack")) {
          new ReceivePack(repo).receive(in, out, err);
        } else {
          java.util.Objects.requireNonNull(err)
              .write(("unknown command " + verb + "\n").getBytes(StandardCharsets.UTF_8));
          callback.onExit(127);
          return;
        }
        java.util.Objects.requireNonNull(out).flush();
        callback.onExit(0);
      } catch (IOException | RuntimeException e) {
        callback.onExit(1, String.valueOf(e.getMessage()));
      }
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
