package dev.wsengine.runtime;

import java.time.Duration;
import java.util.Optional;

/** The policy of {@link ReconnectPolicy#never()}. */
enum NeverReconnect implements ReconnectPolicy {
  INSTANCE;

  @Override
  public Optional<Duration> delayBefore(int attempt) {
    return Optional.empty();
  }

  @Override
  public Action actionFor(Outage outage) {
    return Action.STOP;
  }

  @Override
  public Duration resetAfter() {
    return Duration.ZERO;
  }

  @Override
  public String toString() {
    return "ReconnectPolicy.never()";
  }
}
