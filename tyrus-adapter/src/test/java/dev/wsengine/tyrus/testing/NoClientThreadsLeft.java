package dev.wsengine.tyrus.testing;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a thread of the engine or of the Tyrus client behind: every test ends
 * with none. Register with {@code @ExtendWith(NoClientThreadsLeft.class)}; it runs after the
 * test's own {@code @AfterEach} methods, which stop the engines and servers.
 */
public final class NoClientThreadsLeft implements AfterEachCallback {
  /** Grizzly's workers and Tyrus's executors end asynchronously after their shutdown. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Override
  public void afterEach(ExtensionContext context) {
    ThreadCounts.awaitNoClientThreads(TIMEOUT);
  }
}
