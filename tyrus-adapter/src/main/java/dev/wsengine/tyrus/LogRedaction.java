package dev.wsengine.tyrus;

import dev.wsengine.internal.Redaction;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the secrets of a connect out of Tyrus's and Grizzly's logs. Tyrus logs the whole URI, user
 * info and query included, at CONFIG and FINE ("Connecting to '...'", the proxy check, the upgrade
 * request), and the upgrade request with every header value at FINE, masking only a header spelled
 * exactly {@code Authorization}. While a connect is in progress and while its connection is open,
 * its URI and headers are registered here, and a {@link Filter} on each logger Tyrus and Grizzly
 * use scrubs every record with {@link Redaction.Scrubber} (the rule spans and exception messages
 * use) before any handler sees it: its message, its parameters and its exception chain.
 *
 * <p>JUL filters belong to one logger each, not to its children, so the filter goes on every
 * concrete logger: the ones Tyrus 2.2's client logs through, made at once (a logger made later by
 * Tyrus is the same object), and every {@code org.glassfish} logger that exists when a connect
 * starts. A filter already on a logger stays behind ours; a filter set later replaces ours until
 * the next connect puts ours back in front of it. Loggers are held strongly here, since JUL holds
 * them weakly and would otherwise forget the filter.
 *
 * <p>Threads: any; the registry is a concurrent set, each registration immutable but for its
 * expiry, which is volatile.
 */
final class LogRedaction {
  /**
   * The loggers of Tyrus 2.2's client, core and Grizzly client container (from their sources) and
   * those Grizzly logs through during a connect (found by capturing every record at ALL).
   */
  private static final List<String> KNOWN_LOGGERS =
      List.of(
          "org.glassfish.tyrus.client.ClientManager",
          "org.glassfish.tyrus.client.TyrusClientEngine",
          "org.glassfish.tyrus.client.SslContextConfigurator",
          "org.glassfish.tyrus.client.auth.DigestAuthenticator",
          "org.glassfish.tyrus.container.grizzly.client.GrizzlyClientSocket",
          "org.glassfish.tyrus.container.grizzly.client.GrizzlyClientFilter",
          "org.glassfish.tyrus.container.grizzly.client.GrizzlyTransportTimeoutFilter",
          "org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter",
          "org.glassfish.tyrus.core.BaseContainer",
          "org.glassfish.tyrus.core.BinaryBuffer",
          "org.glassfish.tyrus.core.ErrorCollector",
          "org.glassfish.tyrus.core.InputStreamBuffer",
          "org.glassfish.tyrus.core.ProtocolHandler",
          "org.glassfish.tyrus.core.ReaderBuffer",
          "org.glassfish.tyrus.core.TyrusEndpointWrapper",
          "org.glassfish.tyrus.core.TyrusExtension",
          "org.glassfish.tyrus.core.TyrusRemoteEndpoint",
          "org.glassfish.tyrus.core.TyrusSession",
          "org.glassfish.tyrus.core.TyrusWebSocketEngine",
          "org.glassfish.tyrus.core.Utils",
          "org.glassfish.grizzly.ProcessorExecutor",
          "org.glassfish.grizzly.filterchain.DefaultFilterChain",
          "org.glassfish.grizzly.nio.AbstractNIOAsyncQueueWriter",
          "org.glassfish.grizzly.nio.DefaultSelectionKeyHandler",
          "org.glassfish.grizzly.nio.SelectorRunner",
          "org.glassfish.grizzly.nio.transport.TCPNIOTransport");

  /** Every {@code org.glassfish} logger existing at a connect is filtered too. */
  private static final String SWEPT_PREFIX = "org.glassfish.";

  /** Sweeps of all loggers are at most this often: a reconnect storm need not repeat them. */
  private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The loggers filtered; kept strongly, since JUL holds loggers weakly. */
  private static final Set<Logger> FILTERED = ConcurrentHashMap.newKeySet();

  /** The registrations of connects and connections whose secrets Tyrus may still log. */
  private static final Set<Registration> ACTIVE = ConcurrentHashMap.newKeySet();

  private static volatile long lastSweepNanos = System.nanoTime() - SWEEP_INTERVAL_NANOS;
  private static volatile boolean swept;

  private LogRedaction() {}

  /** Registers the secrets of a connect until the returned registration is closed or expires. */
  static Registration register(URI uri, URI tyrusUri, Map<String, List<String>> headers) {
    guardLoggers();
    long now = System.nanoTime();
    ACTIVE.removeIf(registration -> registration.expired(now)); // also when nothing is logged
    Registration registration =
        new Registration(Redaction.scrubber(uri, List.of(tyrusUri), headers));
    ACTIVE.add(registration);
    return registration;
  }

  /**
   * The secrets of one connect. Tyrus logs the request when the attempt ends, on its own thread; a
   * connect that gave up early cannot know whether that has happened yet, so it lets the
   * registration expire later instead of closing it.
   */
  static final class Registration implements AutoCloseable {
    private final Redaction.Scrubber scrubber;
    private volatile long expiresAtNanos;
    private volatile boolean expires;

    private Registration(Redaction.Scrubber scrubber) {
      this.scrubber = scrubber;
    }

    /** Unregisters now: Tyrus has logged what it will about this connect. */
    @Override
    public void close() {
      ACTIVE.remove(this);
    }

    /** Unregisters once {@code delay} has passed. */
    void closeAfter(Duration delay) {
      expiresAtNanos = System.nanoTime() + delay.toNanos();
      expires = true;
    }

    boolean expired(long now) {
      return expires && now - expiresAtNanos >= 0;
    }
  }

  /** Puts the filter in front of every Tyrus and Grizzly logger that does not have it. */
  private static void guardLoggers() {
    for (String name : KNOWN_LOGGERS) {
      guard(Logger.getLogger(name));
    }
    for (Logger logger : FILTERED) {
      guard(logger); // in case a filter was set since
    }
    long now = System.nanoTime();
    if (swept && now - lastSweepNanos < SWEEP_INTERVAL_NANOS) {
      return;
    }
    lastSweepNanos = now;
    swept = true;
    LogManager manager = LogManager.getLogManager();
    for (Enumeration<String> names = manager.getLoggerNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      if (name.startsWith(SWEPT_PREFIX)) {
        Logger logger = manager.getLogger(name);
        if (logger != null) {
          guard(logger);
        }
      }
    }
  }

  private static void guard(Logger logger) {
    if (logger.getFilter() instanceof Redacting) {
      return;
    }
    synchronized (LogRedaction.class) {
      Filter current = logger.getFilter();
      if (!(current instanceof Redacting)) {
        logger.setFilter(new Redacting(current));
        FILTERED.add(logger);
      }
    }
  }

  /** {@code text} with the secrets of every registered connect replaced. */
  static String redact(String text) {
    if (text == null || ACTIVE.isEmpty()) {
      return text;
    }
    long now = System.nanoTime();
    ACTIVE.removeIf(registration -> registration.expired(now)); // Tyrus logged those long ago
    String out = text;
    for (Registration registration : ACTIVE) {
      out = registration.scrubber.scrub(out);
    }
    return out;
  }

  /** {@code thrown} if its chain holds no secret, else a copy of the chain with them replaced. */
  static Throwable redact(Throwable thrown) {
    return redact(thrown, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static Throwable redact(Throwable thrown, Set<Throwable> seen) {
    if (thrown == null) {
      return null;
    }
    String text = String.valueOf(thrown);
    String clean = redact(text);
    if (!seen.add(thrown)) {
      return new RedactedException(clean, thrown); // a cycle: end the copy here
    }
    Throwable cause = redact(thrown.getCause(), seen);
    Throwable[] suppressed = thrown.getSuppressed();
    Throwable[] cleanSuppressed = new Throwable[suppressed.length];
    boolean changed = !clean.equals(text) || cause != thrown.getCause();
    for (int i = 0; i < suppressed.length; i++) {
      cleanSuppressed[i] = redact(suppressed[i], seen);
      changed |= cleanSuppressed[i] != suppressed[i];
    }
    if (!changed) {
      return thrown;
    }
    RedactedException copy = new RedactedException(clean, thrown);
    if (cause != null) {
      copy.initCause(cause);
    }
    for (Throwable s : cleanSuppressed) {
      copy.addSuppressed(s);
    }
    return copy;
  }

  private static final class Redacting implements Filter {
    private final Filter next;

    Redacting(Filter next) {
      this.next = next;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
      if (!ACTIVE.isEmpty()) {
        record.setMessage(redact(record.getMessage()));
        Object[] parameters = record.getParameters();
        if (parameters != null) {
          Object[] redacted = parameters.clone();
          boolean changed = false;
          for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] != null) {
              String text = String.valueOf(parameters[i]);
              String clean = redact(text);
              if (!clean.equals(text)) {
                redacted[i] = clean;
                changed = true;
              }
            }
          }
          if (changed) {
            record.setParameters(redacted);
          }
        }
        record.setThrown(redact(record.getThrown()));
      }
      return next == null || next.isLoggable(record);
    }
  }

  /**
   * Stands in for a logged exception whose chain held a secret: prints as the original did ({@code
   * class: message}, its stack, its causes), with the secrets replaced.
   */
  private static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String text;

    RedactedException(String text, Throwable original) {
      super(text);
      this.text = text;
      setStackTrace(original.getStackTrace());
    }

    // Prints as the original's class and message, not as a RedactedException.
    @SuppressWarnings("OverrideThrowableToString")
    @Override
    public String toString() {
      return text;
    }
  }
}
