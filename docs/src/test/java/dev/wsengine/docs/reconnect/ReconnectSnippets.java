package dev.wsengine.docs.reconnect;

import dev.wsengine.runtime.Outage;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.ReconnectPolicy.Action;
import dev.wsengine.runtime.WebSocketEngine;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/** The snippets of reconnect.md. */
final class ReconnectSnippets {
  private static final Logger LOG = System.getLogger("docs");

  private ReconnectSnippets() {}

  static ReconnectPolicy policy() {
    // snippet:policy
    ReconnectPolicy policy =
        ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30))
            .withJitter() // ±20%, so clients dropped together do not return together
            .withMaxAttempts(10) // give up (and stop) after 10 failed attempts; 0 = never give up
            .withResetAfter(
                Duration.ofMinutes(1)); // a connection up this long starts the count again
    // end-snippet
    return policy;
  }

  static ReconnectPolicy rows() {
    // snippet:rows
    ReconnectPolicy policy =
        ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30))
            .withJitter()
            .onClose(4001, Action.STOP) // the server's own "you are banned" code
            .onClose(1011, Action.RECONNECT) // its internal errors are brief: back at once
            .onHttpStatus(401, Action.BACK_OFF); // a token that a later attempt may renew
    // end-snippet
    return policy;
  }

  // snippet:custom
  /** Stops on any 4xxx close; everything else as the default table says. */
  static final class StopOnApplicationCodes implements ReconnectPolicy {
    private final ReconnectPolicy delays =
        ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter();

    @Override
    public Action actionFor(Outage outage) {
      if (outage.closeStatus().map(s -> s.code() >= 4000).orElse(false)) {
        return Action.STOP;
      }
      return ReconnectPolicy.super.actionFor(outage);
    }

    @Override
    public Optional<Duration> delayBefore(int attempt) {
      return delays.delayBefore(attempt);
    }

    @Override
    public Duration resetAfter() {
      return delays.resetAfter();
    }
  }

  // end-snippet

  static void afterwards(WebSocketEngine engine) throws InterruptedException {
    // snippet:termination
    engine.awaitTermination(Duration.ofDays(1));
    engine
        .terminationCause()
        .ifPresent(
            cause ->
                LOG.log(Level.ERROR, "the engine stopped by itself: " + cause)); // e.g. closed 1008
    // end-snippet
  }
}
