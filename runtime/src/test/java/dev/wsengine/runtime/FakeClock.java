package dev.wsengine.runtime;

import dev.wsengine.runtime.internal.engine.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * A clock that never sleeps: a wait advances virtual time by the full amount at once and is
 * recorded, so backoff tests see the exact delays without waiting for them.
 */
final class FakeClock implements Clock {
  private long now = 1_000_000_000L;
  private final List<Duration> waits = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public void awaitNanos(Condition condition, long nanos) {
    synchronized (this) {
      waits.add(Duration.ofNanos(nanos));
      now += nanos;
    }
  }

  /** Moves time on, as if a session had stayed up this long. */
  synchronized void advance(Duration duration) {
    now += duration.toNanos();
  }

  /** Every backoff wait the engine made, in order. */
  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }
}
