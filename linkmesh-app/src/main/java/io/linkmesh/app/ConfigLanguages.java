package io.linkmesh.app;

import io.linkmesh.config.alloy.AlloyConfigValidator;
import io.linkmesh.config.alloy.AlloyEndpointExtractor;
import io.linkmesh.config.otelcol.OtelcolConfigValidator;
import io.linkmesh.config.otelcol.OtelcolEndpointExtractor;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.util.List;

/**
 * The config languages LinkMesh understands, one validator and one endpoint extractor per runtime,
 * from the config-language modules (never from a protocol adapter).
 */
public final class ConfigLanguages {
  private ConfigLanguages() {}

  public static List<ConfigValidator> validators() {
    return List.of(new OtelcolConfigValidator(), AlloyConfigValidator.create());
  }

  public static List<EndpointExtractor> extractors() {
    return List.of(new OtelcolEndpointExtractor(), AlloyEndpointExtractor.create());
  }
}
