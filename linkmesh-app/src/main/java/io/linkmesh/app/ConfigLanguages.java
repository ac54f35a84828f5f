package io.linkmesh.app;

import io.linkmesh.alloy.AlloyConfigValidator;
import io.linkmesh.alloy.AlloyEndpointExtractor;
import io.linkmesh.domain.port.out.ConfigValidator;
import io.linkmesh.domain.port.out.EndpointExtractor;
import java.util.List;

/**
 * The config languages LinkMesh understands, one validator and one endpoint extractor per runtime,
 * taken from the adapter that owns each language's parser.
 */
public final class ConfigLanguages {
  private ConfigLanguages() {}

  public static List<ConfigValidator> validators() {
    return List.of(AlloyConfigValidator.create());
  }

  public static List<EndpointExtractor> extractors() {
    return List.of(AlloyEndpointExtractor.create());
  }
}
