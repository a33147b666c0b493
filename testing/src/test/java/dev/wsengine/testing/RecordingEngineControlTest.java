package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.testing.RecordingEngineControl.Call.EXIT;
import static dev.wsengine.testing.RecordingEngineControl.Call.PAUSE;
import static dev.wsengine.testing.RecordingEngineControl.Call.RESTART;
import static dev.wsengine.testing.RecordingEngineControl.Call.RESUME;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Pause;
import dev.wsengine.testing.RecordingEngineControl.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingEngineControlTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RecordingEngineControl control = new RecordingEngineControl();

  @Test
  void recordsEveryCallInOrder() {
    control.restart();
    try (Pause pause = control.pause()) {
      assertThat(control.isPaused()).isTrue();
      assertThat(pause).isNotNull();
    }
    control.exit();

    assertThat(control.calls()).containsExactly(RESTART, PAUSE, RESUME, EXIT).inOrder();
    assertThat(control.isPaused()).isFalse();
  }

  @Test
  void nothingIsRecordedUntilCalled() {
    assertThat(control.calls()).isEmpty();
    assertThat(control.isPaused()).isFalse();
  }

  @Test
  void closingAPauseAgain_recordsNothing() {
    Pause pause = control.pause();

    pause.close();
    pause.close();

    assertThat(control.calls()).containsExactly(PAUSE, RESUME).inOrder();
  }

  @Test
  void isPaused_untilEveryPauseIsClosed() {
    Pause first = control.pause();
    Pause second = control.pause();

    first.close();
    first.close();
    assertThat(control.isPaused()).isTrue();
    second.close();

    assertThat(control.isPaused()).isFalse();
  }

  @Test
  void onlyRecords_pauseWorksAfterExit() {
    control.exit();
    control.exit();

    try (Pause pause = control.pause()) {
      assertThat(control.isPaused()).isTrue();
    }

    assertThat(control.calls()).containsExactly(EXIT, EXIT, PAUSE, RESUME).inOrder();
  }

  @Test
  void callsIsASnapshot() {
    List<Call> before = control.calls();

    control.restart();

    assertThat(before).isEmpty();
    assertThrows(UnsupportedOperationException.class, () -> control.calls().clear());
  }

  @Test
  void toString_listsTheCalls() {
    Pause pause = control.pause();
    control.restart();

    assertThat(control.toString()).isEqualTo("RecordingEngineControl[PAUSE, RESTART]");
    assertThat(pause.toString()).isEqualTo("Pause[open]");
    pause.close();
    assertThat(pause.toString()).isEqualTo("Pause[closed]");
  }

  @Test
  void callsFromManyThreads_areAllRecorded() throws Exception {
    int threads = 8;
    int perThread = 100;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      callers.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                for (int i = 0; i < perThread; i++) {
                  control.restart();
                  // Another thread closes each pause, as a handler may hand it over.
                  Pause pause = control.pause();
                  CompletableFuture.runAsync(pause::close, RecordingEngineControlTest::start)
                      .join();
                  control.exit();
                }
              },
              RecordingEngineControlTest::start));
    }
    go.countDown();
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new))
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    List<Call> calls = control.calls();
    int each = threads * perThread;
    assertThat(calls).hasSize(4 * each);
    for (Call call : Call.values()) {
      assertThat(Collections.frequency(calls, call)).isEqualTo(each);
    }
    assertThat(control.isPaused()).isFalse();
  }

  private static void start(Runnable body) {
    Thread thread = new Thread(body, "recording-engine-control-test");
    thread.setDaemon(true);
    thread.start();
  }
}
