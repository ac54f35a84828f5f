package io.linkmesh.http.internal;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.enrollment.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The route table: method + path template (OpenAPI syntax, {@code /collectors/{id}/labels},
 * relative to {@code /api/v1}) + the least role allowed + the endpoint. Literal segments win over
 * parameters, so {@code /revisions/{id}} and a later {@code /revisions/latest} can coexist.
 */
public final class Router {
  private static final Pattern LITERAL = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern PARAM = Pattern.compile("\\{[a-z][A-Za-z0-9]*\\}");

  private final List<Route> routes = new ArrayList<>();

  /** One route. */
  public record Route(String method, String template, Role role, Endpoint endpoint) {
    public Route {
      requireNonNull(method, "method");
      requireNonNull(template, "template");
      requireNonNull(role, "role");
      requireNonNull(endpoint, "endpoint");
    }

    List<String> segments() {
      return List.of(template.substring(1).split("/", -1));
    }
  }

  /** What a request path and method found. */
  public sealed interface Match {
    /** A route, with its path parameters. */
    record Found(Route route, Map<String, String> params) implements Match {}

    /** The path exists, but not for this method. */
    record WrongMethod(Set<String> allowed) implements Match {}

    /** No route has this path. */
    record Missing() implements Match {}
  }

  public Router get(String template, Role role, Endpoint endpoint) {
    return add("GET", template, role, endpoint);
  }

  public Router post(String template, Role role, Endpoint endpoint) {
    return add("POST", template, role, endpoint);
  }

  public Router put(String template, Role role, Endpoint endpoint) {
    return add("PUT", template, role, endpoint);
  }

  public Router delete(String template, Role role, Endpoint endpoint) {
    return add("DELETE", template, role, endpoint);
  }

  public Router add(String method, String template, Role role, Endpoint endpoint) {
    Route route = new Route(method, template, role, endpoint);
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a template starts with '/': " + template);
    }
    for (String segment : route.segments()) {
      if (!LITERAL.matcher(segment).matches() && !PARAM.matcher(segment).matches()) {
        throw new IllegalArgumentException("bad segment '" + segment + "' in " + template);
      }
    }
    for (Route other : routes) {
      if (other.method().equals(method) && shape(other).equals(shape(route))) {
        throw new IllegalArgumentException("duplicate route " + method + " " + template);
      }
    }
    routes.add(route);
    return this;
  }

  /** Every route, in the order added. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /**
   * @param path the path below {@code /api/v1}, starting with {@code /}, already percent-decoded
   */
  public Match match(String method, String path) {
    if (!path.startsWith("/")) {
      return new Match.Missing();
    }
    String[] parts = path.substring(1).split("/", -1);
    Set<String> allowed = new TreeSet<>();
    Route best = null;
    Map<String, String> bestParams = Map.of();
    int bestLiterals = -1;
    for (Route route : routes) {
      Map<String, String> params = bind(route, parts);
      if (params == null) {
        continue;
      }
      allowed.add(route.method());
      if (route.method().equals(method)) {
        int literals = literals(route);
        if (literals > bestLiterals) {
          best = route;
          bestParams = params;
          bestLiterals = literals;
        }
      }
    }
    if (best != null) {
      return new Match.Found(best, bestParams);
    }
    return allowed.isEmpty() ? new Match.Missing() : new Match.WrongMethod(allowed);
  }

  private static @Nullable Map<String, String> bind(Route route, String[] parts) {
    List<String> segments = route.segments();
    if (segments.size() != parts.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      if (segment.startsWith("{")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(segment.substring(1, segment.length() - 1), parts[i]);
      } else if (!segment.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  private static int literals(Route route) {
    return (int) route.segments().stream().filter(s -> !s.startsWith("{")).count();
  }

  private static String shape(Route route) {
    return route.template().replaceAll("\\{[^}]*\\}", "{}");
  }
}
