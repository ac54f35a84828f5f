package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One network endpoint a config exports to, as found in its text.
 *
 * <p>The parsers ({@link #parseUrl}, {@link #parseHostPort}, {@link #parseGrpcTarget}) hold the one
 * rule for reading endpoint text, whatever config language it was written in: the language's
 * extractor finds the value and its context (TLS settings, the protocol's default port), the parser
 * reads host, port and encryption from it. They never throw on bad text; what they cannot read
 * comes back undetermined, with the reason.
 *
 * @param component the exporter's id in the config ({@code otlphttp/grafana}, {@code
 *     otelcol.exporter.otlp.default})
 * @param raw the endpoint exactly as written
 * @param host the host, null when it could not be determined
 * @param port the port (explicit or the scheme's default), 0 when it could not be determined
 * @param tls whether the connection is encrypted, as far as the config says
 * @param undetermined why host or port could not be determined (an environment-variable reference,
 *     an expression), null when they were
 */
public record ExporterEndpoint(
    String component,
    EndpointProtocol protocol,
    String raw,
    @Nullable String host,
    int port,
    boolean tls,
    @Nullable String undetermined) {

  private static final String GRPC_DNS_PREFIX = "dns:///";
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern NOT_IN_HOST = Pattern.compile("[\\s/@]");

  /** Bad text is quoted back in a reason only this far, so a stray secret stays out of reports. */
  private static final int MAX_QUOTED = 32;

  public ExporterEndpoint {
    requireNonNull(component, "component");
    requireNonNull(protocol, "protocol");
    requireNonNull(raw, "raw");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (undetermined == null && (host == null || port == 0)) {
      throw new IllegalArgumentException("a determined endpoint has a host and a port");
    }
  }

  /** An endpoint whose host or port the config text does not fix; {@code reason} says why. */
  public static ExporterEndpoint undetermined(
      String component, EndpointProtocol protocol, String raw, String reason) {
    requireNonNull(reason, "reason");
    return new ExporterEndpoint(component, protocol, raw, null, 0, false, reason);
  }

  /**
   * An endpoint written as an {@code http} or {@code https} URL: its host, its port or the scheme's
   * (443, 80), encrypted for {@code https}. Any other scheme, no scheme or no host is undetermined.
   */
  public static ExporterEndpoint parseUrl(String component, EndpointProtocol protocol, String raw) {
    return url(component, protocol, raw, raw.strip());
  }

  /**
   * An endpoint written as {@code host:port} (an IPv6 host in brackets, {@code
   * [2001:db8::1]:4317}); without a port, the protocol's {@linkplain EndpointProtocol#defaultPort()
   * default}, if it has one.
   *
   * @param tls whether the connection is encrypted; the text cannot say
   */
  public static ExporterEndpoint parseHostPort(
      String component, EndpointProtocol protocol, String raw, boolean tls) {
    return hostPort(component, protocol, raw, raw.strip(), tls);
  }

  /**
   * An OTLP/gRPC exporter's target: an {@code http(s)} URL, whose scheme decides encryption, or
   * {@code host:port} with an optional {@code dns:///} prefix (gRPC's name syntax), encrypted as
   * {@code tls} says. gRPC has no default port.
   */
  public static ExporterEndpoint parseGrpcTarget(String component, String raw, boolean tls) {
    String text = raw.strip();
    if (text.regionMatches(true, 0, GRPC_DNS_PREFIX, 0, GRPC_DNS_PREFIX.length())) {
      text = text.substring(GRPC_DNS_PREFIX.length());
    }
    return text.contains("://")
        ? url(component, EndpointProtocol.OTLP_GRPC, raw, text)
        : hostPort(component, EndpointProtocol.OTLP_GRPC, raw, text, tls);
  }

  private static ExporterEndpoint url(
      String component, EndpointProtocol protocol, String raw, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // getReason(), unlike getMessage(), does not repeat the input, which may carry a credential.
      return undetermined(component, protocol, raw, "not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return undetermined(
          component,
          protocol,
          raw,
          scheme.isEmpty()
              ? "not an http(s) URL"
              : "unsupported URL scheme '" + quoted(scheme) + "'");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return undetermined(component, protocol, raw, "URL has no host");
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    return new ExporterEndpoint(component, protocol, raw, Urls.bareHost(host), port, tls, null);
  }

  private static ExporterEndpoint hostPort(
      String component, EndpointProtocol protocol, String raw, String text, boolean tls) {
    String host;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return undetermined(component, protocol, raw, "unbalanced '[' in host");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return undetermined(component, protocol, raw, "not a host:port endpoint");
      }
      portText = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = text.lastIndexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? null : text.substring(colon + 1);
      // An IPv6 address without brackets cannot be told from its port.
      if (host.contains(":")) {
        return undetermined(component, protocol, raw, "not a host:port endpoint");
      }
    }
    if (host.isEmpty() || NOT_IN_HOST.matcher(host).find()) {
      return undetermined(component, protocol, raw, "not a host:port endpoint");
    }
    int port;
    if (portText == null) {
      if (protocol.defaultPort() == 0) {
        return undetermined(component, protocol, raw, "endpoint has no port");
      }
      port = protocol.defaultPort();
    } else if (!PORT.matcher(portText).matches()) {
      return undetermined(
          component, protocol, raw, "port is not a number: '" + quoted(portText) + "'");
    } else {
      port = Integer.parseInt(portText);
      if (port < 1 || port > 65535) {
        return undetermined(component, protocol, raw, "port out of range: " + port);
      }
    }
    return new ExporterEndpoint(component, protocol, raw, host, port, tls, null);
  }

  private static String quoted(String text) {
    return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
  }
}
