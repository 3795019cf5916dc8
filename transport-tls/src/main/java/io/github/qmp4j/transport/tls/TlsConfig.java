package io.github.qmp4j.transport.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS settings of the {@code tls:} transport: whom to trust, which certificate to present, and
 * how strictly to check the peer. Immutable and thread-safe; build it once with {@link #builder()}
 * and store it under {@link TlsTransportOptions#CONFIG}. The same settings serve both ends: a
 * client presents the identity as its client certificate, a server as its server certificate.
 *
 * <p>Secure by default: a client verifies the server's certificate chain against the trusted CAs
 * (the JDK's default CAs when none are given) and the server's host name against the address it
 * connects to ("HTTPS" endpoint identification); a server {@linkplain TlsClientAuth#REQUIRED
 * requires} a trusted client certificate, as QEMU's {@code verify-peer=on} does. Only {@link
 * Builder#insecureTrustAllCertificates()} turns verification off, and every connection made so logs
 * a warning.
 *
 * <p>PEM files and key stores are read by {@link Builder#build()}, which fails with a {@link
 * TlsConfigException} naming the file; handshakes then use one shared {@link SSLContext} of
 * BouncyCastle's JSSE provider, passed as an instance and never installed in {@link
 * java.security.Security}.
 */
public final class TlsConfig {
  /** The protocol versions enabled unless {@link Builder#protocols} says otherwise. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** How long a server waits for an accepted client's handshake by default: 10 s. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final SSLContext context;
  private final boolean verifiesPeer;
  private final boolean hasIdentity;
  private final @Nullable String serverName;
  private final TlsClientAuth clientAuth;
  private final List<String> protocols;
  private final Duration handshakeTimeout;
  private final boolean singleByteRecords;
  private final String description;

  private TlsConfig(
      SSLContext context,
      boolean verifiesPeer,
      boolean hasIdentity,
      Builder b,
      String description) {
    this.context = context;
    this.verifiesPeer = verifiesPeer;
    this.hasIdentity = hasIdentity;
    this.serverName = b.serverName;
    this.clientAuth = b.clientAuth;
    this.protocols = List.copyOf(b.protocols);
    this.handshakeTimeout = b.handshakeTimeout;
    this.singleByteRecords = b.singleByteRecords;
    this.description = description;
  }

  /** Returns a builder with the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the settings used when none are given: trust the JDK's default CAs, verify host names,
   * present no certificate. Enough for a client of a server with a publicly trusted certificate; a
   * server needs an identity, so it cannot start with these.
   */
  public static TlsConfig defaults() {
    return Defaults.INSTANCE;
  }

  private static final class Defaults {
    static final TlsConfig INSTANCE = builder().build();
  }

  /** Tells whether peer certificates are verified (false only after insecureTrustAll...). */
  public boolean verifiesPeer() {
    return verifiesPeer;
  }

  /** Tells whether this end has a certificate and key to present. */
  public boolean hasIdentity() {
    return hasIdentity;
  }

  /**
   * Returns the name a client checks the server's certificate against (and sends as SNI) instead of
   * the host of the address, if one was set.
   */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /** Returns whether a server asks clients for certificates. */
  public TlsClientAuth clientAuth() {
    return clientAuth;
  }

  /** Returns the enabled protocol versions, e.g. {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return protocols;
  }

  /** Returns how long a server waits for an accepted client to complete its handshake. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Tells whether every byte written goes out in a TLS record of its own (for QEMU before 8.0). */
  public boolean singleByteRecords() {
    return singleByteRecords;
  }

  SSLSocketFactory socketFactory() {
    return context.getSocketFactory();
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * Builds a {@link TlsConfig}. Setters only record; {@link #build()} reads files and checks
   * everything.
   */
  public static final class Builder {
    private final List<Path> trustedPems = new ArrayList<>();
    private final List<X509Certificate> trusted = new ArrayList<>();
    private final List<KeyStore> trustStores = new ArrayList<>();
    private boolean insecureTrustAll;
    private @Nullable Path identityCertificatePem;
    private @Nullable Path identityKeyPem;
    private @Nullable PrivateKey identityKey;
    private List<X509Certificate> identityChain = List.of();
    private @Nullable KeyStore identityStore;
    private char[] identityStorePassword = new char[0];
    private @Nullable String serverName;
    private TlsClientAuth clientAuth = TlsClientAuth.REQUIRED;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private boolean singleByteRecords;

    private Builder() {}

    /**
     * Trusts the CA certificates in a PEM file, such as QEMU's {@code ca-cert.pem}. May be called
     * several times; all of them are trusted, and the JDK's default CAs no longer are.
     *
     * @param file a file of one or more {@code -----BEGIN CERTIFICATE-----} blocks
     * @return this builder
     */
    public Builder trustedCertificatesPem(Path file) {
      trustedPems.add(Objects.requireNonNull(file));
      return this;
    }

    /**
     * Trusts CA certificates given as objects.
     *
     * @param certificates the CA certificates
     * @return this builder
     */
    public Builder trustedCertificates(X509Certificate... certificates) {
      trusted.addAll(List.of(certificates));
      return this;
    }

    /**
     * Trusts the certificate entries of a key store (a trust store).
     *
     * @param store a loaded key store
     * @return this builder
     */
    public Builder trustStore(KeyStore store) {
      trustStores.add(Objects.requireNonNull(store));
      return this;
    }

    /**
     * Presents a certificate read from PEM files: QEMU's {@code client-cert.pem} and {@code
     * client-key.pem} for a client, {@code server-cert.pem} and {@code server-key.pem} for a
     * server. The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE
     * KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}), unencrypted.
     *
     * @param certificateChain the certificate, optionally followed by its intermediate CAs
     * @param privateKey the private key of the certificate
     * @return this builder
     */
    public Builder identityPem(Path certificateChain, Path privateKey) {
      this.identityCertificatePem = Objects.requireNonNull(certificateChain);
      this.identityKeyPem = Objects.requireNonNull(privateKey);
      return this;
    }

    /**
     * Presents a certificate given as objects.
     *
     * @param key the private key
     * @param chain the certificate first, then its intermediate CAs
     * @return this builder
     */
    public Builder identity(PrivateKey key, X509Certificate... chain) {
      this.identityKey = Objects.requireNonNull(key);
      this.identityChain = List.of(chain);
      return this;
    }

    /**
     * Presents the key entries of a key store (PKCS#12, JKS, ...).
     *
     * @param store a loaded key store with at least one private key entry
     * @param password the password of the key entries; copied
     * @return this builder
     */
    public Builder identityStore(KeyStore store, char[] password) {
      this.identityStore = Objects.requireNonNull(store);
      this.identityStorePassword = password.clone();
      return this;
    }

    /**
     * Makes a client check the server's certificate against this name, and send it as SNI, instead
     * of the host of the address; for connecting by IP address to a server whose certificate only
     * names its DNS name. Verification stays on.
     *
     * @param name a DNS name or IP address
     * @return this builder
     */
    public Builder serverName(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("serverName must not be blank");
      }
      this.serverName = name;
      return this;
    }

    /**
     * Sets whether a server asks clients for certificates; default {@link TlsClientAuth#REQUIRED}.
     *
     * @param clientAuth the policy
     * @return this builder
     */
    public Builder clientAuth(TlsClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth);
      return this;
    }

    /**
     * Sets the enabled protocol versions; default {@link #DEFAULT_PROTOCOLS}.
     *
     * @param protocols JSSE names such as {@code TLSv1.3}
     * @return this builder
     */
    public Builder protocols(String... protocols) {
      if (protocols.length == 0) {
        throw new IllegalArgumentException("at least one protocol is needed");
      }
      this.protocols = List.of(protocols);
      return this;
    }

    /**
     * Sets how long a server waits for an accepted client's handshake; default {@link
     * #DEFAULT_HANDSHAKE_TIMEOUT}. A client's handshake is bounded by its connect timeout instead.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * Sends every byte written in a TLS record of its own; needed to talk to QEMU before 8.0 (for
     * example 7.2, as in Debian 12). Those versions read a TLS monitor one byte per socket wake-up
     * and leave the rest of a record in GnuTLS's buffer until more bytes arrive on the socket, so a
     * command sent in one record is never answered (fixed in QEMU 8.0 by "io/channel-tls: fix
     * handling of bigger read buffers"). Costs about 22 bytes and one socket write per byte sent;
     * replies are unaffected. Default off.
     *
     * @param enabled whether to split writes into one-byte records
     * @return this builder
     */
    public Builder singleByteRecords(boolean enabled) {
      this.singleByteRecords = enabled;
      return this;
    }

    /**
     * INSECURE: accepts any peer certificate and checks no host name. The connection is encrypted
     * but anyone on the path can impersonate the peer. For throwaway test setups only; every
     * connection made with these settings logs a WARN on the {@code io.github.qmp4j.transport.tls}
     * logger. Cannot be combined with trusted certificates.
     *
     * @return this builder
     */
    public Builder insecureTrustAllCertificates() {
      this.insecureTrustAll = true;
      return this;
    }

    /**
     * Reads the files and key stores, checks that the key belongs to its certificate, and creates
     * the {@link SSLContext}.
     *
     * @return the settings
     * @throws TlsConfigException when a file is missing, unreadable, encrypted or holds the wrong
     *     thing, a key does not match its certificate, a protocol is unknown, or settings conflict
     */
    public TlsConfig build() {
      boolean hasTrustMaterial =
          !trustedPems.isEmpty() || !trusted.isEmpty() || !trustStores.isEmpty();
      if (insecureTrustAll && hasTrustMaterial) {
        throw new TlsConfigException(
            "insecureTrustAllCertificates() ignores trusted certificates; use one or the other",
            null);
      }
      TrustManager trustManager;
      String trust;
      if (insecureTrustAll) {
        trustManager = TrustManagers.insecureTrustAll();
        trust = "INSECURE trust-all";
      } else {
        List<X509Certificate> anchors = new ArrayList<>(trusted);
        for (Path pem : trustedPems) {
          anchors.addAll(PemFiles.certificates(pem));
        }
        trustManager = TrustManagers.verifying(anchors, trustStores);
        trust =
            hasTrustMaterial
                ? anchors.size() + " CA certificate(s)" + stores(trustStores.size())
                : "JDK default CAs";
      }
      KeyManager[] keyManagers = keyManagers();
      String identity = identityDescription();
      try {
        SSLContext context = SSLContext.getInstance("TLS", BcJsse.provider());
        // An explicit SecureRandom: BouncyCastle's default asks for "DEFAULT", which only its own
        // (uninstalled) crypto provider offers.
        context.init(keyManagers, new TrustManager[] {trustManager}, new SecureRandom());
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        for (String protocol : protocols) {
          if (!supported.contains(protocol)) {
            throw new TlsConfigException(
                "Unknown TLS protocol '" + protocol + "'; supported: " + supported, null);
          }
        }
        String description =
            "TlsConfig[trust="
                + trust
                + ", identity="
                + identity
                + ", serverName="
                + serverName
                + ", clientAuth="
                + clientAuth
                + ", protocols="
                + protocols
                + (singleByteRecords ? ", singleByteRecords" : "")
                + "]";
        return new TlsConfig(context, !insecureTrustAll, keyManagers.length > 0, this, description);
      } catch (GeneralSecurityException e) {
        throw new TlsConfigException("Cannot create the TLS context: " + e, e);
      }
    }

    private KeyManager[] keyManagers() {
      int sources =
          (identityKeyPem != null ? 1 : 0)
              + (identityKey != null ? 1 : 0)
              + (identityStore != null ? 1 : 0);
      if (sources > 1) {
        throw new TlsConfigException(
            "Choose one of identityPem, identity and identityStore, not several", null);
      }
      Path certificatePem = identityCertificatePem;
      Path keyPem = identityKeyPem;
      PrivateKey key = identityKey;
      KeyStore store = identityStore;
      if (certificatePem != null && keyPem != null) {
        List<X509Certificate> chain = PemFiles.certificates(certificatePem);
        PrivateKey pemKey = PemFiles.privateKey(keyPem);
        KeyPairCheck.requireMatch(pemKey, chain.get(0), keyPem + " and " + certificatePem);
        return KeyManagers.of(pemKey, chain);
      }
      if (key != null) {
        if (identityChain.isEmpty()) {
          throw new TlsConfigException("identity(key, chain) needs at least one certificate", null);
        }
        KeyPairCheck.requireMatch(key, identityChain.get(0), "identity(key, chain)");
        return KeyManagers.of(key, identityChain);
      }
      if (store != null) {
        return KeyManagers.of(store, identityStorePassword);
      }
      return new KeyManager[0];
    }

    private String identityDescription() {
      if (identityCertificatePem != null) {
        return identityCertificatePem.toString();
      }
      if (!identityChain.isEmpty()) {
        return "'" + identityChain.get(0).getSubjectX500Principal().getName() + "'";
      }
      return identityStore != null ? "key store" : "none";
    }

    private static String stores(int count) {
      return count == 0 ? "" : " and " + count + " trust store(s)";
    }
  }
}
