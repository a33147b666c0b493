package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.URI;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import io.opentelemetry.api.OpenTelemetry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engines built into an {@link EngineGroup} share its threads and transport; closing it stops all.
 */
class EngineGroupTest {
  private final InMemoryTransport transport = new InMemoryTransport();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  private static WebSocketEngine.Builder into(
      EngineGroup group, DispatcherMode mode, Object handler) {
    return WebSocketEngine.builder(URI, handler)
        .group(group)
        .dispatcherMode(mode)
        .reconnect(ReconnectPolicy.never())
        .openTimeout(WAIT)
        .stopTimeout(WAIT)
        .openTelemetry(OpenTelemetry.noop());
  }

  @BothDispatchers
  void enginesOfAGroupRunOnItsThreadsAndHoldNoneWhileIdle(DispatcherMode mode) throws Exception {
    List<RecordingHandler> handlers = new ArrayList<>();
    try (EngineGroup group = EngineGroup.builder().transport(transport).build()) {
      for (int i = 0; i < 20; i++) {
        RecordingHandler handler = new RecordingHandler();
        handlers.add(handler);
        into(group, mode, handler).build().start(); // the group's transport: no transport(...)
      }
      assertThat(transport.dialCount()).isEqualTo(20);
      assertThat(group.engines()).hasSize(20);
      for (int i = 0; i < 20; i++) {
        transport.connection(i).pushText("tick " + i);
      }
      for (int i = 0; i < 20; i++) {
        handlers.get(i).await("text tick " + i, WAIT);
      }
      // Twenty connected, idle engines: no engine thread is busy, and every thread is the group's.
      Engines.awaitNoBusyEngineThreads();
      for (String name : ThreadCounts.names("wsengine-")) {
        assertThat(name).startsWith("wsengine-group-");
      }
      for (RecordingHandler handler : handlers) {
        assertThat(handler.threads()).isNotEmpty();
        for (Thread thread : handler.threads()) {
          assertThat(thread.getName()).startsWith("wsengine-group-");
        }
      }
    }
    // close() stopped every engine, each with its @OnClose, and the group's threads are gone.
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    for (RecordingHandler handler : handlers) {
      assertThat(handler.events()).contains("close none");
    }
  }

  @BothDispatchers
  void enginesBackingOffTogetherHoldOneTimerThreadAndNoTask(DispatcherMode mode) throws Exception {
    int engines = 30;
    try (EngineGroup group = EngineGroup.builder().transport(transport).build()) {
      List<RecordingHandler> handlers = new ArrayList<>();
      for (int i = 0; i < engines; i++) {
        RecordingHandler handler = new RecordingHandler();
        handlers.add(handler);
        into(group, mode, handler)
            // Attempt 1 at once (it fails: the server is down), then an hour's wait.
            .reconnect(ReconnectPolicy.exponential(Duration.ofHours(1), Duration.ofHours(1)))
            .build()
            .start();
      }
      for (int i = 0; i < engines; i++) {
        transport.failDial(new ConnectException("down"));
      }
      for (int i = 0; i < engines; i++) {
        transport.connection(i).dropLink();
      }
      for (RecordingHandler handler : handlers) {
        handler.await("restart error 1 ConnectException", WAIT);
      }

      // Thirty outages, each waiting an hour: no task runs, and the group's one timer holds them.
      Await.until(
          () ->
              Engines.busyEngineThreads().isEmpty()
                  && ThreadCounts.live("wsengine-").stream().filter(Engines::timerWaiting).count()
                      == 1,
          WAIT,
          () -> "one waiting timer, nothing busy; live: " + ThreadCounts.names("wsengine-"));
      assertThat(ThreadCounts.names("wsengine-"))
          .contains("wsengine-group-" + groupNumber(group) + "-timer");
      for (WebSocketEngine engine : group.engines()) {
        assertThat(engine.state()).isEqualTo(EngineState.RESTARTING);
      }
    } // close() cuts every backoff short and ends the timer
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    assertThat(transport.dialCount()).isEqualTo(2 * engines);
  }

  private static String groupNumber(EngineGroup group) {
    String name = group.toString();
    Matcher number = Pattern.compile("wsengine-group-(\\d+)").matcher(name);
    assertThat(number.find()).isTrue();
    return number.group(1);
  }

  @BothDispatchers
  void stoppingOneEngineLeavesTheOthersRunning(DispatcherMode mode) throws Exception {
    RecordingHandler first = new RecordingHandler();
    RecordingHandler second = new RecordingHandler();
    try (EngineGroup group = EngineGroup.builder().transport(transport).build()) {
      WebSocketEngine one = into(group, mode, first).build();
      WebSocketEngine two = into(group, mode, second).build();
      one.start();
      two.start();

      one.stop();

      assertThat(one.state()).isEqualTo(EngineState.STOPPED);
      assertThat(two.state()).isEqualTo(EngineState.RUNNING);
      transport.connection(1).pushText("still here");
      second.await("text still here", WAIT);
    }
    assertThat(second.events()).containsExactly("open first", "text still here", "close none");
  }

  @BothDispatchers
  void closingTheGroupFromACallbackStopsEveryEngineWithoutWaitingForItself(DispatcherMode mode)
      throws Exception {
    RecordingHandler first = new RecordingHandler();
    RecordingHandler second = new RecordingHandler();
    EngineGroup group = EngineGroup.builder().transport(transport).build();
    first.onText(
        (text, c, control) -> {
          group.close(); // returns: the stop goes on once this callback returns
          return null;
        });
    WebSocketEngine one = into(group, mode, first).build();
    WebSocketEngine two = into(group, mode, second).build();
    one.start();
    two.start();

    transport.connection(0).pushText("close the group");

    assertThat(one.awaitTermination(WAIT)).isTrue();
    assertThat(two.awaitTermination(WAIT)).isTrue();
    assertThat(first.events()).containsExactly("open first", "text close the group", "close none");
    assertThat(second.events()).containsExactly("open first", "close none");
    group.close(); // idempotent; from this thread it waits for the group's threads to end
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @Test
  void buildingIntoAClosedGroupFailsNamingIt() {
    EngineGroup group = EngineGroup.builder().transport(transport).build();
    group.close();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> into(group, DispatcherMode.FALLBACK, new RecordingHandler()).build());

    assertThat(e)
        .hasMessageThat()
        .matches("wsengine-group-\\d+ is closed; build engines into a new group");
  }

  @Test
  void aGroupAndAThreadFactoryOrExecutorOfTheEngineAreRefused() {
    try (EngineGroup group = EngineGroup.builder().transport(transport).build()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  into(group, DispatcherMode.FALLBACK, new RecordingHandler())
                      .threadFactory(Thread::new)
                      .build());
      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "threadFactory, executor and group each choose where the engine runs; set one of"
                  + " them, got threadFactory group");
    }
  }

  @Test
  void aGroupWithBothAThreadFactoryAndAnExecutorIsRefused() {
    var executor = Executors.newCachedThreadPool();
    try {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> EngineGroup.builder().threadFactory(Thread::new).executor(executor).build());
      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "threadFactory and executor each choose where the group's engines run; set one");
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void aGroupStopTimeoutOutOfRangeIsRefusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EngineGroup.builder().stopTimeout(java.time.Duration.ZERO));
    assertThat(e).hasMessageThat().contains("stopTimeout");
    assertThat(e).hasMessageThat().contains("PT0S");
  }
}
