package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import dev.wsengine.OnReadError;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;

/** DESIGN.md "Readers", "OnReadError", "Exceptions thrown by callbacks", replies. */
class ReadersTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  @BothDispatchers
  void oneReaderProcessesMessagesInArrivalOrder(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      for (int i = 0; i < 1000; i++) {
        connection.pushText(Integer.toString(i));
      }
      handler.awaitCount(e -> e.startsWith("text "), 1000, WAIT, "1000 messages");
      List<String> expected = IntStream.range(0, 1000).mapToObj(i -> "text " + i).toList();
      assertThat(handler.events(e -> e.startsWith("text ")))
          .containsExactlyElementsIn(expected)
          .inOrder();
      assertThat(connection.concurrentReads()).isEqualTo(0);
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void severalReadersProcessConcurrently(DispatcherMode mode) throws Exception {
    // Each @OnMessage waits for all four to be inside @OnMessage at once: only overlap passes.
    CyclicBarrier allInside = new CyclicBarrier(4);
    handler.onText(
        (text, c, control) -> {
          allInside.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          return null;
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      for (int i = 0; i < 4; i++) {
        connection.pushText("m" + i);
      }
      handler.awaitCount(e -> e.startsWith("text "), 4, WAIT, "4 messages");
      Await.until(
          () -> allInside.getNumberWaiting() == 0 && !allInside.isBroken(), WAIT, "barrier passed");
      assertThat(handler.events(e -> e.startsWith("read error"))).isEmpty();
      Set<Thread> threads = new HashSet<>(handler.threads().subList(1, 5));
      assertThat(threads).hasSize(4);
      assertThat(connection.concurrentReads()).isEqualTo(0);
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void readsStaySerializedWithManyReaders(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(8).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      for (int i = 0; i < 2000; i++) {
        connection.pushText(Integer.toString(i));
      }
      handler.awaitCount(e -> e.startsWith("text "), 2000, WAIT, "2000 messages");
      assertThat(connection.concurrentReads()).isEqualTo(0);
      Set<String> seen = new HashSet<>(handler.events(e -> e.startsWith("text ")));
      assertThat(seen).hasSize(2000);
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void onReadErrorRunsUnderThePermitSoNothingElseIsReadMeanwhile(DispatcherMode mode)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger readsAtCallback = new AtomicInteger(-1);
    AtomicInteger readsAfterCallback = new AtomicInteger(-1);
    handler.onReadError(
        (error, c, control) -> {
          InMemoryConnection connection = transport.lastConnection();
          // Reads and polls so far; had another worker got the permit, it would read "after".
          readsAtCallback.set(connection.readCount());
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          readsAfterCallback.set(connection.readCount());
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      connection.pushReadError(new IOException("bad frame")).pushText("after");
      handler.await("read error IOException: bad frame", WAIT);
      Await.until(() -> readsAtCallback.get() >= 0, WAIT, "callback ran");
      assertThat(handler.events()).doesNotContain("text after");
      release.countDown();
      handler.await("text after", WAIT);
      assertThat(readsAfterCallback.get()).isEqualTo(readsAtCallback.get());
      assertThat(handler.events())
          .containsExactly("open first", "read error IOException: bad frame", "text after")
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void onMessageExceptionGoesToOnReadErrorAndTheReaderGoesOn(DispatcherMode mode) throws Exception {
    handler.onText(
        (text, c, control) -> {
          if (text.equals("boom")) {
            throw new IOException("handler failed on " + text);
          }
          return null;
        });
    handler.onReadError(
        (error, c, control) -> {
          throw new IllegalStateException("and so did @OnReadError");
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    engine.start();
    try {
      transport.lastConnection().pushText("boom").pushText("next");
      handler.await("text next", WAIT);
      assertThat(handler.events())
          .containsExactly(
              "open first",
              "text boom",
              "read error IOException: handler failed on boom",
              "text next")
          .inOrder();
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void onMessageReplyIsSent(DispatcherMode mode) throws Exception {
    handler.onText((text, c, control) -> text.equals("quiet") ? null : "echo " + text);
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      connection.pushText("one").pushText("quiet").pushText("two");
      connection.awaitSent(2, WAIT);
      handler.await("text two", WAIT);
      assertThat(connection.sentTexts()).containsExactly("echo one", "echo two").inOrder();
    } finally {
      engine.stop();
    }
  }

  /** Replies a binary message with its bytes reversed. */
  public static class BinaryEcho {
    @OnMessage
    ByteBuffer echo(ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      byte[] reversed = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        reversed[i] = bytes[bytes.length - 1 - i];
      }
      return ByteBuffer.wrap(reversed);
    }
  }

  @BothDispatchers
  void binaryReplyIsSent(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, new BinaryEcho(), transport).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      connection.pushBinary("abc".getBytes(StandardCharsets.UTF_8));
      Message reply = connection.awaitSent(1, WAIT).get(0);
      assertThat(reply.isText()).isFalse();
      assertThat(new String(reply.binaryAsArray(), StandardCharsets.UTF_8)).isEqualTo("cba");
    } finally {
      engine.stop();
    }
  }

  /** Takes text only, and records what reached @OnReadError. */
  public static class TextOnly {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<String> texts = new CopyOnWriteArrayList<>();

    @OnMessage
    void text(String text) {
      texts.add(text);
    }

    @OnReadError
    void failed(Throwable error) {
      errors.add(error);
    }
  }

  @BothDispatchers
  void messageWithNoMatchingOnMessageGoesToOnReadErrorWithTheMessage(DispatcherMode mode)
      throws Exception {
    TextOnly textOnly = new TextOnly();
    WebSocketEngine engine = Engines.builder(mode, textOnly, transport).readers(1).build();
    engine.start();
    try {
      transport.lastConnection().pushBinary(new byte[] {1, 2, 3}).pushText("still here");
      Await.until(
          () -> textOnly.texts.contains("still here"), WAIT, "the text after the binary message");
      assertThat(textOnly.errors).hasSize(1);
      UnhandledMessageException e = (UnhandledMessageException) textOnly.errors.get(0);
      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "received a binary message of 3 bytes, but dev.wsengine.runtime.ReadersTest$TextOnly"
                  + " has no @OnMessage method for binary messages");
      assertThat(e.unhandledMessage().binaryAsArray()).isEqualTo(new byte[] {1, 2, 3});
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void stopLeavesNoThreadBehind(DispatcherMode mode) throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(6).build();
    engine.start();
    transport.lastConnection().pushText("x");
    handler.await("text x", WAIT);
    engine.stop();

    List<Thread> added = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(thread) && thread.isAlive()) {
        added.add(thread);
      }
    }
    assertThat(added).isEmpty();
  }
}
