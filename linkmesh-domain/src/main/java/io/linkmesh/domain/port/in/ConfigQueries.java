package io.linkmesh.domain.port.in;

import io.linkmesh.domain.config.ConfigName;
import io.linkmesh.domain.config.ConfigSpec;
import io.linkmesh.domain.revision.Revision;
import java.util.List;
import java.util.Optional;

/** Read-only views of the current configs. */
public interface ConfigQueries {
  /** Every config, by name. */
  List<ConfigSpec> configs();

  Optional<ConfigSpec> config(ConfigName name);

  /** The revision the current state comes from; empty before the first write. */
  Optional<Revision> head();
}
