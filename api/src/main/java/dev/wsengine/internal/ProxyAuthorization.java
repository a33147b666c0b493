package dev.wsengine.internal;

import java.net.PasswordAuthentication;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Not API. The {@code Proxy-Authorization} header both transports send with the CONNECT when {@code
 * ConnectOptions.proxyCredentials()} is set: {@code Basic} and the base64 of {@code user:password}
 * in UTF-8 (RFC 7617). Stateless; thread-safe.
 */
public final class ProxyAuthorization {
  /** The header's name. */
  public static final String HEADER = "Proxy-Authorization";

  private ProxyAuthorization() {}

  /**
   * The header's value for {@code credentials}; a secret, never to be logged. {@code credentials}
   * is left as it was (its password array is copied before the copy is cleared).
   */
  public static String basic(PasswordAuthentication credentials) {
    // getPassword() returns the object's own array, not a copy.
    char[] password = credentials.getPassword().clone();
    char[] joined = new char[credentials.getUserName().length() + 1 + password.length];
    credentials.getUserName().getChars(0, credentials.getUserName().length(), joined, 0);
    joined[credentials.getUserName().length()] = ':';
    System.arraycopy(password, 0, joined, credentials.getUserName().length() + 1, password.length);
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    try {
      return "Basic " + Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(joined, '\0');
      Arrays.fill(raw, (byte) 0);
      bytes.clear();
      while (bytes.hasRemaining()) {
        bytes.put((byte) 0);
      }
    }
  }
}
