package io.linkmesh.app;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Applies Jetty's {@link ForwardedRequestCustomizer} ({@code Forwarded}, {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto}, ...) only to connections from a trusted proxy. Anyone else could claim
 * any client address or scheme with those headers, so for them the headers are ignored and the
 * request keeps the peer's real address: per-client limits and the audit log then see who really
 * connected.
 *
 * <p>A request a trusted proxy says arrived over HTTPS also gets the HSTS header, as a direct TLS
 * connection does from {@code SecureRequestCustomizer}.
 */
final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
  /** A year, the value HSTS preload lists expect; browsers ignore it on untrusted certificates. */
  static final long STS_MAX_AGE_SECONDS = 365L * 24 * 3600;

  static final String STS_VALUE = "max-age=" + STS_MAX_AGE_SECONDS;

  // Digits, hex, dots, colons, '/' and '-' only: InetAddressSet would resolve a host name.
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:/\\-\\[\\]]+");

  private final InetAddressSet trusted;
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();
  private final boolean hsts;

  /**
   * @param hsts whether to send HSTS on requests a trusted proxy forwards as HTTPS
   */
  TrustedProxyCustomizer(List<String> proxies, boolean hsts) {
    this.trusted = addresses(proxies);
    this.hsts = hsts;
  }

  /**
   * Parses the {@code --trusted-proxies} entries.
   *
   * @throws StartupException naming an entry that is not an address, CIDR block or range
   */
  static InetAddressSet addresses(List<String> proxies) {
    InetAddressSet set = new InetAddressSet();
    for (String proxy : proxies) {
      String entry = proxy.strip();
      try {
        if (!ADDRESS.matcher(entry).matches()) {
          throw new IllegalArgumentException(entry);
        }
        set.add(entry);
      } catch (IllegalArgumentException e) {
        throw new StartupException(
            "--trusted-proxies: '"
                + entry
                + "' is not an IP address, CIDR block (10.0.0.0/8) or range (10.0.0.1-10.0.0.9)",
            e);
      }
    }
    return set;
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(peer instanceof InetSocketAddress inet)
        || inet.getAddress() == null
        || !trusted.test(inet.getAddress())) {
      return request;
    }
    Request customized = forwarded.customize(request, responseHeaders);
    if (hsts && customized.isSecure() && !request.isSecure()) {
      responseHeaders.put(HttpHeader.STRICT_TRANSPORT_SECURITY, STS_VALUE);
    }
    return customized;
  }
}
