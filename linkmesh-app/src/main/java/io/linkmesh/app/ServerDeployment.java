package io.linkmesh.app;

import io.linkmesh.domain.connectivity.ChannelMode;
import io.linkmesh.domain.connectivity.Deployment;

/** The deployment the firewall model describes, derived from the server's settings. */
public final class ServerDeployment {
  private ServerDeployment() {}

  public static Deployment of(ServerSettings settings) {
    Deployment.Builder deployment =
        Deployment.builder()
            .externalUrl(settings.externalUrl().toString())
            // Port 0 (tests) binds any free port; the firewall then speaks of the external one.
            .listenPort(settings.listenPort() > 0 ? settings.listenPort() : externalPort(settings))
            // No onboarding agent ships yet, so its channel is not part of this deployment.
            .agent(ChannelMode.OFF);
    if (settings.git() != null) {
      deployment.gitStore(settings.git().url());
    } else {
      deployment.fsStore();
    }
    return deployment.build();
  }

  private static int externalPort(ServerSettings settings) {
    int port = settings.externalUrl().getPort();
    return port > 0 ? port : settings.plaintext() ? 80 : 443;
  }
}
