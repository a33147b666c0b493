package dev.wsengine.runtime.internal.engine;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** Where EngineStopException says a thread is stuck: the callback's frames, not Unsafe.park. */
class StuckThreadsTest {
  private static final StackTraceElement PARK =
      new StackTraceElement(null, "java.base", null, "jdk.internal.misc.Unsafe", "park", null, -2);
  private static final StackTraceElement LATCH =
      frame("java.util.concurrent.CountDownLatch", "await", "CountDownLatch.java", 230);
  private static final StackTraceElement DISPATCHER =
      frame("com.acme.Client_Dispatcher", "onText", "Client_Dispatcher.java", 40);
  private static final StackTraceElement FALLBACK =
      frame("com.acme.Client$WsengineDispatcher$3", "onText", null, -1);
  private static final StackTraceElement READER =
      frame("dev.wsengine.runtime.internal.engine.Readers", "run", "Readers.java", 90);
  private static final StackTraceElement THREAD =
      new StackTraceElement(null, "java.base", null, "java.lang.Thread", "run", "Thread.java", 833);

  @Test
  void aCallbackBlockedInTheJdkIsShownByItsOwnFramesThenTheTopOfTheStack() {
    StackTraceElement[] stack = {
      PARK,
      LATCH,
      frame("com.acme.Client", "awaitAck", "Client.java", 51),
      frame("com.acme.Client", "text", "Client.java", 42),
      DISPATCHER,
      READER,
      THREAD
    };

    assertThat(StuckThreads.describe("wsengine-1-reader-2", Thread.State.WAITING, stack))
        .isEqualTo(
            "wsengine-1-reader-2 (WAITING) at com.acme.Client.awaitAck(Client.java:51) < com.acme.Client.text(Client.java:42),"
                + " in jdk.internal.misc.Unsafe.park(Native Method)");
  }

  @Test
  void aCallbackBlockedInAnEngineSendShowsTheCallbackNotTheTransport() {
    StackTraceElement[] stack = {
      PARK,
      frame(
          "org.glassfish.tyrus.core.TyrusRemoteEndpoint",
          "sendText",
          "TyrusRemoteEndpoint.java",
          100),
      frame("dev.wsengine.tyrus.TyrusConnection", "sendText", "TyrusConnection.java", 230),
      frame(
          "dev.wsengine.runtime.internal.engine.EngineConnection",
          "sendText",
          "EngineConnection.java",
          70),
      frame("com.acme.Client", "text", "Client.java", 42),
      FALLBACK,
      READER,
      THREAD
    };

    assertThat(StuckThreads.describe("r", Thread.State.WAITING, stack))
        .isEqualTo(
            "r (WAITING) at com.acme.Client.text(Client.java:42), in jdk.internal.misc.Unsafe.park(Native Method)");
  }

  @Test
  void aDeepCallbackShowsTheInnermostFramesAndTheCallback() {
    StackTraceElement[] stack = {
      frame("com.lib.Spin", "a", "Spin.java", 1),
      frame("com.lib.Spin", "b", "Spin.java", 2),
      frame("com.lib.Spin", "c", "Spin.java", 3),
      frame("com.lib.Spin", "d", "Spin.java", 4),
      frame("com.acme.Client", "text", "Client.java", 42),
      DISPATCHER,
      READER
    };

    assertThat(StuckThreads.describe("r", Thread.State.RUNNABLE, stack))
        .isEqualTo(
            "r (RUNNABLE) at com.lib.Spin.a(Spin.java:1) < com.lib.Spin.b(Spin.java:2) < ... < com.acme.Client.text(Client.java:42)");
  }

  @Test
  void theJvmsLambdaClassesAreLeftOut() {
    StackTraceElement[] stack = {
      PARK,
      LATCH,
      frame("com.acme.Client", "lambda$text$0", "Client.java", 50),
      frame("com.acme.Client$$Lambda$634/0x00007fbcb8111408", "run", null, -1),
      frame("com.acme.Client", "text", "Client.java", 42),
      DISPATCHER,
      READER
    };

    assertThat(StuckThreads.describe("r", Thread.State.WAITING, stack))
        .isEqualTo(
            "r (WAITING) at com.acme.Client.lambda$text$0(Client.java:50) < com.acme.Client.text(Client.java:42),"
                + " in jdk.internal.misc.Unsafe.park(Native Method)");
  }

  @Test
  void aThreadOutsideAnyCallbackShowsWhereInTheEngineItWaits() {
    StackTraceElement[] stack = {PARK, LATCH, READER, THREAD};

    assertThat(StuckThreads.describe("s", Thread.State.TIMED_WAITING, stack))
        .isEqualTo(
            "s (TIMED_WAITING) at dev.wsengine.runtime.internal.engine.Readers.run(Readers.java:90),"
                + " in jdk.internal.misc.Unsafe.park(Native Method)");
  }

  @Test
  void aThreadWithNoStackIsNamedWithItsState() {
    assertThat(StuckThreads.describe("s", Thread.State.RUNNABLE, new StackTraceElement[0]))
        .isEqualTo("s (RUNNABLE)");
    assertThat(StuckThreads.describe("s", Thread.State.WAITING, new StackTraceElement[] {PARK}))
        .isEqualTo("s (WAITING) in jdk.internal.misc.Unsafe.park(Native Method)");
  }

  private static StackTraceElement frame(String type, String method, String file, int line) {
    return new StackTraceElement(type, method, file, line);
  }
}
