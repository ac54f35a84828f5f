package io.linkmesh.domain.connectivity;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * How collectors and browsers reach the server: the external URL split into scheme, host and port
 * (explicit, or the scheme's default).
 *
 * @param url the external URL without user information, path kept
 */
public record ServerAddress(String url, String scheme, String host, int port) {
  public ServerAddress {
    requireNonNull(url, "url");
    requireNonNull(scheme, "scheme");
    requireNonNull(host, "host");
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("external URL scheme must be https or http: " + scheme);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("external URL has no host: " + url);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("external URL port out of range: " + port);
    }
  }

  /**
   * Parses an external URL such as {@code https://linkmesh.example.com} or {@code
   * http://10.0.0.5:8080/}.
   *
   * @throws IllegalArgumentException naming the value when it is not an http(s) URL with a host
   */
  public static ServerAddress parse(String externalUrl) {
    requireNonNull(externalUrl, "externalUrl");
    URI uri;
    try {
      uri = new URI(externalUrl.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "external URL is not a URL: " + Urls.redact(externalUrl), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          "external URL must start with https:// or http://: " + Urls.redact(externalUrl));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("external URL has no host: " + Urls.redact(externalUrl));
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new ServerAddress(Urls.redact(externalUrl.strip()), scheme, Urls.bareHost(host), port);
  }

  /** Whether browsers and collectors reach the server over TLS. */
  public boolean tls() {
    return scheme.equals("https");
  }
}
