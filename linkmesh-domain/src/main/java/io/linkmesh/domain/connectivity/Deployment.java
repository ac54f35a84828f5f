package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one LinkMesh deployment that decide which connections it needs: how it is
 * reached, where it listens, which control-plane channels it serves and where it keeps its state.
 *
 * <pre>{@code
 * Deployment deployment = Deployment.builder()
 *     .externalUrl("https://linkmesh.example.com")
 *     .listenPort(8443)
 *     .gitStore("git@github.com:acme/linkmesh-state.git")
 *     .agent(ChannelMode.OFF)
 *     .build();
 * }</pre>
 *
 * @param server the external URL: what browsers and collectors dial
 * @param listenPort the port the server itself listens on (differs from the external port behind a
 *     proxy or load balancer)
 * @param opamp the OpAMP endpoint for otelcol collectors
 * @param alloy the remotecfg endpoint for Alloy collectors
 * @param ownMetrics the OTLP endpoint for collectors' own metrics
 * @param agent the onboarding agent's channel
 * @param store where the desired state lives
 * @param git the Git remote, present exactly when {@code store} is {@link StoreKind#GIT}
 */
public record Deployment(
    ServerAddress server,
    int listenPort,
    ChannelMode opamp,
    ChannelMode alloy,
    ChannelMode ownMetrics,
    ChannelMode agent,
    StoreKind store,
    @Nullable GitRemote git) {
  /** The listen port when none is given, as {@code linkmesh serve} defaults it. */
  public static final int DEFAULT_LISTEN_PORT = 8443;

  public Deployment {
    requireNonNull(server, "server");
    requireNonNull(opamp, "opamp");
    requireNonNull(alloy, "alloy");
    requireNonNull(ownMetrics, "ownMetrics");
    requireNonNull(agent, "agent");
    requireNonNull(store, "store");
    if (listenPort < 1 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port out of range: " + listenPort);
    }
    if ((store == StoreKind.GIT) != (git != null)) {
      throw new IllegalArgumentException("a Git remote is given exactly with the Git store");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One line naming this deployment, for the header of every rendering. */
  public String describe() {
    StringBuilder out =
        new StringBuilder(server.url())
            .append(" (listen port ")
            .append(listenPort)
            .append(", store ")
            .append(store.wireName());
    if (git != null) {
      out.append(' ').append(git.url());
    }
    return out.append(')').toString();
  }

  /** Options for {@link Deployment}; every channel defaults to {@link ChannelMode#ON}. */
  public static final class Builder {
    private @Nullable ServerAddress server;
    private int listenPort = DEFAULT_LISTEN_PORT;
    private ChannelMode opamp = ChannelMode.ON;
    private ChannelMode alloy = ChannelMode.ON;
    private ChannelMode ownMetrics = ChannelMode.ON;
    private ChannelMode agent = ChannelMode.ON;
    private @Nullable GitRemote git;

    private Builder() {}

    /** The external URL, for example {@code https://linkmesh.example.com}. */
    public Builder externalUrl(String url) {
      this.server = ServerAddress.parse(url);
      return this;
    }

    public Builder listenPort(int port) {
      this.listenPort = port;
      return this;
    }

    public Builder opamp(ChannelMode mode) {
      this.opamp = requireNonNull(mode, "mode");
      return this;
    }

    public Builder alloy(ChannelMode mode) {
      this.alloy = requireNonNull(mode, "mode");
      return this;
    }

    public Builder ownMetrics(ChannelMode mode) {
      this.ownMetrics = requireNonNull(mode, "mode");
      return this;
    }

    public Builder agent(ChannelMode mode) {
      this.agent = requireNonNull(mode, "mode");
      return this;
    }

    /** Keep the state in the built-in store on local disk (the default). */
    public Builder fsStore() {
      this.git = null;
      return this;
    }

    /** Keep the state in a remote Git repository at {@code url}. */
    public Builder gitStore(String url) {
      this.git = GitRemote.parse(url);
      return this;
    }

    public Deployment build() {
      ServerAddress address =
          server != null ? server : ServerAddress.parse("https://localhost:" + listenPort);
      return new Deployment(
          address,
          listenPort,
          opamp,
          alloy,
          ownMetrics,
          agent,
          git == null ? StoreKind.FS : StoreKind.GIT,
          git);
    }
  }
}
