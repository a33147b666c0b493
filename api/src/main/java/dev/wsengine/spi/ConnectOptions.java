package dev.wsengine.spi;

import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How a {@link Transport} opens a connection: handshake headers, subprotocols, TLS, timeouts,
 * limits and proxy. Immutable; the builder checks every value and names the option it rejects.
 *
 * <p>Header values may hold secrets (an {@code Authorization} header, a cookie): {@link
 * #toString()} shows header names only, and transports must not log or trace the values.
 */
public final class ConnectOptions {
  /** The default limit on one message: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

  /** The default handshake timeout: 30 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  /** The default number of whole messages a transport buffers before it stops reading: 16. */
  public static final int DEFAULT_BUFFERED_MESSAGES = 16;

  private static final ConnectOptions DEFAULTS = builder().build();

  private final Map<String, List<String>> headers;
  private final List<String> subprotocols;
  private final SSLContext sslContext;
  private final boolean hostnameVerification;
  private final Duration handshakeTimeout;
  private final int maxTextMessageBytes;
  private final int maxBinaryMessageBytes;
  private final int bufferedMessages;
  private final ProxySelector proxy;
  private final Compression compression;
  private final PasswordAuthentication proxyCredentials;

  private ConnectOptions(Builder b) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    b.headers.forEach((name, values) -> headers.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(headers);
    this.subprotocols = List.copyOf(b.subprotocols);
    this.sslContext = b.sslContext;
    this.hostnameVerification = b.hostnameVerification;
    this.handshakeTimeout = b.handshakeTimeout;
    this.maxTextMessageBytes = b.maxTextMessageBytes;
    this.maxBinaryMessageBytes = b.maxBinaryMessageBytes;
    this.bufferedMessages = b.bufferedMessages;
    this.proxy = b.proxy;
    this.compression = b.compression;
    this.proxyCredentials = b.proxyCredentials;
  }

  /** The defaults: no extra headers, no subprotocols, default TLS, limits as the constants say. */
  public static ConnectOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    headers.forEach((name, values) -> b.headers.put(name, new ArrayList<>(values)));
    b.subprotocols.addAll(subprotocols);
    b.sslContext = sslContext;
    b.hostnameVerification = hostnameVerification;
    b.handshakeTimeout = handshakeTimeout;
    b.maxTextMessageBytes = maxTextMessageBytes;
    b.maxBinaryMessageBytes = maxBinaryMessageBytes;
    b.bufferedMessages = bufferedMessages;
    b.proxy = proxy;
    b.compression = compression;
    b.proxyCredentials = proxyCredentials;
    return b;
  }

  /**
   * Extra request headers for the handshake: each name as first given, in the order first added,
   * with its values in the order added; unmodifiable. Header names are case-insensitive, so no two
   * keys are equal ignoring case: a name added again in another spelling ({@code X-Dup}, then
   * {@code x-dup}) added a value under the first spelling. Look names up in that spelling or
   * compare with {@link String#equalsIgnoreCase}.
   *
   * <p>A transport sends every value of a name, in order: one header line per value, or one line
   * with the values joined by {@code ", "}, which RFC 9110 section 5.3 makes equivalent (the Tyrus
   * transport does the latter). So give a name more than once only if its field is a
   * comma-separated list; {@code Cookie}, which is not, may be given once.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The subprotocols to offer, in order of preference; empty for none. */
  public List<String> subprotocols() {
    return subprotocols;
  }

  /** The TLS context for {@code wss}, or empty for the JDK's default. */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /** Whether the server's certificate must match its host name. On unless turned off. */
  public boolean hostnameVerification() {
    return hostnameVerification;
  }

  /** How long the dial, TLS and handshake together may take. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The largest text message accepted, in bytes of UTF-8. */
  public int maxTextMessageBytes() {
    return maxTextMessageBytes;
  }

  /** The largest binary message accepted, in bytes. */
  public int maxBinaryMessageBytes() {
    return maxBinaryMessageBytes;
  }

  /** How many whole messages the transport may hold before it stops reading the socket. */
  public int bufferedMessages() {
    return bufferedMessages;
  }

  /**
   * How to reach the server through a proxy, or empty for the transport's default: a direct
   * connection where the transport can promise one (Tyrus consults the JVM's default {@link
   * ProxySelector} instead).
   */
  public Optional<ProxySelector> proxy() {
    return Optional.ofNullable(proxy);
  }

  /**
   * The compression to offer: {@link Compression#none()} unless set (see {@link Compression} for
   * why). The message size limits apply to the decompressed size.
   */
  public Compression compression() {
    return compression;
  }

  /**
   * The user and password to give the {@link #proxy()} with {@code Proxy-Authorization: Basic} (RFC
   * 7617, UTF-8) when opening the CONNECT tunnel, or empty for none. The credentials go to the
   * proxy only, never to the server; they appear in no {@link #toString()}, exception, log record
   * or span. Each call returns a new {@link PasswordAuthentication} with its own copy of the
   * password (its {@code getPassword()} returns that copy itself), so clearing it changes nothing
   * here.
   */
  public Optional<PasswordAuthentication> proxyCredentials() {
    return Optional.ofNullable(proxyCredentials).map(ConnectOptions::copy);
  }

  private static PasswordAuthentication copy(PasswordAuthentication credentials) {
    // The constructor copies the array; getPassword() hands out the object's own.
    return new PasswordAuthentication(credentials.getUserName(), credentials.getPassword());
  }

  /** The options, with header names but never header values. */
  @Override
  public String toString() {
    return "ConnectOptions[headers="
        + headers.keySet()
        + ", subprotocols="
        + subprotocols
        + ", sslContext="
        + (sslContext == null ? "default" : sslContext.getProtocol())
        + ", hostnameVerification="
        + hostnameVerification
        + ", handshakeTimeout="
        + handshakeTimeout
        + ", maxTextMessageBytes="
        + maxTextMessageBytes
        + ", maxBinaryMessageBytes="
        + maxBinaryMessageBytes
        + ", bufferedMessages="
        + bufferedMessages
        + ", proxy="
        + (proxy == null ? "none" : "set")
        + ", compression="
        + compression
        + (proxyCredentials == null ? "" : ", proxyCredentials=set")
        + "]";
  }

  /** Builds {@link ConnectOptions}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    /**
     * Request headers the handshake itself sets (RFC 6455 section 4.1); replacing them breaks it.
     */
    private static final Set<String> RESERVED_HEADERS =
        Set.of(
            "host",
            "upgrade",
            "connection",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-extensions",
            "sec-websocket-protocol");

    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> subprotocols = new ArrayList<>();
    private SSLContext sslContext;
    private boolean hostnameVerification = true;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private int maxTextMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxBinaryMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int bufferedMessages = DEFAULT_BUFFERED_MESSAGES;
    private ProxySelector proxy;
    private Compression compression = Compression.none();
    private PasswordAuthentication proxyCredentials;

    private Builder() {}

    /**
     * Adds a request header to the handshake; calling it again with the same name, in any case,
     * adds a value under the spelling first given (see {@link ConnectOptions#headers()} for how the
     * values are sent).
     *
     * <p>A value may hold visible ASCII characters, spaces and tabs (U+0020-U+007E and U+0009) and
     * nothing else: a control character such as CR or LF would let it forge header lines, and text
     * beyond ASCII has no agreed encoding in a header (transports mangle it silently). Encode such
     * text yourself in a form the server expects, for example percent-encoded UTF-8.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token (RFC 9110) or is one the
     *     WebSocket handshake sets itself ({@code Host}, {@code Upgrade}, {@code Connection},
     *     {@code Sec-WebSocket-Key}, {@code -Version}, {@code -Extensions}, {@code -Protocol}) or
     *     {@code Proxy-Authorization} (see {@link #proxyCredentials}), or the value holds anything
     *     but visible ASCII, space and tab; the message names the header, the first such character
     *     (as U+XXXX) and its index, never the value, which may be a secret; or it is a second
     *     {@code Cookie} (RFC 6265 allows one: put every cookie in it, joined by {@code "; "})
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      checkHeaderName(name);
      checkNotReserved(name);
      checkHeaderValue(name, value);
      String spelling = firstSpelling(name);
      if (spelling != null && spelling.equalsIgnoreCase("cookie")) {
        // Joined by ", " as repeated fields are, cookies would no longer parse as cookies.
        throw new IllegalArgumentException(
            "header '"
                + name
                + "' may be given once (RFC 6265 section 5.4): put every cookie in one"
                + " value, joined by \"; \"");
      }
      headers
          .computeIfAbsent(spelling == null ? name : spelling, n -> new ArrayList<>())
          .add(value);
      return this;
    }

    /**
     * Sets a request header to this one value, replacing every value given before under that name
     * in any case; the header keeps its place and takes this spelling. Checked as {@link #header}
     * checks.
     *
     * @throws IllegalArgumentException as {@link #header} says
     */
    public Builder setHeader(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      checkHeaderName(name);
      checkNotReserved(name);
      checkHeaderValue(name, value);
      String spelling = firstSpelling(name);
      if (spelling == null || spelling.equals(name)) {
        headers.put(name, new ArrayList<>(List.of(value)));
      } else {
        Map<String, List<String>> renamed = new LinkedHashMap<>();
        headers.forEach(
            (added, values) ->
                renamed.put(
                    added.equals(spelling) ? name : added,
                    added.equals(spelling) ? new ArrayList<>(List.of(value)) : values));
        headers.clear();
        headers.putAll(renamed);
      }
      return this;
    }

    /** Removes a request header, every value of it, under its name in any case; absent is fine. */
    public Builder removeHeader(String name) {
      Objects.requireNonNull(name, "header name");
      String spelling = firstSpelling(name);
      if (spelling != null) {
        headers.remove(spelling);
      }
      return this;
    }

    /** Offers no subprotocols: forgets those added so far. */
    public Builder clearSubprotocols() {
      subprotocols.clear();
      return this;
    }

    /** The spelling under which a header with this name, in any case, was first added, or null. */
    private String firstSpelling(String name) {
      for (String added : headers.keySet()) {
        if (added.equalsIgnoreCase(name)) {
          return added;
        }
      }
      return null;
    }

    /**
     * Adds a subprotocol to offer, after any added before.
     *
     * @throws IllegalArgumentException if it is not an HTTP token
     */
    public Builder subprotocol(String subprotocol) {
      Objects.requireNonNull(subprotocol, "subprotocol");
      if (subprotocol.isEmpty() || !subprotocol.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException(
            "subprotocol must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~); got \""
                + escape(subprotocol)
                + "\"");
      }
      subprotocols.add(subprotocol);
      return this;
    }

    /** The TLS context for {@code wss}; null for the JDK's default. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /**
     * Turns off the check that the server's certificate matches its host name. Dangerous: anyone
     * with any certificate your trust store accepts can then impersonate the server. For tests.
     */
    public Builder disableHostnameVerificationDangerously() {
      this.hostnameVerification = false;
      return this;
    }

    /**
     * How long the dial, TLS and handshake together may take.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder handshakeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "handshakeTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("handshakeTimeout must be positive; got " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * The largest text message accepted, in bytes of UTF-8; a larger one closes the connection with
     * 1009.
     *
     * @throws IllegalArgumentException unless at least 1
     */
    public Builder maxTextMessageBytes(int bytes) {
      this.maxTextMessageBytes = positive("maxTextMessageBytes", bytes);
      return this;
    }

    /**
     * The largest binary message accepted, in bytes; a larger one closes the connection with 1009.
     *
     * @throws IllegalArgumentException unless at least 1
     */
    public Builder maxBinaryMessageBytes(int bytes) {
      this.maxBinaryMessageBytes = positive("maxBinaryMessageBytes", bytes);
      return this;
    }

    /**
     * How many whole messages the transport may hold before it stops reading the socket.
     *
     * @throws IllegalArgumentException unless within 1-65536
     */
    public Builder bufferedMessages(int messages) {
      if (messages < 1 || messages > 65536) {
        throw new IllegalArgumentException(
            "bufferedMessages must be within 1-65536; got " + messages);
      }
      this.bufferedMessages = messages;
      return this;
    }

    /** Connect through the proxy this selector picks; null to connect directly. */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * The compression to offer, {@link Compression#none()} (the default) or {@link
     * Compression#permessageDeflate()} with its parameters. Transports that cannot compress refuse
     * to connect with anything but none (the JDK transport does).
     */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * Gives the {@link #proxy(ProxySelector) proxy} this user and password with {@code
     * Proxy-Authorization: Basic} when the tunnel is opened (see {@link
     * ConnectOptions#proxyCredentials()}). The password array is copied: clear yours afterwards if
     * you like. The JDK transport sends them only where the JVM allows Basic for tunnels; see
     * {@code docs/jdk.md}.
     *
     * @throws IllegalArgumentException if the user is empty or holds a colon (Basic cannot carry
     *     it: RFC 7617 section 2), or either holds a control character (U+0000-U+001F,
     *     U+007F-U+009F) or an unpaired surrogate; the message names the field, the character (as
     *     U+XXXX) and its index, never the value
     */
    public Builder proxyCredentials(String user, char[] password) {
      Objects.requireNonNull(user, "proxyCredentials user");
      Objects.requireNonNull(password, "proxyCredentials password");
      if (user.isEmpty()) {
        throw new IllegalArgumentException("proxyCredentials user must not be empty");
      }
      int colon = user.indexOf(':');
      if (colon >= 0) {
        throw new IllegalArgumentException(
            "proxyCredentials user must not hold ':' (Basic authentication separates user and"
                + " password by it, RFC 7617 section 2); found at index "
                + colon);
      }
      checkCredential("proxyCredentials user", user);
      checkCredential("proxyCredentials password", new String(password));
      this.proxyCredentials = new PasswordAuthentication(user, password);
      return this;
    }

    /** No proxy credentials (the default). */
    public Builder noProxyCredentials() {
      this.proxyCredentials = null;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalStateException if proxy credentials are set but no {@link
     *     #proxy(ProxySelector) proxy}
     */
    public ConnectOptions build() {
      if (proxyCredentials != null && proxy == null) {
        throw new IllegalStateException(
            "proxyCredentials need a proxy: set ConnectOptions.Builder.proxy(ProxySelector) too,"
                + " or drop them with noProxyCredentials()");
      }
      return new ConnectOptions(this);
    }

    /** No control characters nor unpaired surrogates; the value is never echoed. */
    private static void checkCredential(String field, String value) {
      for (int i = 0; i < value.length(); ) {
        int c = value.codePointAt(i);
        if (Character.isISOControl(c) || (c <= 0xffff && Character.isSurrogate((char) c))) {
          throw new IllegalArgumentException(
              field
                  + " must not hold control characters (U+0000-U+001F, U+007F-U+009F) or unpaired"
                  + " surrogates; it has "
                  + String.format("U+%04X", c)
                  + " at index "
                  + i);
        }
        i += Character.charCount(c);
      }
    }

    private static int positive(String option, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(option + " must be at least 1; got " + value);
      }
      return value;
    }

    private static void checkHeaderName(String name) {
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException(
            "header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~); got \""
                + escape(name)
                + "\"");
      }
    }

    private static void checkNotReserved(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("proxy-authorization")) {
        // As a request header it would go to the server, not the proxy: a leak, and no tunnel.
        throw new IllegalArgumentException(
            "header '"
                + name
                + "' would be sent to the server, not the proxy; give the proxy's credentials"
                + " with ConnectOptions.Builder.proxyCredentials");
      }
      if (RESERVED_HEADERS.contains(lower)) {
        throw new IllegalArgumentException(
            "header '"
                + name
                + "' is set by the WebSocket handshake itself and may not be given"
                + (lower.equals("sec-websocket-protocol")
                    ? "; offer subprotocols with ConnectOptions.Builder.subprotocol"
                    : lower.equals("sec-websocket-extensions")
                        ? "; offer compression with ConnectOptions.Builder.compression"
                        : ""));
      }
    }

    /**
     * Visible ASCII, space and tab only (RFC 9110 section 5.5 without obs-text): a control
     * character could forge header lines, and transports cannot be trusted with the rest (Tyrus's
     * Grizzly client writes é as a space and U+013A as ':'), nor do servers agree on a charset.
     */
    private static void checkHeaderValue(String name, String value) {
      for (int i = 0; i < value.length(); ) {
        int c = value.codePointAt(i);
        if ((c < 0x20 && c != '\t') || c > 0x7e) {
          // The value is not echoed: it may be a secret.
          throw new IllegalArgumentException(
              "header value must hold only visible ASCII, space and tab (U+0020-U+007E and U+0009):"
                  + " no CR, LF, other control characters or non-ASCII text (encode such text first);"
                  + " header '"
                  + name
                  + "' has "
                  + String.format("U+%04X", c)
                  + " at index "
                  + i);
        }
        i += Character.charCount(c);
      }
    }

    private static boolean isTokenChar(int c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String escape(String s) {
      StringBuilder out = new StringBuilder();
      s.chars()
          .forEach(
              c ->
                  out.append(
                      c < 0x20 || c == 0x7f
                          ? String.format("\\u%04x", c)
                          : String.valueOf((char) c)));
      return out.toString();
    }
  }
}
