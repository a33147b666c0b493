package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.Message;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * {@code orderBy(key)}: messages with the same key are processed in arrival order, one at a time;
 * messages with different keys at the same time, within {@code readers}.
 */
class OrderByTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler().recordMessages(false);

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  /** "AAPL:3" has the key "AAPL". */
  private static Object symbol(Message message) {
    String text = message.text();
    return text.substring(0, text.indexOf(':'));
  }

  @BothDispatchers
  void differentKeysOverlapAndEachKeyKeepsArrivalOrder(DispatcherMode mode) throws Exception {
    // Both first messages must be in @OnMessage at once to pass the barrier: proof of overlap
    // across keys. Had they been processed one after the other, the barrier would time out.
    CyclicBarrier bothKeysAtOnce = new CyclicBarrier(2);
    AtomicInteger barrierFailures = new AtomicInteger();
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
    AtomicInteger overlapsWithinAKey = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(40);
    handler.onText(
        (text, c, control) -> {
          String key = text.substring(0, text.indexOf(':'));
          int n = Integer.parseInt(text.substring(text.indexOf(':') + 1));
          if (inside.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
            overlapsWithinAKey.incrementAndGet();
          }
          try {
            if (n == 0) {
              try {
                bothKeysAtOnce.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                barrierFailures.incrementAndGet();
              }
            } else {
              Thread.yield(); // widen the window in which a wrongly ordered message would overtake
            }
            seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(n);
          } finally {
            inside.get(key).decrementAndGet();
            all.countDown();
          }
          return null;
        });
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(4).orderBy(OrderByTest::symbol).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      for (int i = 0; i < 20; i++) {
        connection.pushText("AAPL:" + i).pushText("MSFT:" + i);
      }
      assertThat(all.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    } finally {
      engine.stop();
    }
    assertThat(barrierFailures.get()).isEqualTo(0);
    assertThat(overlapsWithinAKey.get()).isEqualTo(0);
    List<Integer> inOrder = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inOrder.add(i);
    }
    assertThat(seen.get("AAPL")).containsExactlyElementsIn(inOrder).inOrder();
    assertThat(seen.get("MSFT")).containsExactlyElementsIn(inOrder).inOrder();
  }

  @BothDispatchers
  void oneSlowKeyHoldsOnlyItsOwnMessages(DispatcherMode mode) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch others = new CountDownLatch(5);
    handler.onText(
        (text, c, control) -> {
          if (text.startsWith("SLOW:")) {
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          } else {
            others.countDown();
          }
          return null;
        });
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(4).orderBy(OrderByTest::symbol).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      connection.pushText("SLOW:0").pushText("SLOW:1");
      for (int i = 0; i < 5; i++) {
        connection.pushText("FAST" + i + ":0");
      }
      // SLOW:1 waits behind SLOW:0, and the five other keys are processed meanwhile.
      assertThat(others.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      release.countDown();
    } finally {
      release.countDown();
      engine.stop();
    }
  }

  @BothDispatchers
  void aKeyFunctionThatThrowsReachesOnReadErrorAndTheMessageIsStillProcessed(DispatcherMode mode)
      throws Exception {
    RecordingHandler recording = new RecordingHandler();
    WebSocketEngine engine =
        Engines.builder(mode, recording, transport)
            .readers(2)
            .orderBy(OrderByTest::symbol) // "no colon" has none: substring throws
            .build();
    engine.start();
    try {
      transport.lastConnection().pushText("no colon");
      recording.await("text no colon", WAIT);
      assertThat(recording.readErrors()).hasSize(1);
      Throwable error = recording.readErrors().get(0);
      assertThat(error)
          .hasMessageThat()
          .isEqualTo(
              "the engine's orderBy key function threw for a text message; it was processed"
                  + " without an order");
      assertThat(error).hasCauseThat().isInstanceOf(StringIndexOutOfBoundsException.class);
    } finally {
      engine.stop();
    }
  }
}
