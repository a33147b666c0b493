package dev.wsengine.runtime;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why the engine is without a connection at this point, as {@link
 * ReconnectPolicy#actionFor(Outage)} is asked about it: either the session that ended ({@link
 * #closeStatus()}: the status received, 1006 when the connection was lost without a close frame) or
 * the reconnect attempt that failed ({@link #error()}, and the refused handshake's {@link
 * #httpStatus()} and {@link #headers()} when the error is a {@link HandshakeException}).
 *
 * <p>Immutable: valid forever, readable from any thread. {@link #closed(CloseStatus)} and {@link
 * #failed(Throwable)} make one for unit tests of a policy.
 */
public final class Outage {
  /** How deep an error's causes are searched for a {@link HandshakeException}. */
  private static final int MAX_CAUSES = 32;

  private final CloseStatus closeStatus;
  private final Throwable error;
  private final HandshakeException refused;
  private final int attempt;
  private final Duration retryAfter;

  private Outage(CloseStatus closeStatus, Throwable error, int attempt, Instant now) {
    this.closeStatus = closeStatus;
    this.error = error;
    this.attempt = attempt;
    this.refused = error == null ? null : handshakeException(error);
    this.retryAfter = refused == null ? null : retryAfter(refused, now);
  }

  /**
   * A session that ended with {@code status} received ({@link CloseStatus#ABNORMAL_CLOSURE} for a
   * connection lost without a close frame); its {@link #attempt()} is 0.
   */
  public static Outage closed(CloseStatus status) {
    return new Outage(Objects.requireNonNull(status, "status"), null, 0, null);
  }

  /** Reconnect attempt 1 failed with {@code error}. */
  public static Outage failed(Throwable error) {
    return failed(error, 1);
  }

  /**
   * Reconnect attempt {@code attempt} failed with {@code error}. An HTTP-date in a {@code
   * Retry-After} is taken relative to the response's {@code Date} header, or else to the wall clock
   * now.
   *
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public static Outage failed(Throwable error, int attempt) {
    return failed(error, attempt, Instant.now());
  }

  /** {@link #failed(Throwable, int)} with the wall clock at {@code now}. */
  static Outage failed(Throwable error, int attempt, Instant now) {
    Objects.requireNonNull(error, "error");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1; got " + attempt);
    }
    return new Outage(null, error, attempt, now);
  }

  /** The status the ended session received (1006 if none came); empty for a failed attempt. */
  public Optional<CloseStatus> closeStatus() {
    return Optional.ofNullable(closeStatus);
  }

  /**
   * What the failed attempt failed with (the transport's error, a {@code TimeoutException}, what
   * {@code @OnOpen} threw); empty for a session's end.
   */
  public Optional<Throwable> error() {
    return Optional.ofNullable(error);
  }

  /** The HTTP status of the refused handshake, when the attempt failed with one. */
  public OptionalInt httpStatus() {
    return refused == null ? OptionalInt.empty() : OptionalInt.of(refused.status());
  }

  /**
   * The headers of the refused handshake's response, when the attempt failed with one and the
   * transport could read them; otherwise empty.
   */
  public Map<String, List<String>> headers() {
    return refused == null ? Map.of() : refused.headers();
  }

  /**
   * How long the server asked to wait, from the refused handshake's {@code Retry-After}: seconds,
   * or an HTTP-date taken relative to the response's own {@code Date} header when it has one (else
   * to the wall clock when the outage was made); a date in the past is zero. Empty without the
   * header, or when it cannot be parsed.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** 0 for a session's end; n for reconnect attempt n. */
  public int attempt() {
    return attempt;
  }

  private static HandshakeException handshakeException(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      if (t instanceof HandshakeException refused) {
        return refused;
      }
    }
    return null;
  }

  /** The {@code Retry-After} of {@code refused}, or null; see {@link #retryAfter()}. */
  static Duration retryAfter(HandshakeException refused, Instant now) {
    Optional<String> header = refused.header("Retry-After");
    if (header.isEmpty()) {
      return null;
    }
    String value = header.get().trim();
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException tooLong) {
        return null;
      }
    }
    Instant at = httpDate(value);
    if (at == null) {
      return null;
    }
    Instant base = refused.header("Date").map(Outage::httpDate).orElse(now);
    if (base == null) {
      base = now;
    }
    Duration wait = Duration.between(base, at);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** An IMF-fixdate (RFC 9110 section 5.6.7), such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Says what happened without header values or anything else that may be secret, e.g. {@code
   * Outage[closed 1012 "restarting"]} or {@code Outage[attempt 2 failed: HTTP 503, Retry-After
   * PT5S]}.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Outage[");
    if (closeStatus != null) {
      out.append("closed ").append(closeStatus.code());
      if (!closeStatus.reason().isEmpty()) {
        out.append(" \"").append(closeStatus.reason()).append('"');
      }
    } else {
      out.append("attempt ").append(attempt).append(" failed: ");
      if (refused != null) {
        out.append("HTTP ").append(refused.status());
        if (retryAfter != null) {
          out.append(", Retry-After ").append(retryAfter);
        }
      } else {
        out.append(error.getClass().getName());
      }
    }
    return out.append(']').toString();
  }
}
