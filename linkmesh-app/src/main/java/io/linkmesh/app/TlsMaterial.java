package io.linkmesh.app;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS key and certificate chain: from PEM files the operator gives, or a self-signed
 * certificate generated into the data directory on first start and reused after.
 *
 * @param generated whether this start generated the self-signed certificate
 * @param certificateFile the PEM file of the certificate (for collectors' {@code ca_file})
 */
public record TlsMaterial(
    PrivateKey key, List<X509Certificate> chain, Path certificateFile, boolean generated) {
  static final String DIR = "tls";
  private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);

  public TlsMaterial {
    chain = List.copyOf(chain);
  }

  /** A key store holding the key and chain, for Jetty's SSL context. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("linkmesh", key, password, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new StartupException("cannot build the TLS key store: " + e.getMessage(), e);
    }
  }

  static TlsMaterial fromPem(Path certFile, Path keyFile) {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      Object item;
      while ((item = parser.readObject()) != null) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupException(
          "cannot read the certificate " + certFile + ": " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new StartupException("no PEM certificate found in " + certFile);
    }
    PrivateKey key = readKey(keyFile);
    OwnerOnlyFiles.warnIfExposed(keyFile, "TLS private key");
    return new TlsMaterial(key, chain, certFile, false);
  }

  private static PrivateKey readKey(Path keyFile) {
    try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object item = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (item instanceof PEMKeyPair pair) {
        return pair.getPublicKeyInfo() != null
            ? converter.getKeyPair(pair).getPrivate()
            : converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (item instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new StartupException(
          "no unencrypted PEM private key found in " + keyFile + " (PKCS#1, SEC1 or PKCS#8)");
    } catch (IOException e) {
      throw new StartupException(
          "cannot read the private key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  /** The self-signed pair under {@code <dataDir>/tls}, created on first use. */
  static TlsMaterial selfSigned(Path dataDir, Set<String> hostNames) {
    Path dir = dataDir.resolve(DIR);
    Path certFile = dir.resolve("server.crt");
    Path keyFile = dir.resolve("server.key");
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      return fromPem(certFile, keyFile);
    }
    try {
      OwnerOnlyFiles.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X509Certificate cert = selfSign(pair, hostNames);
      writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null));
      writePem(certFile, cert);
      return new TlsMaterial(pair.getPrivate(), List.of(cert), certFile, true);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new StartupException(
          "cannot create a self-signed certificate in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate selfSign(KeyPair pair, Set<String> hostNames)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    Set<String> names = new LinkedHashSet<>(hostNames);
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("::1");
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // No resolvable host name: the certificate still covers the others.
    }
    List<GeneralName> sans = new ArrayList<>();
    for (String name : names) {
      boolean ip = name.matches("[0-9.]+") || name.contains(":");
      sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
    }
    String cn = names.iterator().next();
    X500Name subject =
        new X500Name("CN=" + cn.replaceAll("[,=+<>#;\"\\\\]", "_") + ",O=LinkMesh (self-signed)");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(SELF_SIGNED_VALIDITY)),
            subject,
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(sans.toArray(new GeneralName[0])));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  private static void writePem(Path file, Object object) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    // The certificate is public, but nothing in the data directory follows the umask.
    OwnerOnlyFiles.createFile(tmp);
    try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(object);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
