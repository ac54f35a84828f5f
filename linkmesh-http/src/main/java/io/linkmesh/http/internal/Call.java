package io.linkmesh.http.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.linkmesh.domain.audit.Actor;
import io.linkmesh.domain.port.in.OperatorAuthentication;
import io.linkmesh.domain.revision.RevisionId;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/** One authenticated request as an endpoint sees it: parameters, query, body, who is calling. */
public final class Call {
  private final Request request;
  private final Map<String, String> params;
  private final OperatorAuthentication.Operator operator;
  private final String address;
  private final byte[] body;
  private @Nullable Fields query;

  public Call(
      Request request,
      Map<String, String> params,
      OperatorAuthentication.Operator operator,
      String address,
      byte[] body) {
    this.request = requireNonNull(request, "request");
    this.params = Map.copyOf(params);
    this.operator = requireNonNull(operator, "operator");
    this.address = requireNonNull(address, "address");
    this.body = requireNonNull(body, "body");
  }

  public OperatorAuthentication.Operator operator() {
    return operator;
  }

  /** The client's address. */
  public String address() {
    return address;
  }

  /** Whether the request came over TLS. */
  public boolean secure() {
    return request.isSecure();
  }

  /** The caller, for the audit log. */
  public Actor actor() {
    return new Actor(operator.name(), address);
  }

  /** A path parameter of the route template. */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("the route has no parameter " + name);
    }
    return value;
  }

  /** The scheme, host and port the client used, e.g. {@code https://linkmesh.example:8443}. */
  public URI requestBase() {
    String scheme = request.getHttpURI().getScheme();
    String host = Request.getServerName(request);
    int port = Request.getServerPort(request);
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create((scheme == null ? "https" : scheme) + "://" + host + ":" + port);
  }

  public @Nullable String header(String name) {
    return request.getHeaders().get(name);
  }

  /** A query parameter given at most once; null when absent. */
  public @Nullable String query(String name) {
    List<String> values = queryValues(name);
    if (values.size() > 1) {
      throw ApiException.badRequest("query parameter '" + name + "' is given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a repeatable query parameter. */
  public List<String> queryValues(String name) {
    if (query == null) {
      try {
        query = Request.extractQueryParameters(request);
      } catch (RuntimeException e) {
        throw ApiException.badRequest("the query string is malformed");
      }
    }
    List<String> values = query.getValues(name);
    return values == null ? List.of() : values;
  }

  /** A whole-number query parameter in {@code [min, max]}, or the default when absent. */
  public int intQuery(String name, int min, int max, int defaultValue) {
    String value = query(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "query parameter '" + name + "' must be a whole number from " + min + " to " + max);
  }

  /** An RFC 3339 time query parameter, or null when absent. */
  public @Nullable Instant timeQuery(String name) {
    String value = query(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "query parameter '" + name + "' must be an RFC 3339 time like 2026-01-31T12:00:00Z");
    }
  }

  /** {@code true}/{@code false}, or null when absent. */
  public @Nullable Boolean booleanQuery(String name) {
    String value = query(name);
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.badRequest("query parameter '" + name + "' must be true or false");
    };
  }

  /**
   * The {@code If-Match} header as a revision id: {@code "<revision id>"} (an entity tag). Null
   * when absent; 400 when it is not one quoted revision id.
   */
  public @Nullable RevisionId ifMatch() {
    String value = header(HttpHeader.IF_MATCH.asString());
    if (value == null) {
      return null;
    }
    String tag = value.strip();
    if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
      String id = tag.substring(1, tag.length() - 1);
      if (RevisionId.isValid(id)) {
        return RevisionId.of(id);
      }
    }
    throw new ApiException(
        400,
        "invalid_if_match",
        "If-Match must be one revision id in double quotes, like If-Match: \"<revision id>\"");
  }

  /**
   * The raw body, already read (and bounded) by {@link io.linkmesh.http.RestApi} before the route
   * runs, so no route ever waits on the network.
   */
  public byte[] body() {
    return body;
  }

  /** The body as JSON of {@code type}; an empty body is read as {@code {}} when allowed. */
  public <T> T json(Class<T> type, boolean emptyIsObject) {
    byte[] body = jsonBody(emptyIsObject);
    return Json.read(body, type);
  }

  public <T> T json(TypeReference<T> type) {
    return Json.read(jsonBody(false), type);
  }

  private byte[] jsonBody(boolean emptyIsObject) {
    String type = header(HttpHeader.CONTENT_TYPE.asString());
    if (type != null) {
      String mime = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!mime.equals("application/json") && !mime.endsWith("+json")) {
        throw new ApiException(
            415, "unsupported_media_type", "send the body as Content-Type: application/json");
      }
    }
    byte[] body = body();
    if (body.length == 0 || isBlank(body)) {
      if (emptyIsObject) {
        return new byte[] {'{', '}'};
      }
      throw ApiException.badRequest("the request needs a JSON body");
    }
    return body;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
