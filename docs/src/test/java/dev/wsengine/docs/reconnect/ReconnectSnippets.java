package dev.wsengine.docs.reconnect;

import dev.wsengine.runtime.ReconnectPolicy;
import java.time.Duration;

/** The snippets of reconnect.md. */
final class ReconnectSnippets {
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
}
