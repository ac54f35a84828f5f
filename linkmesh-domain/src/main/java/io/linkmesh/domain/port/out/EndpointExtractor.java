package io.linkmesh.domain.port.out;

import io.linkmesh.domain.connectivity.ExporterEndpoint;
import io.linkmesh.domain.fleet.CollectorRuntime;
import java.util.List;

/**
 * Finds the network endpoints a config body exports to, for the firewall model. Implemented by the
 * config-language modules, which find the values; {@link ExporterEndpoint}'s parsers read them.
 * Must not throw on a body the validator accepts; on text it cannot parse it returns what it could
 * find.
 */
public interface EndpointExtractor {
  CollectorRuntime runtime();

  List<ExporterEndpoint> exporterEndpoints(String content);
}
