package dev.wsengine.testing.junit;

import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test which leaves engine threads behind: after each test (once
 * its {@code @AfterEach} methods, which stop the engines, have run) and after the class (once its
 * {@code @AfterAll} methods have run), it waits up to a timeout for every thread whose name begins
 * with {@link ThreadCounts#ENGINE_THREAD_PREFIX} to end, and fails listing those still alive with
 * the top of their stacks. Threads end a little after the engine's {@code stop()} returns when a
 * transport ends them asynchronously; the wait covers that, it does not slow a passing test.
 *
 * <pre>{@code
 * @ExtendWith(NoThreadsLeft.class)   // engine threads, after each test and after the class
 * class FeedTest { ... }
 * }</pre>
 *
 * To check more threads (a transport's, a thread factory's of your own), or to check only after the
 * class when its tests share an engine started in {@code @BeforeAll}, register a configured
 * instance in a {@code static} field (an instance field is not called after the class):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NoThreadsLeft threads =
 *     NoThreadsLeft.engineThreads().and(name -> name.startsWith("feed-"), "feed-*");
 * }</pre>
 *
 * <p>Instances are immutable; one may be shared by several test classes, and JUnit may call it from
 * any thread.
 */
public final class NoThreadsLeft implements AfterEachCallback, AfterAllCallback {
  /** How long it waits for threads to end unless {@link #within(Duration)} says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Predicate<String> names;
  private final String description;
  private final Duration timeout;
  private final boolean afterEach;

  /** Engine threads, after each test and after the class, for {@code @ExtendWith}. */
  public NoThreadsLeft() {
    this(
        name -> name.startsWith(ThreadCounts.ENGINE_THREAD_PREFIX),
        ThreadCounts.ENGINE_THREAD_PREFIX + "*",
        DEFAULT_TIMEOUT,
        true);
  }

  private NoThreadsLeft(
      Predicate<String> names, String description, Duration timeout, boolean afterEach) {
    this.names = names;
    this.description = description;
    this.timeout = timeout;
    this.afterEach = afterEach;
  }

  /**
   * Engine threads (named as an engine with its default thread factory names them), after each test
   * and after the class, waiting at most {@link #DEFAULT_TIMEOUT}: what
   * {@code @ExtendWith(NoThreadsLeft.class)} checks, as a start for {@link #and}, {@link #within}
   * and {@link #onlyAfterAll()}.
   */
  public static NoThreadsLeft engineThreads() {
    return new NoThreadsLeft();
  }

  /**
   * These threads too: a test also fails if a live thread's name matches {@code names}.
   *
   * @param description names those threads in the failure, such as {@code "tyrus-*"}
   */
  public NoThreadsLeft and(Predicate<String> names, String description) {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(description, "description");
    Predicate<String> these = this.names;
    return new NoThreadsLeft(
        name -> these.test(name) || names.test(name),
        this.description + ", " + description,
        timeout,
        afterEach);
  }

  /**
   * Waits at most {@code timeout} for the threads to end.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public NoThreadsLeft within(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative; got " + timeout);
    }
    return new NoThreadsLeft(names, description, timeout, afterEach);
  }

  /**
   * Checks only after the class, for tests that share threads started in {@code @BeforeAll} and
   * stopped in {@code @AfterAll}.
   */
  public NoThreadsLeft onlyAfterAll() {
    return new NoThreadsLeft(names, description, timeout, false);
  }

  /** Waits for the threads to end after a test; does nothing after {@link #onlyAfterAll()}. */
  @Override
  public void afterEach(ExtensionContext context) {
    if (afterEach) {
      ThreadCounts.awaitNoThreads(names, description, timeout);
    }
  }

  /** Waits for the threads to end after the class. */
  @Override
  public void afterAll(ExtensionContext context) {
    ThreadCounts.awaitNoThreads(names, description, timeout);
  }

  @Override
  public String toString() {
    return "NoThreadsLeft["
        + description
        + " within "
        + timeout
        + (afterEach ? ", after each test and the class]" : ", after the class]");
  }
}
