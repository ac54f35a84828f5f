package io.linkmesh.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.connectivity.Deployment;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.fleet.CollectorRuntime;
import io.linkmesh.domain.fleet.Transport;
import io.linkmesh.domain.port.in.AuthenticateCollectorCommand;
import io.linkmesh.domain.port.in.CollectorAuthentication;
import io.linkmesh.domain.port.in.ConnectCollectorCommand;
import io.linkmesh.domain.port.in.ConnectOutcome;
import io.linkmesh.domain.port.in.MintEnrollmentTokenCommand;
import io.linkmesh.domain.service.FirewallService;
import io.linkmesh.domain.service.LinkMeshDomain;
import io.linkmesh.domain.testing.InMemoryAuditLog;
import io.linkmesh.domain.testing.InMemoryRevisionStore;
import io.linkmesh.domain.testing.LineEndpointExtractor;
import io.linkmesh.domain.testing.SequentialSecretGenerator;
import io.linkmesh.http.ApiErrorHandler;
import io.linkmesh.http.RestApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in Debian's headless Chromium (driven by Selenium through chromedriver) against a real
 * Jetty serving {@link WebUi} and {@link RestApi} over plain HTTP, on the domain's in-memory fakes.
 * Chromium and chromedriver must be installed ({@code apt-get install -y chromium
 * chromium-driver}); the test fails, not skips, without them.
 */
class WebUiBrowserTest {
  static final String ADMIN = "admin-secret-for-browser-tests-0123456789";
  static final String CHROMIUM = System.getProperty("linkmesh.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("linkmesh.chromedriver", "/usr/bin/chromedriver");

  private LinkMeshDomain domain;
  private Server server;
  private String base;
  private Path profile;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    assertThat(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)))
        .as(
            "the browser test needs Chromium at %s and chromedriver at %s: install them with"
                + " 'apt-get install -y chromium chromium-driver' (or set -Dlinkmesh.chromium and"
                + " -Dlinkmesh.chromedriver); README.md, 'Tests', lists every tool the tests need",
            CHROMIUM, CHROMEDRIVER)
        .isTrue();
    domain =
        LinkMeshDomain.builder()
            .store(new InMemoryRevisionStore())
            .auditLog(new InMemoryAuditLog())
            .secrets(new SequentialSecretGenerator())
            .clock(Clock.systemUTC())
            .validator(new BogusComponentValidator())
            .adminSecret(ADMIN)
            .build();
    RestApi api =
        RestApi.builder()
            .operators(domain.operators())
            .enrollment(domain.enrollment())
            .fleet(domain.fleet())
            .configs(domain.configs())
            .throughput(domain.throughput())
            .firewall(
                new FirewallService(
                    domain.configs(),
                    domain.fleet(),
                    Deployment.builder().externalUrl("https://linkmesh.example.com").build(),
                    List.of(new LineEndpointExtractor(CollectorRuntime.OTELCOL))))
            .bootstrapSnippets(
                (runtime, token, url) ->
                    "# "
                        + runtime.wireName()
                        + " bootstrap\nendpoint: "
                        + url
                        + "\ntoken: "
                        + token
                        + "\n")
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Sequence(api, new WebUi()));
    server.setErrorHandler(new ApiErrorHandler());
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();

    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    profile = Files.createTempDirectory("linkmesh-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        "--user-data-dir=" + profile);
    // With the driver and the binary named explicitly, Selenium Manager downloads nothing.
    browser = new ChromeDriver(options);
    browser.manage().window().setSize(new Dimension(1400, 900));
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (server != null) {
        server.stop();
      }
      if (profile != null) {
        try (Stream<Path> files = Files.walk(profile)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // a profile file Chromium still held; the temp dir is cleaned by the OS
        }
      }
    }
  }

  @Test
  void operatorLogsInSeesTheFleetEditsAConfigAndRestoresItFromHistory() throws Exception {
    connect("edge-1");

    // Login
    browser.get(base + "/");
    WebElement token =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-token")));
    token.sendKeys(ADMIN);
    browser.findElement(By.id("login-submit")).click();

    // Fleet
    WebElement fleet =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fleet-table")));
    assertThat(fleet.getText()).contains("edge-1").contains("otelcol").contains("connected");
    assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("admin (admin)");
    shoot("fleet"); // for a person to look at: /tmp/linkmesh-fleet.png

    // Collector detail
    browser.findElement(By.linkText("edge-1")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Attributes"));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("host.name");

    // A new config
    browser.get(base + "/#/configs/new");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cfg-name"))).sendKeys("base");
    new Select(browser.findElement(By.id("cfg-runtime"))).selectByValue("otelcol");
    browser.findElement(By.id("cfg-selector")).sendKeys("env=prod");
    browser.findElement(By.id("cfg-content")).sendKeys("receivers:\n  otlp: {}\n");
    browser.findElement(By.id("cfg-message")).sendKeys("first version");
    browser.findElement(By.id("cfg-save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Saved as revision"));

    // A refused edit shows the validator's problems with line and column
    WebElement content =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cfg-content")));
    content.clear();
    content.sendKeys("receivers:\n  bogus: {}\n");
    browser.findElement(By.id("cfg-save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("main"), "line 2, column 3: unknown component 'bogus'"));

    // A valid second version on top of the first
    content.clear();
    content.sendKeys("receivers:\n  otlp:\n    protocols: {}\n");
    browser.findElement(By.id("cfg-message")).sendKeys("second version");
    browser.findElement(By.id("cfg-save")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("main"), "Saved as revision"));
    assertThat(config().content()).isEqualTo("receivers:\n  otlp:\n    protocols: {}\n");

    // History and a diff
    browser.get(base + "/#/history");
    WebElement history =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-table")));
    assertThat(history.getText()).contains("first version").contains("second version");
    history.findElement(revisionLink("second version")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre.diff")));
    String diff = browser.findElement(By.cssSelector("pre.diff")).getText();
    assertThat(diff).contains("+    protocols: {}").contains("-  otlp: {}");

    // Restore the first version
    browser.get(base + "/#/history");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history-table")))
        .findElement(revisionLink("first version"))
        .click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("restore"))).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("main"), "Restored as new revision"));
    assertThat(config().content()).isEqualTo("receivers:\n  otlp: {}\n");

    // Enrollment: the token once, and the snippets that carry it
    browser.get(base + "/#/enroll");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("mint"))).click();
    String minted =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enr-token")))
            .getAttribute("value");
    assertThat(minted).isNotBlank();
    WebElement snippet =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bootstrap-alloy")));
    assertThat(snippet.getText()).contains("alloy bootstrap").contains(minted);
    assertThat(browser.findElement(By.id("bootstrap-otelcol")).getText()).contains(minted);

    // Firewall: the markdown rendering and the download links
    browser.get(base + "/#/firewall");
    WebElement rules =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("firewall-markdown")));
    assertThat(rules.findElement(By.tagName("table")).getText())
        .contains("LinkMesh server")
        .contains("443");
    assertThat(browser.findElement(By.linkText("nftables (server)")).getAttribute("href"))
        .endsWith("/api/v1/firewall?format=nftables&role=server");
  }

  private void shoot(String name) throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(
        shot, Path.of("/tmp/linkmesh-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The link of the history row whose message is {@code message}. */
  private static By revisionLink(String message) {
    return By.xpath(".//tr[td[normalize-space(.)='" + message + "']]//a");
  }

  private ConfigSpec config() {
    return domain.configs().config(ConfigName.of("base")).orElseThrow();
  }

  private void connect(String id) {
    String token =
        domain
            .enrollment()
            .mint(new MintEnrollmentTokenCommand(Actor.system(), null, 0, Map.of("env", "prod")))
            .token();
    CollectorAuthentication auth =
        domain.fleet().authenticate(new AuthenticateCollectorCommand(token));
    ConnectOutcome outcome =
        domain
            .fleet()
            .connect(
                new ConnectCollectorCommand(
                    auth,
                    CollectorId.of(id),
                    CollectorRuntime.OTELCOL,
                    Transport.WEBSOCKET,
                    id,
                    Map.of("host.name", id),
                    ConnectCollectorCommand.CredentialRequest.IF_MISSING,
                    null,
                    "10.0.0.7"));
    assertThat(outcome).isInstanceOf(ConnectOutcome.Connected.class);
  }
}
