package io.linkmesh.http.internal;

import io.linkmesh.domain.connectivity.FirewallReport;
import io.linkmesh.domain.enrollment.Role;
import io.linkmesh.domain.fleet.CollectorId;
import io.linkmesh.domain.port.in.FirewallQueries;
import io.linkmesh.firewall.render.FirewallFormat;
import io.linkmesh.firewall.render.HostRole;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code /firewall} and {@code /collectors/{id}/firewall}: the rules the deployment needs, as JSON
 * or in the text renderings {@code ?format=markdown|csv|nftables|iptables|k8s}.
 */
public final class FirewallRoutes {
  private final @Nullable FirewallQueries firewall;

  public FirewallRoutes(@Nullable FirewallQueries firewall) {
    this.firewall = firewall;
  }

  public void register(Router router) {
    router
        .get("/firewall", Role.VIEWER, this::rules)
        .get("/collectors/{id}/firewall", Role.VIEWER, this::rulesFor);
  }

  private Reply rules(Call call) {
    FirewallQueries queries = queries();
    Rendering rendering = rendering(call);
    return rendering.reply(queries.rules());
  }

  private Reply rulesFor(Call call) {
    FirewallQueries queries = queries();
    Rendering rendering = rendering(call);
    String value = call.param("id");
    FirewallReport report =
        CollectorId.isValid(value) ? queries.rulesFor(CollectorId.of(value)).orElse(null) : null;
    if (report == null) {
      String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
      throw ApiException.notFound("no collector '" + shown + "'");
    }
    return rendering.reply(report);
  }

  private FirewallQueries queries() {
    FirewallQueries queries = firewall;
    if (queries == null) {
      throw new ApiException(
          501, "not_configured", "this server has no firewall rule source configured");
    }
    return queries;
  }

  private static Rendering rendering(Call call) {
    return new Rendering(
        choice(
            call,
            "format",
            FirewallFormat::parse,
            FirewallFormat.JSON,
            "one of json, markdown, csv, nftables, iptables, k8s"),
        choice(call, "role", HostRole::parse, HostRole.ALL, "server, collectors or all"));
  }

  /** The value a query parameter names, {@code absent} without it; a 400 for an unknown name. */
  private static <T> T choice(
      Call call, String parameter, Function<String, Optional<T>> parse, T absent, String allowed) {
    String name = call.query(parameter);
    if (name == null) {
      return absent;
    }
    return parse
        .apply(name)
        .orElseThrow(
            () ->
                ApiException.badRequest("query parameter '" + parameter + "' must be " + allowed));
  }

  private record Rendering(FirewallFormat format, HostRole role) {
    Reply reply(FirewallReport report) {
      return Reply.text(200, format.mediaType(), format.render(report, role));
    }
  }
}
