package io.linkmesh.sim.internal;

import io.linkmesh.sim.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The Jetty client TLS set-up for a {@link Trust}. */
final class Tls {
  private Tls() {}

  static SslContextFactory.Client factory(Trust trust) {
    SslContextFactory.Client ssl = new SslContextFactory.Client();
    if (trust instanceof Trust.Insecure) {
      ssl.setTrustAll(true);
      ssl.setEndpointIdentificationAlgorithm(null);
    } else if (trust instanceof Trust.CaCert ca) {
      ssl.setTrustStore(load(ca));
    }
    return ssl;
  }

  private static KeyStore load(Trust.CaCert ca) {
    try (InputStream in = Files.newInputStream(ca.pem())) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + ca.pem());
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ca.pem() + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          ca.pem() + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
