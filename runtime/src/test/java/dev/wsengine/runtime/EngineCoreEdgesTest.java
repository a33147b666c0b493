package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.spi.Transport;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Edges of the engine core that the scenario tests do not reach: a fatal error from a handler, a
 * dial that ignores the interrupt past both timeouts, {@code receive()} meeting a close or a read
 * error, sends that fail, closes that fail, bad timeouts, and what the engine and its connections
 * say about themselves.
 */
class EngineCoreEdgesTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final RecordingThreadFactory threads = new RecordingThreadFactory();
  private final TestThread holder = new TestThread("test-pause-holder");
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void nothingLeftRunning() {
    release.countDown();
    holder.close();
    Engines.assertNoEngineThreads();
  }

  @BothDispatchers
  void fatalErrorFromOnMessageStopsTheEngineAndEndsItsReaderWithTheError(DispatcherMode mode)
      throws Exception {
    StackOverflowError fatal = new StackOverflowError("handler recursed too deep");
    handler.onText(
        (text, c, control) -> {
          throw fatal;
        });
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(1).threadFactory(threads).build();
    engine.start();

    transport.lastConnection().pushText("boom");

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    // Not an @OnReadError: the JVM cannot be trusted to go on. The session still ends properly.
    assertThat(handler.events()).containsExactly("open first", "text boom", "close none").inOrder();
    assertThat(transport.lastConnection().closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    // The error ends the pool thread that ran @OnMessage.
    assertThat(threads.uncaught().values()).containsExactly(fatal);
  }

  @BothDispatchers
  void dialIgnoringTheInterruptPastBothTimeoutsFailsStartNamingTheStuckThread(DispatcherMode mode)
      throws Exception {
    // As a transport dialling with a plain Socket.connect, which an interrupt does not end.
    Transport uninterruptible =
        (uri, options) -> {
          awaitIgnoringInterrupts(release);
          return transport.connect(uri, options);
        };
    WebSocketEngine engine =
        WebSocketEngine.builder(Engines.URI, handler)
            .transport(uninterruptible)
            .dispatcherMode(mode)
            .reconnect(ReconnectPolicy.never())
            .openTimeout(Duration.ofMillis(100))
            .stopTimeout(Duration.ofMillis(100))
            .openTelemetry(OpenTelemetry.noop())
            .build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("could not open ws://127.0.0.1:9/test within openTimeout PT0.1S");
    assertThat(e.getSuppressed()).hasLength(1);
    Throwable stuck = e.getSuppressed()[0];
    assertThat(stuck).isInstanceOf(EngineStopException.class);
    assertThat(stuck).hasMessageThat().containsMatch("open-0 on wsengine-\\d+-worker-\\d+ \\(");
    assertThat(stuck).hasMessageThat().contains("awaitIgnoringInterrupts");

    release.countDown(); // the dial goes on, finds the interrupt set, and gives up
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.connections()).isEmpty();
    assertThat(handler.events()).isEmpty();
  }

  @BothDispatchers
  @SuppressWarnings("try") // Stopping
  void receiveMeetingTheServersCloseEndsTheSessionWithThatStatus(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause pause = holder.call(WAIT, "pause()", engine::pause);
      CloseStatus bye = CloseStatus.of(4001, "bye");

      server.serverClose(bye);
      ConnectionClosedException e =
          assertThrows(
              ConnectionClosedException.class,
              () -> holder.call(WAIT, "receive", () -> connection.receive(WAIT)));

      assertThat(e.status()).isEqualTo(bye);
      // The engine learnt of the close from the holder's receive, while no reader could read.
      assertThat(engine.connection()).isEmpty();
      handler.await("close 4001 bye", WAIT);
      holder.run(WAIT, "close the pause", pause::close);
      assertThat(engine.awaitTermination(WAIT)).isTrue(); // no reconnect: the engine stops
      assertThat(handler.events()).containsExactly("open first", "close 4001 bye").inOrder();
    }
  }

  @BothDispatchers
  @SuppressWarnings("try") // Stopping
  void receiveMeetingAReadErrorThrowsItToTheHolderAndTheNextReceiveGoesOn(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause pause = holder.call(WAIT, "pause()", engine::pause);
      server.pushReadError(new IOException("bad frame")).pushText("after");

      IOException e =
          assertThrows(
              IOException.class,
              () -> holder.call(WAIT, "receive", () -> connection.receive(WAIT)));

      assertThat(e).hasMessageThat().isEqualTo("bad frame");
      assertThat(holder.call(WAIT, "receive", () -> connection.receive(WAIT)))
          .hasValue(Message.text("after"));
      assertThat(engine.connection()).hasValue(connection);
      holder.run(WAIT, "close the pause", pause::close);
      // The holder had the error; @OnReadError is for the readers' reads.
      assertThat(handler.events()).containsExactly("open first");
    }
  }

  @BothDispatchers
  @SuppressWarnings("try") // Stopping
  void failedSendsReachOnReadErrorAndTheSessionGoesOn(DispatcherMode mode) throws Exception {
    handler.onText(
        (text, c, control) -> {
          if (text.startsWith("binary")) {
            c.sendBinary(("re " + text).getBytes(StandardCharsets.UTF_8));
          } else {
            c.sendText("re " + text);
          }
          return null;
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();

      server.failNextSend(new IOException("send buffer full")).pushText("text one");
      handler.await("read error IOException: send buffer full", WAIT);
      server.failNextSend(new IOException("send buffer full")).pushText("binary two");
      handler.await("read error IOException: send buffer full", 2, WAIT);
      server.pushText("text three");

      assertThat(server.awaitSent(1, WAIT)).containsExactly(Message.text("re text three"));
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
      assertThat(handler.events())
          .containsExactly(
              "open first",
              "text text one",
              "read error IOException: send buffer full",
              "text binary two",
              "read error IOException: send buffer full",
              "text text three")
          .inOrder();
    }
  }

  @BothDispatchers
  void connectionShowsTheHandshakeAndWhetherItIsOpen(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    Connection connection = handler.lastConnection();
    try {
      assertThat(connection.handshake()).isSameInstanceAs(transport.lastConnection().handshake());
      assertThat(connection.handshake().uri()).isEqualTo(Engines.URI);
      assertThat(connection.toString())
          .isEqualTo("Connection[session " + connection.sessionId() + ", open]");
    } finally {
      engine.stop();
    }
    assertThat(connection.toString())
        .isEqualTo("Connection[session " + connection.sessionId() + ", closed]");
  }

  @BothDispatchers
  void engineToStringNamesTheStateAndTheUriWithoutItsSecrets(DispatcherMode mode) throws Exception {
    WebSocketEngine engine =
        WebSocketEngine.builder(URI.create("ws://user:pa55@127.0.0.1:9/feed?token=s3cret"), handler)
            .transport(transport)
            .dispatcherMode(mode)
            .reconnect(ReconnectPolicy.never())
            .openTelemetry(OpenTelemetry.noop())
            .build();
    String shape =
        "WebSocketEngine\\[wsengine-\\d+, ws://REDACTED@127\\.0\\.0\\.1:9/feed\\?token=REDACTED,"
            + " %s\\]";

    assertThat(engine.toString()).matches(String.format(shape, "NEW"));
    engine.start();
    try {
      assertThat(engine.toString()).matches(String.format(shape, "RUNNING"));
    } finally {
      engine.stop();
    }
    assertThat(engine.toString()).matches(String.format(shape, "STOPPED"));
    assertThat(engine.toString()).doesNotContain("s3cret");
    assertThat(engine.toString()).doesNotContain("pa55");
  }

  @BothDispatchers
  @SuppressWarnings("try") // Stopping
  void pingAndReceiveRefuseATimeoutThatIsNotPositive(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();

      NullPointerException noPing =
          assertThrows(NullPointerException.class, () -> connection.ping(null));
      IllegalArgumentException zeroPing =
          assertThrows(IllegalArgumentException.class, () -> connection.ping(Duration.ZERO));
      IllegalArgumentException negativeReceive =
          assertThrows(
              IllegalArgumentException.class, () -> connection.receive(Duration.ofMillis(-5)));

      assertThat(noPing).hasMessageThat().isEqualTo("timeout");
      assertThat(zeroPing).hasMessageThat().isEqualTo("timeout must be positive; got PT0S");
      assertThat(negativeReceive)
          .hasMessageThat()
          .isEqualTo("timeout must be positive; got PT-0.005S");
      assertThat(transport.lastConnection().pings()).isEmpty();
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    }
  }

  @BothDispatchers
  void closeThatFailsAfterAFailedOpenAbortsTheConnection(DispatcherMode mode) {
    InMemoryConnection server =
        new InMemoryConnection().failClose(new IOException("close frame lost"));
    transport.accept(server);
    handler.onOpen(
        (info, c, control) -> {
          throw new IllegalStateException("not today");
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasCauseThat().hasMessageThat().isEqualTo("not today");
    assertThat(server.closeCalls()).containsExactly(CloseStatus.GOING_AWAY);
    assertThat(server.aborted()).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  /**
   * Waits for {@code latch}, at most {@link Engines#WAIT}, as code that swallows interrupts does.
   */
  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean interrupted = false;
    while (true) {
      try {
        latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
