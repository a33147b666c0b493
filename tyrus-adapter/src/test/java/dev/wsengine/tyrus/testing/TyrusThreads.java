package dev.wsengine.tyrus.testing;

import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The names of the threads the client side of Tyrus starts, for the kit's {@link ThreadCounts} and
 * {@link NoThreadsLeft}: how tests prove that an engine and its transport stopped every thread.
 */
public final class TyrusThreads {
  /**
   * The one thread Tyrus never stops: a static timer it starts with the first shared-container
   * connection, for the container's idle timeout, and keeps for the life of the JVM (a daemon).
   * Documented in docs/tyrus.md; every other client thread must go.
   */
  public static final String SHARED_CONTAINER_TIMER = "tyrus-grizzly-container-idle-timeout";

  /**
   * Threads of the client side of Tyrus: a client container's Grizzly workers ({@code Grizzly(})
   * and selector ({@code grizzly-nio-kernel}), and Tyrus's client executors ({@code tyrus-}). The
   * test servers name theirs otherwise ({@link LoopbackServer#THREAD_PREFIX}, {@code test-jetty}),
   * so these are the client's.
   */
  public static final Predicate<String> TYRUS_CLIENT_THREAD =
      name ->
          name.startsWith("Grizzly(")
              || name.startsWith("grizzly-")
              || (name.startsWith("tyrus-") && !name.equals(SHARED_CONTAINER_TIMER));

  /** {@link #TYRUS_CLIENT_THREAD} and the engine's threads. */
  public static final Predicate<String> CLIENT_THREAD =
      name -> name.startsWith(ThreadCounts.ENGINE_THREAD_PREFIX) || TYRUS_CLIENT_THREAD.test(name);

  private static final String TYRUS_CLIENT_THREADS = "Grizzly(*, grizzly-*, tyrus-*";

  /**
   * Fails a test (or test class) that leaves a thread of the engine or of the Tyrus client behind;
   * register it in every end-to-end test class:
   *
   * <pre>{@code
   * @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;
   * }</pre>
   *
   * Grizzly's workers and Tyrus's executors end asynchronously after their shutdown: it waits for
   * them (the kit's default timeout).
   */
  public static final NoThreadsLeft NO_CLIENT_THREADS_LEFT =
      NoThreadsLeft.engineThreads().and(TYRUS_CLIENT_THREAD, TYRUS_CLIENT_THREADS);

  private TyrusThreads() {}

  /** Returns once no client thread (engine, Tyrus, Grizzly) is left. */
  public static void awaitNoClientThreads(Duration timeout) {
    ThreadCounts.awaitNoThreads(
        CLIENT_THREAD, ThreadCounts.ENGINE_THREAD_PREFIX + "*, " + TYRUS_CLIENT_THREADS, timeout);
  }
}
