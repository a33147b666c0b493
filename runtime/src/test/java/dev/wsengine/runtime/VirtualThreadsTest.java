package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.URI;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.Pause;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Virtual threads as the engine's executor and as a group's thread factory (Java 21+; the build
 * targets 17, so they are reached by reflection). {@code .ci/run} runs this on JDK 25.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  private static boolean isVirtual(Thread thread) throws Exception {
    return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }

  private static ExecutorService virtualThreadPerTask() throws Exception {
    return (ExecutorService)
        Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  private static ThreadFactory virtualFactory(String prefix) throws Exception {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Class<?> builderType = Class.forName("java.lang.Thread$Builder");
    Method name = builderType.getMethod("name", String.class, long.class);
    builder = name.invoke(builder, prefix, 0L);
    return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
  }

  @BothDispatchers
  void anEngineRunsAllItsWorkOnAVirtualThreadExecutor(DispatcherMode mode) throws Exception {
    ExecutorService virtual = virtualThreadPerTask();
    try {
      WebSocketEngine engine =
          Engines.builder(mode, handler, transport)
              .executor(virtual)
              .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1)))
              .build();
      engine.start();
      try {
        transport.lastConnection().pushText("one");
        handler.await("text one", WAIT);
        try (Pause pause = engine.pause()) {
          transport.lastConnection().pushText("held");
          assertThat(engine.connection().orElseThrow().receive(WAIT)).isPresent();
        }
        engine.restart();
        handler.await("open restart 1", WAIT);
        transport.lastConnection().pushText("two");
        handler.await("text two", WAIT);
      } finally {
        engine.stop();
      }
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(handler.threads()).isNotEmpty();
      for (Thread thread : handler.threads()) {
        assertThat(isVirtual(thread)).isTrue();
      }
      assertThat(ThreadCounts.names("wsengine-")).isEmpty(); // no platform thread of the engine
    } finally {
      virtual.shutdown();
    }
  }

  @BothDispatchers
  void aGroupMakesVirtualThreadsFromItsFactory(DispatcherMode mode) throws Exception {
    try (EngineGroup group =
        EngineGroup.builder().transport(transport).threadFactory(virtualFactory("feed-")).build()) {
      WebSocketEngine engine =
          WebSocketEngine.builder(URI, handler)
              .group(group)
              .dispatcherMode(mode)
              .reconnect(ReconnectPolicy.never())
              .openTelemetry(OpenTelemetry.noop())
              .build();
      engine.start();
      transport.lastConnection().pushText("tick");
      handler.await("text tick", WAIT);
      for (Thread thread : handler.threads()) {
        assertThat(isVirtual(thread)).isTrue();
        assertThat(thread.getName()).startsWith("feed-");
      }
    }
    assertThat(handler.events()).contains("close none");
  }
}
