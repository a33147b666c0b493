package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;

/** DESIGN.md "stop()": past stopTimeout, the exception says where each engine thread is stuck. */
class StopTimeoutTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void nothingLeftRunning() {
    release.countDown();
    Engines.assertNoEngineThreads();
  }

  @BothDispatchers
  void stopTimeoutNamesTheCallbackFramesWhereAReaderIsStuck(DispatcherMode mode) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    handler.onText((text, c, control) -> waitForRelease(entered));
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport)
            .readers(1)
            .stopTimeout(Duration.ofMillis(200))
            .build();
    engine.start();
    transport.lastConnection().pushText("hang");
    assertThat(entered.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();

    EngineStopException e = assertThrows(EngineStopException.class, engine::stop);

    // Not just "at jdk.internal.misc.Unsafe.park(Native Method)": the handler's frames, innermost
    // first, then the top of the stack.
    assertThat(e)
        .hasMessageThat()
        .containsMatch(
            "reader-1 on wsengine-\\d+-worker-\\d+ \\((TIMED_)?WAITING\\) at "
                + "dev\\.wsengine\\.runtime\\.StopTimeoutTest\\.waitForRelease\\(StopTimeoutTest\\.java:\\d+\\) < "
                + "dev\\.wsengine\\.runtime\\.StopTimeoutTest\\.lambda\\$\\S+\\(StopTimeoutTest\\.java:\\d+\\) < "
                + "dev\\.wsengine\\.testing\\.RecordingHandler\\.text\\(RecordingHandler\\.java:\\d+\\), "
                + "in jdk\\.internal\\.misc\\.Unsafe\\.park\\(Native Method\\)");
    release.countDown();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
  }

  private String waitForRelease(CountDownLatch entered) throws InterruptedException {
    entered.countDown();
    while (!release.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      // the test ends by releasing it
    }
    return null;
  }
}
