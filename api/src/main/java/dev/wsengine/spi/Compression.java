package dev.wsengine.spi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Whether a connection offers message compression, and with which parameters: {@link #none()} (the
 * default of {@link ConnectOptions}) or {@link #permessageDeflate()}, the permessage-deflate
 * extension of RFC 7692, refined with the {@code with...} methods. Immutable and thread-safe; each
 * {@code with...} method returns a new instance.
 *
 * <p><b>Why off by default.</b> Each compressed connection holds a deflate context per direction
 * (with the full 32 KiB window, about 300 KiB of native memory to compress and 40 KiB to inflate),
 * which an engine holding thousands of connections pays thousands of times; compressing a secret
 * next to data an attacker chooses leaks the secret through the compressed size (CRIME, BREACH);
 * and not every transport can do it (the JDK transport cannot). Turn it on where messages are large
 * and repetitive (JSON feeds) and the link is the bottleneck.
 *
 * <p>The limits {@link ConnectOptions#maxTextMessageBytes()} and {@link
 * ConnectOptions#maxBinaryMessageBytes()} apply to the <em>decompressed</em> message: a transport
 * that negotiated compression stops inflating a message as soon as it crosses its limit and closes
 * the connection with 1009, so a small compressed message that would inflate to gigabytes (a
 * decompression bomb) costs no more memory than the limit.
 *
 * <p>The parameters are offers; the server may accept the extension with stricter ones (the
 * transport then follows the server's), or decline it, and the connection then opens uncompressed.
 */
public final class Compression {
  /** The smallest window, in bits, RFC 7692 allows. */
  public static final int MIN_WINDOW_BITS = 8;

  /** The largest window, in bits, RFC 7692 allows: 32 KiB, DEFLATE's own. */
  public static final int MAX_WINDOW_BITS = 15;

  private static final Compression NONE = new Compression(false, false, false, 0, 0);
  private static final Compression DEFLATE = new Compression(true, false, false, 0, 0);

  private final boolean enabled;
  private final boolean clientNoContextTakeover;
  private final boolean serverNoContextTakeover;

  /** 0 when not offered. */
  private final int clientMaxWindowBits;

  /** 0 when not offered. */
  private final int serverMaxWindowBits;

  private Compression(
      boolean enabled,
      boolean clientNoContextTakeover,
      boolean serverNoContextTakeover,
      int clientMaxWindowBits,
      int serverMaxWindowBits) {
    this.enabled = enabled;
    this.clientNoContextTakeover = clientNoContextTakeover;
    this.serverNoContextTakeover = serverNoContextTakeover;
    this.clientMaxWindowBits = clientMaxWindowBits;
    this.serverMaxWindowBits = serverMaxWindowBits;
  }

  /** No compression: no extension is offered. The default. */
  public static Compression none() {
    return NONE;
  }

  /**
   * Offers permessage-deflate (RFC 7692) with no parameters of our own: both sides keep their
   * compression context from message to message and use the full 32 KiB window, unless the server
   * asks otherwise.
   */
  public static Compression permessageDeflate() {
    return DEFLATE;
  }

  /**
   * Also offers {@code client_no_context_takeover}: the client compresses each message on its own,
   * which frees no memory on the client but lets the server drop its inflate context between
   * messages, and keeps a secret in one message from shrinking a later one.
   *
   * @throws IllegalStateException on {@link #none()}
   */
  public Compression withClientNoContextTakeover() {
    checkEnabled("clientNoContextTakeover");
    return new Compression(
        true, true, serverNoContextTakeover, clientMaxWindowBits, serverMaxWindowBits);
  }

  /**
   * Also offers {@code server_no_context_takeover}: asks the server to compress each message on its
   * own. A server that accepts the extension must accept this too.
   *
   * @throws IllegalStateException on {@link #none()}
   */
  public Compression withServerNoContextTakeover() {
    checkEnabled("serverNoContextTakeover");
    return new Compression(
        true, clientNoContextTakeover, true, clientMaxWindowBits, serverMaxWindowBits);
  }

  /**
   * Offers {@code client_max_window_bits=bits}: the client will compress with a window of at most
   * 2<sup>bits</sup> bytes. Without it the client still offers {@code client_max_window_bits} with
   * no value, telling the server that it may ask for a smaller window.
   *
   * @throws IllegalArgumentException unless {@code bits} is within 8-15
   * @throws IllegalStateException on {@link #none()}
   */
  public Compression withClientMaxWindowBits(int bits) {
    checkEnabled("clientMaxWindowBits");
    return new Compression(
        true,
        clientNoContextTakeover,
        serverNoContextTakeover,
        windowBits("clientMaxWindowBits", bits),
        serverMaxWindowBits);
  }

  /**
   * Offers {@code server_max_window_bits=bits}: asks the server to compress with a window of at
   * most 2<sup>bits</sup> bytes (less memory on the server; the client's inflater is the same). A
   * server that cannot declines the extension.
   *
   * @throws IllegalArgumentException unless {@code bits} is within 8-15
   * @throws IllegalStateException on {@link #none()}
   */
  public Compression withServerMaxWindowBits(int bits) {
    checkEnabled("serverMaxWindowBits");
    return new Compression(
        true,
        clientNoContextTakeover,
        serverNoContextTakeover,
        clientMaxWindowBits,
        windowBits("serverMaxWindowBits", bits));
  }

  /** Whether permessage-deflate is offered. */
  public boolean enabled() {
    return enabled;
  }

  /** Whether {@code client_no_context_takeover} is offered. */
  public boolean clientNoContextTakeover() {
    return clientNoContextTakeover;
  }

  /** Whether {@code server_no_context_takeover} is offered. */
  public boolean serverNoContextTakeover() {
    return serverNoContextTakeover;
  }

  /** The {@code client_max_window_bits} value offered, or empty for none. */
  public OptionalInt clientMaxWindowBits() {
    return clientMaxWindowBits == 0 ? OptionalInt.empty() : OptionalInt.of(clientMaxWindowBits);
  }

  /** The {@code server_max_window_bits} value offered, or empty for none. */
  public OptionalInt serverMaxWindowBits() {
    return serverMaxWindowBits == 0 ? OptionalInt.empty() : OptionalInt.of(serverMaxWindowBits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Compression c
        && enabled == c.enabled
        && clientNoContextTakeover == c.clientNoContextTakeover
        && serverNoContextTakeover == c.serverNoContextTakeover
        && clientMaxWindowBits == c.clientMaxWindowBits
        && serverMaxWindowBits == c.serverMaxWindowBits;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled,
        clientNoContextTakeover,
        serverNoContextTakeover,
        clientMaxWindowBits,
        serverMaxWindowBits);
  }

  /** {@code none}, or {@code permessage-deflate} with the parameters offered, as in the header. */
  @Override
  public String toString() {
    if (!enabled) {
      return "none";
    }
    StringBuilder s = new StringBuilder("permessage-deflate");
    if (clientNoContextTakeover) {
      s.append("; client_no_context_takeover");
    }
    if (serverNoContextTakeover) {
      s.append("; server_no_context_takeover");
    }
    if (clientMaxWindowBits != 0) {
      s.append("; client_max_window_bits=").append(clientMaxWindowBits);
    }
    if (serverMaxWindowBits != 0) {
      s.append("; server_max_window_bits=").append(serverMaxWindowBits);
    }
    return s.toString();
  }

  private void checkEnabled(String option) {
    if (!enabled) {
      throw new IllegalStateException(
          option + " refines permessage-deflate; start from Compression.permessageDeflate()");
    }
  }

  private static int windowBits(String option, int bits) {
    if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
      throw new IllegalArgumentException(
          option
              + " must be within "
              + MIN_WINDOW_BITS
              + "-"
              + MAX_WINDOW_BITS
              + " (a window of 2^bits bytes); got "
              + bits);
    }
    return bits;
  }
}
