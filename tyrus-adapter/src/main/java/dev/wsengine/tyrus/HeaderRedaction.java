package dev.wsengine.tyrus;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps handshake header values out of Tyrus's log. At level FINE, Tyrus's client engine logs the
 * whole upgrade request, and it masks only a header spelled exactly {@code Authorization}; a
 * cookie or an API key header would reach the log. Every header value may be a secret ({@link
 * dev.wsengine.spi.ConnectOptions}), so while a connect is in progress its values are registered
 * here, and a {@link Filter} on that logger replaces them in each record before any handler sees
 * it. The filter is installed once, on first use, in front of any filter already there.
 *
 * <p>Threads: any; the registry is a concurrent set, each registration immutable but for its
 * expiry, which is volatile.
 */
final class HeaderRedaction {
  static final String REDACTED = "<redacted>";

  /** The loggers that write request headers; kept strongly, since JUL holds loggers weakly. */
  private static final List<Logger> FILTERED =
      List.of(Logger.getLogger("org.glassfish.tyrus.client.TyrusClientEngine"));

  /** The registrations of connects whose requests Tyrus may still log. */
  private static final Set<Registration> ACTIVE = ConcurrentHashMap.newKeySet();

  private static volatile boolean installed;

  private HeaderRedaction() {}

  /** Registers {@code values} until the returned registration is closed or expires. */
  static Registration register(Collection<String> values) {
    install();
    Registration registration = new Registration(values);
    if (!registration.values.isEmpty()) {
      ACTIVE.add(registration);
    }
    return registration;
  }

  /**
   * Header values of one connect. Tyrus logs the request right after asking for the headers, on
   * its own thread; a connect that gave up early cannot know whether that has happened yet, so it
   * lets the registration expire later instead of closing it.
   */
  static final class Registration implements AutoCloseable {
    private final List<String> values;
    private volatile long expiresAtNanos;
    private volatile boolean expires;

    private Registration(Collection<String> values) {
      this.values = values.stream().filter(v -> !v.isEmpty()).distinct().toList();
    }

    /** Unregisters now: Tyrus has logged the request, if it ever will. */
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

  private static void install() {
    if (installed) {
      return;
    }
    synchronized (HeaderRedaction.class) {
      if (!installed) {
        for (Logger logger : FILTERED) {
          logger.setFilter(new Redacting(logger.getFilter()));
        }
        installed = true;
      }
    }
  }

  /** {@code text} with every registered value replaced. */
  static String redact(String text) {
    if (text == null || ACTIVE.isEmpty()) {
      return text;
    }
    long now = System.nanoTime();
    ACTIVE.removeIf(registration -> registration.expired(now)); // Tyrus logged those long ago
    String out = text;
    for (Registration registration : ACTIVE) {
      for (String secret : registration.values) {
        if (out.contains(secret)) {
          out = out.replace(secret, REDACTED);
        }
      }
    }
    return out;
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
          Object[] redacted = new Object[parameters.length];
          for (int i = 0; i < parameters.length; i++) {
            String text = String.valueOf(parameters[i]);
            redacted[i] = text.equals(redact(text)) ? parameters[i] : redact(text);
          }
          record.setParameters(redacted);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && !String.valueOf(thrown.getMessage()).equals(redact(thrown.getMessage()))) {
          record.setThrown(new RedactedException(thrown));
        }
      }
      return next == null || next.isLoggable(record);
    }
  }

  /** Stands in for a logged exception whose message held a secret. */
  private static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedException(Throwable original) {
      super(original.getClass().getName() + ": " + redact(original.getMessage()));
      setStackTrace(original.getStackTrace());
    }
  }
}
