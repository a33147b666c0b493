package dev.wsengine.runtime;

import dev.wsengine.CloseStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The default cause table of {@link ReconnectPolicy#actionFor}, and one overridden row of it: a
 * policy that answers {@link #action} for one close code or HTTP status and delegates everything
 * else to the policy it wraps. Immutable and thread-safe.
 */
final class ReconnectRule implements ReconnectPolicy {
  private final ReconnectPolicy base;
  private final boolean close;
  private final int code;
  private final Action action;

  private ReconnectRule(ReconnectPolicy base, boolean close, int code, Action action) {
    this.base = base;
    this.close = close;
    this.code = code;
    this.action = action;
  }

  static ReconnectPolicy onClose(ReconnectPolicy base, int code, Action action) {
    Objects.requireNonNull(action, "action");
    if (code < 1000 || code > 4999) {
      throw new IllegalArgumentException("close code must be within 1000-4999; got " + code);
    }
    return new ReconnectRule(base, true, code, action);
  }

  static ReconnectPolicy onHttpStatus(ReconnectPolicy base, int status, Action action) {
    Objects.requireNonNull(action, "action");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be within 100-599; got " + status);
    }
    return new ReconnectRule(base, false, status, action);
  }

  /** The table of {@link ReconnectPolicy#actionFor}'s default. */
  static Action defaultAction(Outage outage) {
    Optional<CloseStatus> closed = outage.closeStatus();
    if (closed.isPresent()) {
      return switch (closed.get().code()) {
        case 1000, 1001, 1012 -> Action.RECONNECT;
        case 1003, 1007, 1008, 1009 -> Action.STOP;
        default -> Action.BACK_OFF; // 1013, 1006, 1011, any other
      };
    }
    OptionalInt status = outage.httpStatus();
    if (status.isPresent()) {
      return switch (status.getAsInt()) {
        case 401, 403, 404 -> Action.STOP;
        default -> Action.BACK_OFF; // 429, 503, any other
      };
    }
    return Action.BACK_OFF;
  }

  @Override
  public Action actionFor(Outage outage) {
    boolean matches =
        close
            ? outage.closeStatus().map(s -> s.code() == code).orElse(false)
            : outage.httpStatus().orElse(-1) == code;
    return matches ? action : base.actionFor(outage);
  }

  @Override
  public Optional<Duration> delayBefore(int attempt) {
    return base.delayBefore(attempt);
  }

  @Override
  public Duration resetAfter() {
    return base.resetAfter();
  }

  @Override
  public String toString() {
    return base + (close ? ".onClose(" : ".onHttpStatus(") + code + ", " + action + ")";
  }
}
