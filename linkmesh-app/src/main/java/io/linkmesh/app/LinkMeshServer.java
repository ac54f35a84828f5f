package io.linkmesh.app;

import io.linkmesh.alloy.AlloyRemoteConfigHandler;
import io.linkmesh.domain.metrics.MeteredRevisionStore;
import io.linkmesh.domain.port.out.FleetStatusExchange;
import io.linkmesh.domain.port.out.SecretGenerator;
import io.linkmesh.domain.service.FirewallService;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.http.ApiErrorHandler;
import io.linkmesh.http.PrometheusServerMetrics;
import io.linkmesh.http.RestApi;
import io.linkmesh.opamp.OpampServer;
import io.linkmesh.otlp.OtlpReceiver;
import io.linkmesh.web.WebUi;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LinkMesh server: the domain on its store, every adapter as a Jetty handler, all on one port.
 * Built by hand here; nothing else wires adapters.
 */
public final class LinkMeshServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinkMeshServer.class);

  /** How long an HTTP connection may stay silent (between or within requests). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final ServerSettings settings;
  private final Stores stores;
  private final LinkMeshDomain domain;
  private final PrometheusServerMetrics metrics;
  private final Server jetty;
  private final ServerConnector connector;
  private final ScheduledExecutorService housekeeping;
  private final @Nullable TlsMaterial tls;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private LinkMeshServer(ServerSettings settings, Stores stores, AdminToken admin, Clock clock) {
    this.settings = settings;
    this.stores = stores;
    this.metrics = PrometheusServerMetrics.create();
    LinkMeshDomain.Builder domainBuilder =
        LinkMeshDomain.builder()
            .store(new MeteredRevisionStore(stores.revisions(), metrics, System::nanoTime))
            .auditLog(stores.audit())
            .secrets(SecretGenerator.secureRandom())
            .clock(clock)
            .adminSecret(admin.secret())
            .replica(settings.replica())
            .fleetStatus(stores.fleetStatus());
    ConfigLanguages.validators().forEach(domainBuilder::validator);
    this.domain = domainBuilder.build();

    QueuedThreadPool threads = new QueuedThreadPool(256, 8);
    threads.setName("linkmesh-http");
    this.jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setRequestHeaderSize(16 * 1024);
    if (settings.plaintext()) {
      this.tls = null;
      this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    } else {
      this.tls =
          settings.tlsCert() != null
              ? TlsMaterial.fromPem(
                  settings.tlsCert(), java.util.Objects.requireNonNull(settings.tlsKey()))
              : TlsMaterial.selfSigned(
                  settings.dataDir(), java.util.Set.of(settings.externalUrl().getHost()));
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      char[] password = "linkmesh".toCharArray();
      ssl.setKeyStore(tls.keyStore(password));
      ssl.setKeyStorePassword(new String(password));
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      secure.setStsMaxAge(TrustedProxyCustomizer.STS_MAX_AGE_SECONDS);
      http.addCustomizer(secure);
      this.connector =
          new ServerConnector(
              jetty,
              new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
              new HttpConnectionFactory(http));
    }
    if (!settings.trustedProxies().isEmpty()) {
      http.addCustomizer(
          new TrustedProxyCustomizer(settings.trustedProxies(), settings.externallyHttps()));
    }
    connector.setHost(settings.listenHost());
    connector.setPort(settings.listenPort());
    // A connection that sends nothing for this long is closed: no thread waits on it (bodies are
    // read asynchronously, at a minimum data rate), but each one costs a socket and a TLS session.
    // OpAMP WebSockets set their own, longer idle timeout on upgrade and heartbeats keep it alive.
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    connector.setAcceptQueueSize(4096);
    jetty.addConnector(connector);

    List<Handler> handlers = new ArrayList<>();
    handlers.add(new HealthHandler(stores.revisions(), domain.operators()));

    FirewallService firewall =
        new FirewallService(
            domain.configs(),
            domain.directory(),
            ServerDeployment.of(settings),
            ConfigLanguages.extractors());

    handlers.add(new WebUi());
    handlers.add(
        RestApi.builder()
            .operators(domain.operators())
            .enrollment(domain.enrollment())
            .fleet(domain.fleet())
            .configs(domain.configs())
            .throughput(domain.throughput())
            .firewall(firewall)
            .metrics(metrics)
            .bootstrapSnippets(
                new AdapterBootstrapSnippets(!settings.plaintext() && settings.tlsCert() == null))
            .externalUrl(settings.externalUrl())
            .clock(clock)
            .build());

    OpampServer opamp =
        OpampServer.builder()
            .path("/v1/opamp")
            .useCases(domain.sessions())
            .metrics(metrics)
            .externalUrl(settings.externalUrl())
            .httpPollInterval(settings.opamp().httpPollInterval())
            .maxMessageBytes(settings.opamp().maxMessageBytes())
            .socketsPerCredential(settings.opamp().socketsPerCredential())
            .clock(clock)
            .build();
    closeables.add(opamp);
    domain.sessions().addNotifier(opamp.notifier());
    handlers.add(opamp.handler());

    AlloyRemoteConfigHandler alloy =
        AlloyRemoteConfigHandler.builder()
            .fleet(domain.sessions())
            .metrics(metrics)
            .clock(clock)
            .build();
    domain.sessions().addNotifier(alloy.notifier());
    handlers.add(alloy);

    handlers.add(
        OtlpReceiver.builder()
            .authenticator(domain.sessions())
            .metrics(domain.throughput())
            .path("/v1/metrics")
            .build());
    GracefulHandler graceful =
        new GracefulHandler(new Handler.Sequence(handlers.toArray(new Handler[0])));
    jetty.setHandler(graceful);
    jetty.setErrorHandler(new ApiErrorHandler());
    jetty.setStopTimeout(settings.shutdownGrace().toMillis());
    jetty.setStopAtShutdown(false);

    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "linkmesh-housekeeping");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Builds and starts a server.
   *
   * @throws StartupException when the configuration does not allow it to start (port in use...)
   */
  public static LinkMeshServer start(
      ServerSettings settings, Stores stores, AdminToken admin, Clock clock) {
    LinkMeshServer server = new LinkMeshServer(settings, stores, admin, clock);
    try {
      server.jetty.start();
    } catch (IOException e) {
      server.closeQuietly();
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new StartupException(
            "cannot listen on "
                + settings.listenHost()
                + ":"
                + settings.listenPort()
                + ": "
                + bindReason(e),
            e);
      }
      throw new StartupException("cannot start the server: " + e.getMessage(), e);
    } catch (Exception e) {
      server.closeQuietly();
      throw new StartupException("cannot start the server: " + e.getMessage(), e);
    }
    server.housekeeping.scheduleWithFixedDelay(server::sweep, 5, 5, TimeUnit.SECONDS);
    if (stores.fleetStatus() != FleetStatusExchange.none()) {
      // A single replica has no one to tell; building the summaries would be wasted work.
      long publishMillis = publishInterval(stores.fleetStatus().staleAfter()).toMillis();
      server.housekeeping.scheduleWithFixedDelay(
          server::publishStatus, publishMillis, publishMillis, TimeUnit.MILLISECONDS);
    }
    return server;
  }

  /**
   * How often the live status is offered to the other replicas: every 2 s, or a fifth of the
   * staleness bound when that is shorter (the Git store's bound is five poll intervals, so at most
   * once per poll). Publishing itself happens only when something changed or the last publication
   * ages (see {@code StatusPublisher#publishStatus}).
   */
  static Duration publishInterval(Duration staleAfter) {
    Duration fifth = staleAfter.dividedBy(5);
    Duration every = fifth.compareTo(Duration.ofSeconds(2)) < 0 ? fifth : Duration.ofSeconds(2);
    return every.compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : every;
  }

  private void publishStatus() {
    try {
      domain.status().publishStatus();
    } catch (RuntimeException e) {
      LOG.warn("Publishing the live status failed; will retry", e);
    }
  }

  private static String bindReason(Exception e) {
    Throwable t = e instanceof BindException ? e : e.getCause();
    String message = t == null ? null : t.getMessage();
    return message != null && message.contains("in use")
        ? "address already in use"
        : String.valueOf(message);
  }

  private void sweep() {
    try {
      int marked = domain.status().sweepSilentCollectors();
      if (marked > 0) {
        LOG.info("Marked {} silent pollers disconnected", marked);
      }
    } catch (RuntimeException e) {
      LOG.warn("Housekeeping failed; will retry", e);
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public LinkMeshDomain domain() {
    return domain;
  }

  public @Nullable TlsMaterial tls() {
    return tls;
  }

  public ServerSettings settings() {
    return settings;
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops gracefully: no new requests, in-flight ones finish within the grace period. */
  @Override
  public void close() {
    housekeeping.shutdownNow();
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly", e);
    }
    closeQuietly();
  }

  private void closeQuietly() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", closeable, e);
      }
    }
    try {
      stores.close();
    } catch (Exception e) {
      LOG.warn("Closing the store failed", e);
    }
  }
}
