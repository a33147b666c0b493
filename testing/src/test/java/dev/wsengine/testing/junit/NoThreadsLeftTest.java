package dev.wsengine.testing.junit;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes (the nested ones below, which Surefire does not pick up itself) through
 * JUnit's {@link EngineTestKit} and checks which of them the extension failed, and why.
 */
class NoThreadsLeftTest {
  /** Threads a nested test class leaves parked; released after each run. */
  private static final List<Thread> LEFT = new ArrayList<>();

  private static final CountDownLatch NEVER = new CountDownLatch(1);

  private static CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseLeftThreads() throws InterruptedException {
    release.countDown();
    for (Thread thread : LEFT) {
      thread.join(Duration.ofSeconds(10).toMillis());
      assertThat(thread.isAlive()).isFalse();
    }
    LEFT.clear();
    release = new CountDownLatch(1);
  }

  /** Starts a thread that waits for {@code until}, named as given. */
  private static Thread park(String name, CountDownLatch until) {
    Thread thread =
        new Thread(
            () -> {
              try {
                until.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void leave(String name) {
    LEFT.add(park(name, release));
  }

  private static EngineExecutionResults run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
  }

  private static List<Throwable> failures(Events events) {
    List<Throwable> failures = new ArrayList<>();
    for (Event event : events.failed().list()) {
      event
          .getPayload(org.junit.platform.engine.TestExecutionResult.class)
          .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
          .ifPresent(failures::add);
    }
    return failures;
  }

  // ---- the test classes the kit runs ----

  /** A leftover thread never ends: a short wait keeps these runs quick. */
  private static final Duration SHORT = Duration.ofMillis(100);

  static class LeavesAnEngineThread {
    @RegisterExtension
    static final NoThreadsLeft THREADS = NoThreadsLeft.engineThreads().within(SHORT);

    @Test
    void leaves() {
      leave(ThreadCounts.ENGINE_THREAD_PREFIX + "test-leftover");
    }
  }

  @ExtendWith(NoThreadsLeft.class)
  static class StopsItsEngineThreadInAfterEach {
    private final CountDownLatch stop = new CountDownLatch(1);

    @Test
    void starts() {
      park(ThreadCounts.ENGINE_THREAD_PREFIX + "test-stopped", stop);
    }

    @AfterEach
    void stop() {
      stop.countDown(); // the thread ends a little later: the extension waits for it
    }
  }

  @ExtendWith(NoThreadsLeft.class)
  static class LeavesAnotherThread {
    @Test
    void leaves() {
      leave("feed-test-leftover");
    }
  }

  static class LeavesAnotherThreadItWasToldOf {
    @RegisterExtension
    static final NoThreadsLeft THREADS =
        NoThreadsLeft.engineThreads().and(name -> name.startsWith("feed-"), "feed-*").within(SHORT);

    @Test
    void leaves() {
      leave("feed-test-leftover");
    }
  }

  static class SharesAnEngineThreadAcrossTests {
    @RegisterExtension
    static final NoThreadsLeft THREADS = NoThreadsLeft.engineThreads().onlyAfterAll();

    private static final CountDownLatch STOP = new CountDownLatch(1);

    @BeforeAll
    static void start() {
      park(ThreadCounts.ENGINE_THREAD_PREFIX + "test-shared", STOP);
    }

    @Test
    void first() {}

    @Test
    void second() {}

    @AfterAll
    static void stop() {
      STOP.countDown();
    }
  }

  static class LeavesAThreadFromBeforeAll {
    @RegisterExtension
    static final NoThreadsLeft THREADS = NoThreadsLeft.engineThreads().within(SHORT);

    @BeforeAll
    static void start() {
      leave(ThreadCounts.ENGINE_THREAD_PREFIX + "test-class-leftover");
    }

    @Test
    void passes() {}
  }

  // ---- what the extension made of them ----

  @Test
  void failsATestThatLeavesAnEngineThread_namingItAndItsStack() {
    EngineExecutionResults events = run(LeavesAnEngineThread.class);

    assertThat(events.testEvents().failed().count()).isEqualTo(1);
    Throwable failure = failures(events.testEvents()).get(0);
    assertThat(failure).isInstanceOf(AssertionError.class);
    assertThat(failure)
        .hasMessageThat()
        .startsWith(
            "timed out after PT0.1S waiting for: no threads named wsengine-*; still alive:\n"
                + "  \"wsengine-test-leftover\" WAITING");
    assertThat(failure).hasMessageThat().contains("CountDownLatch.await(");
  }

  @Test
  void waitsForAThreadThatEndsAfterTheTest() {
    EngineExecutionResults events = run(StopsItsEngineThreadInAfterEach.class);

    assertThat(failures(events.allEvents())).isEmpty();
    assertThat(events.testEvents().succeeded().count()).isEqualTo(1);
    assertThat(ThreadCounts.names(ThreadCounts.ENGINE_THREAD_PREFIX + "test-stopped")).isEmpty();
  }

  @Test
  void ignoresThreadsItWasNotToldOf() {
    EngineExecutionResults events = run(LeavesAnotherThread.class);

    assertThat(failures(events.allEvents())).isEmpty();
  }

  @Test
  void andChecksMoreThreads_withinItsOwnTimeout() {
    EngineExecutionResults events = run(LeavesAnotherThreadItWasToldOf.class);

    assertThat(events.testEvents().failed().count()).isEqualTo(1);
    assertThat(failures(events.testEvents()).get(0))
        .hasMessageThat()
        .startsWith(
            "timed out after PT0.1S waiting for: no threads named wsengine-*, feed-*; still"
                + " alive:\n"
                + "  \"feed-test-leftover\"");
  }

  @Test
  void onlyAfterAllLetsTestsShareThreadsStoppedInAfterAll() {
    EngineExecutionResults events = run(SharesAnEngineThreadAcrossTests.class);

    assertThat(failures(events.allEvents())).isEmpty();
    assertThat(events.testEvents().succeeded().count()).isEqualTo(2);
  }

  @Test
  void failsTheClassWhenAThreadFromBeforeAllIsLeft() {
    EngineExecutionResults events = run(LeavesAThreadFromBeforeAll.class);

    // After the test, and again after the class: both see the thread.
    assertThat(events.testEvents().failed().count()).isEqualTo(1);
    assertThat(events.containerEvents().failed().count()).isEqualTo(1);
    Event classFailed =
        events.containerEvents().failed().list().stream()
            .filter(e -> e.getType() == EventType.FINISHED)
            .findFirst()
            .orElseThrow();
    assertThat(classFailed.getTestDescriptor().getDisplayName())
        .isEqualTo("NoThreadsLeftTest$LeavesAThreadFromBeforeAll");
  }

  @Test
  void badConfigurationIsRejectedNamingTheParameter() {
    NoThreadsLeft threads = NoThreadsLeft.engineThreads();

    assertThat(assertThrows(NullPointerException.class, () -> threads.and(null, "x")))
        .hasMessageThat()
        .isEqualTo("names");
    assertThat(assertThrows(NullPointerException.class, () -> threads.and(name -> true, null)))
        .hasMessageThat()
        .isEqualTo("description");
    assertThat(assertThrows(NullPointerException.class, () -> threads.within(null)))
        .hasMessageThat()
        .isEqualTo("timeout");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> threads.within(Duration.ofSeconds(-1))))
        .hasMessageThat()
        .isEqualTo("timeout must not be negative; got PT-1S");
  }

  @Test
  void saysWhatItChecks() {
    assertThat(NoThreadsLeft.engineThreads().toString())
        .isEqualTo("NoThreadsLeft[wsengine-* within PT10S, after each test and the class]");
    assertThat(
            NoThreadsLeft.engineThreads()
                .and(name -> false, "tyrus-*")
                .within(Duration.ofSeconds(3))
                .onlyAfterAll()
                .toString())
        .isEqualTo("NoThreadsLeft[wsengine-*, tyrus-* within PT3S, after the class]");
  }
}
