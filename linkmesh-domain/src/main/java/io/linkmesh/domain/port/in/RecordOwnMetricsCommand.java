package io.linkmesh.domain.port.in;

import static java.util.Objects.requireNonNull;

import io.linkmesh.domain.throughput.MetricSample;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one OTLP resource, and who sent them.
 *
 * <p>The numbers are attributed to the collector the secret belongs to. The resource may name a
 * collector in {@value #LINKMESH_COLLECTOR_ID} (set by LinkMesh's bootstrap, e.g. for Alloy) or
 * else {@value #SERVICE_INSTANCE_ID} (the OpAMP instance uid, set by the supervisor); a name that
 * disagrees with the secret's collector rejects the resource. An enrollment token must be told
 * which of its collectors is pushing, so there the name is required.
 *
 * @param authentication what {@link AuthenticateCollectorUseCase} said of the bearer secret
 * @param resource the resource attributes, values as strings
 * @param samples the resource's number data points (sums and gauges)
 */
public record RecordOwnMetricsCommand(
    CollectorAuthentication authentication,
    Map<String, String> resource,
    List<MetricSample> samples) {

  public static final String LINKMESH_COLLECTOR_ID = "linkmesh.collector.id";
  public static final String SERVICE_INSTANCE_ID = "service.instance.id";

  public RecordOwnMetricsCommand {
    requireNonNull(authentication, "authentication");
    resource = Map.copyOf(requireNonNull(resource, "resource"));
    samples = List.copyOf(requireNonNull(samples, "samples"));
  }
}
