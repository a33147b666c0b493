package dev.wsengine.testing.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made at run time with the JDK's {@code keytool}, so no key is checked
 * in: the server's {@link SSLContext} presents it, a client's trusts it. For mutual TLS, a second
 * one serves as the client's certificate: {@link #clientContext} presents it and trusts the
 * server's, {@link #serverContextTrusting} presents the server's and trusts the client's.
 *
 * <p>Immutable once made; its methods may be called from any thread.
 */
public final class TlsCerts {
  private static final char[] PASSWORD = "test-only".toCharArray();

  private final KeyStore keys;

  private TlsCerts(KeyStore keys) {
    this.keys = keys;
  }

  /**
   * A new EC key and self-signed certificate for the subject alternative names {@code san} (as
   * keytool takes them, say {@code ip:127.0.0.1} or {@code dns:other.test}), kept in {@code dir}.
   */
  public static TlsCerts generate(Path dir, String san)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path store = Files.createTempFile(dir, "server", ".p12");
    Files.delete(store); // keytool wants to create it
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=wsengine test",
                    "-ext",
                    "SAN=" + san,
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    new String(PASSWORD),
                    "-keypass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream out = process.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    return new TlsCerts(keys);
  }

  /** The server's context: presents the certificate. */
  public SSLContext serverContext() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), null, null);
    return context;
  }

  /** A client's context: trusts this certificate and no other. */
  public SSLContext trustingContext() throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers(), null);
    return context;
  }

  /**
   * A server's context for mutual TLS: presents this certificate and trusts {@code clients}'s (and
   * no other) as a client certificate. The server must also ask for one (Jetty: {@link
   * JettyTestServer#JettyTestServer(SSLContext, boolean)}).
   */
  public SSLContext serverContextTrusting(TlsCerts clients)
      throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), clients.trustManagers(), null);
    return context;
  }

  /**
   * A client's context for mutual TLS: presents this certificate as the client's and trusts {@code
   * server}'s certificate and no other.
   */
  public SSLContext clientContext(TlsCerts server) throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), server.trustManagers(), null);
    return context;
  }

  private KeyManager[] keyManagers() throws GeneralSecurityException {
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, PASSWORD);
    return managers.getKeyManagers();
  }

  private TrustManager[] trustManagers() throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    Certificate certificate = keys.getCertificate("server");
    trusted.setCertificateEntry("server", certificate);
    TrustManagerFactory managers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    managers.init(trusted);
    return managers.getTrustManagers();
  }
}
