package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.spi.CallbackScope;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The recording handler records each callback as its line and its values, runs the test's hooks,
 * and waits for lines. It is driven through its generated dispatcher, as the engine drives it; the
 * runtime's tests run it under real engines with both kinds of dispatcher.
 */
class RecordingHandlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(50);
  private static final Handshake HANDSHAKE =
      Handshake.of(URI.create("ws://test.invalid/"), Map.of(), null);

  private final RecordingHandler handler = new RecordingHandler();
  private final RecordingHandler_Dispatcher dispatcher = new RecordingHandler_Dispatcher(handler);
  private final RecordingConnection connection = new RecordingConnection();
  private final RecordingEngineControl control = new RecordingEngineControl();

  @Test
  void eachCallbackIsRecordedAsItsLine_withTheValuesItReceived() throws Exception {
    IOException glitch = new IOException("glitch");
    IllegalStateException cleanup = new IllegalStateException("cleanup failed");
    ConnectException refused = new ConnectException("refused");
    RestartAttempt attempt = RestartAttempt.of(2, refused);
    OpenInfo first = OpenInfo.first(HANDSHAKE);
    OpenInfo restart = OpenInfo.restart(3, HANDSHAKE);
    byte[] big = new byte[65];

    dispatcher.onOpen(scope().openInfo(first));
    dispatcher.onText("hello", scope());
    dispatcher.onBinary(bytes("bin"), scope());
    dispatcher.onBinary(ByteBuffer.wrap(big), scope());
    dispatcher.onReadError(scope().error(glitch));
    dispatcher.onClose(scope().closeStatus(CloseStatus.received(4000, "bye")));
    dispatcher.onClose(scope().closeStatus(CloseStatus.received(1006, "")));
    dispatcher.onClose(scope().closeStatus(null));
    dispatcher.onCloseError(scope().error(cleanup));
    dispatcher.onRestartError(scope().error(refused).restartAttempt(attempt));
    dispatcher.onOpen(scope().openInfo(restart));

    assertThat(handler.events())
        .containsExactly(
            "open first",
            "text hello",
            "binary bin",
            "binary 65 bytes",
            "read error IOException: glitch",
            "close 4000 bye",
            "close 1006",
            "close none",
            "close error IllegalStateException: cleanup failed",
            "restart error 2 ConnectException",
            "open restart 3")
        .inOrder();
    assertThat(handler.threads()).hasSize(11);
    assertThat(handler.threads()).containsExactlyElementsIn(nCopies(11, Thread.currentThread()));
    assertThat(handler.opens()).containsExactly(first, restart).inOrder();
    assertThat(handler.closes())
        .containsExactly(CloseStatus.received(4000, "bye"), CloseStatus.received(1006, ""), null)
        .inOrder();
    assertThat(handler.readErrors()).containsExactly(glitch);
    assertThat(handler.closeErrors()).containsExactly(cleanup);
    assertThat(handler.restartErrors()).containsExactly(attempt);
    assertThat(handler.lastConnection()).isSameInstanceAs(connection);
    assertThat(handler.events(e -> e.startsWith("open ")))
        .containsExactly("open first", "open restart 3")
        .inOrder();
  }

  @Test
  void hooksRunAfterRecording_andTheTextHooksReplyIsSent() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    handler
        .onOpen((info, c, ctl) -> ran.add("open " + info.restarting() + " " + (c == connection)))
        .onText((text, c, ctl) -> "re " + text)
        .onBinary((data, c, ctl) -> ran.add("binary " + data.length))
        .onReadError((error, c, ctl) -> ctl.restart())
        .onClose((status, c, ctl) -> ran.add("close " + handler.events().size()))
        .onRestartError((attempt, ctl) -> ctl.exit())
        .closeReply(CloseStatus.NORMAL);

    dispatcher.onOpen(scope().openInfo(OpenInfo.first(HANDSHAKE)));
    dispatcher.onText("hi", scope());
    dispatcher.onBinary(bytes("abc"), scope());
    dispatcher.onReadError(scope().error(new IOException("x")));
    CloseStatus reply = dispatcher.onClose(scope().closeStatus(null));
    dispatcher.onRestartError(
        scope()
            .error(new IOException("y"))
            .restartAttempt(RestartAttempt.of(1, new IOException())));

    assertThat(ran).containsExactly("open false true", "binary 3", "close 5").inOrder();
    assertThat(connection.sent()).containsExactly(Message.text("re hi"));
    assertThat(control.calls())
        .containsExactly(RecordingEngineControl.Call.RESTART, RecordingEngineControl.Call.EXIT)
        .inOrder();
    assertThat(reply).isEqualTo(CloseStatus.NORMAL);
  }

  @Test
  void aHookThatThrowsMakesTheCallbackThrow_andAnOpenThatThrewOpenedNoSession() throws Exception {
    IllegalStateException notToday = new IllegalStateException("not today");
    handler.onOpen(
        (info, c, ctl) -> {
          throw notToday;
        });

    Exception thrown =
        assertThrows(
            IllegalStateException.class,
            () -> dispatcher.onOpen(scope().openInfo(OpenInfo.first(HANDSHAKE))));

    assertThat(thrown).isSameInstanceAs(notToday);
    assertThat(handler.events()).containsExactly("open first");
    assertThat(handler.openedSessions()).isEmpty();
  }

  @Test
  void sessionsAreRecordedAsOpenedWhenOnOpenReturns_andAsClosedPerOnClose() throws Exception {
    RecordingConnection second = new RecordingConnection();

    dispatcher.onOpen(scope().openInfo(OpenInfo.first(HANDSHAKE)));
    dispatcher.onClose(scope().closeStatus(null));
    dispatcher.onOpen(new StubScope(second, control).openInfo(OpenInfo.restart(1, HANDSHAKE)));
    dispatcher.onClose(new StubScope(second, control).closeStatus(CloseStatus.NORMAL));

    assertThat(handler.openedSessions())
        .containsExactly(connection.sessionId(), second.sessionId())
        .inOrder();
    assertThat(handler.closedSessions()).isEqualTo(handler.openedSessions());
    assertThat(handler.lastConnection()).isSameInstanceAs(second);
  }

  @Test
  void recordMessagesFalseRecordsNoMessageLines_butRunsTheHooks() throws Exception {
    List<String> seen = new ArrayList<>();
    handler
        .recordMessages(false)
        .onText(
            (text, c, ctl) -> {
              seen.add(text);
              return null;
            });

    dispatcher.onText("quiet", scope());
    dispatcher.onBinary(bytes("quiet"), scope());
    dispatcher.onReadError(scope().error(new IOException("loud")));

    assertThat(seen).containsExactly("quiet");
    assertThat(handler.events()).containsExactly("read error IOException: loud");
  }

  @Test
  void awaitsReturnOnceTheLinesAreThere() throws Exception {
    Thread engine =
        new Thread(
            () -> {
              try {
                dispatcher.onOpen(scope().openInfo(OpenInfo.first(HANDSHAKE)));
                dispatcher.onText("a", scope());
                dispatcher.onText("a", scope());
                dispatcher.onClose(scope().closeStatus(CloseStatus.received(4001, "done")));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            },
            "recording-handler-test");
    engine.start();

    handler.await("text a", 2, TIMEOUT);
    String close = handler.awaitPrefix("close ", TIMEOUT);
    handler.awaitCount(e -> e.startsWith("text "), 2, TIMEOUT, "two texts");
    engine.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(close).isEqualTo("close 4001 done");
    assertThat(handler.threads()).containsExactlyElementsIn(nCopies(4, engine));
  }

  @Test
  void aFailedAwaitSaysWhatItWaitedForAndEveryLine() throws Exception {
    dispatcher.onOpen(scope().openInfo(OpenInfo.first(HANDSHAKE)));

    AssertionError failure =
        assertThrows(AssertionError.class, () -> handler.await("text hi", 2, SHORT));

    assertThat(failure)
        .hasMessageThat()
        .isEqualTo("timed out after PT0.05S waiting for 'text hi' x2; events: [open first]");
  }

  @Test
  void anInterruptedAwaitFailsWithTheLines_andKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    AssertionError failure =
        assertThrows(AssertionError.class, () -> handler.awaitPrefix("open", TIMEOUT));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(failure)
        .hasMessageThat()
        .isEqualTo("interrupted while waiting for a line starting with 'open'; events: []");
  }

  @Test
  void badArgumentsAreRejectedNamingThem() {
    IllegalArgumentException times =
        assertThrows(IllegalArgumentException.class, () -> handler.await("x", -1, TIMEOUT));
    IllegalArgumentException timeout =
        assertThrows(
            IllegalArgumentException.class, () -> handler.await("x", Duration.ofSeconds(-2)));
    NullPointerException hook =
        assertThrows(NullPointerException.class, () -> handler.onText(null));

    assertThat(times).hasMessageThat().isEqualTo("times must not be negative; got -1");
    assertThat(timeout).hasMessageThat().isEqualTo("timeout must not be negative; got PT-2S");
    assertThat(hook).hasMessageThat().isEqualTo("hook");
  }

  @Test
  void lastConnectionBeforeAnyOpenFailsSayingSo() {
    AssertionError failure = assertThrows(AssertionError.class, handler::lastConnection);

    assertThat(failure)
        .hasMessageThat()
        .isEqualTo("no connection yet: @OnOpen has not run; events: []");
  }

  // ---------------------------------------------------------------- stubs

  private StubScope scope() {
    return new StubScope(connection, control);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
  }

  private static List<Thread> nCopies(int n, Thread thread) {
    Thread[] threads = new Thread[n];
    Arrays.fill(threads, thread);
    return Arrays.asList(threads);
  }

  /** What one callback sees; values not set are null, as the dispatcher never reads them. */
  private static final class StubScope implements CallbackScope {
    private final Connection connection;
    private final EngineControl control;
    private OpenInfo openInfo;
    private CloseStatus closeStatus;
    private Throwable error;
    private RestartAttempt restartAttempt;

    StubScope(Connection connection, EngineControl control) {
      this.connection = connection;
      this.control = control;
    }

    StubScope openInfo(OpenInfo value) {
      openInfo = value;
      return this;
    }

    StubScope closeStatus(CloseStatus value) {
      closeStatus = value;
      return this;
    }

    StubScope error(Throwable value) {
      error = value;
      return this;
    }

    StubScope restartAttempt(RestartAttempt value) {
      restartAttempt = value;
      return this;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public EngineControl control() {
      return control;
    }

    @Override
    public OpenInfo openInfo() {
      return openInfo;
    }

    @Override
    public CloseStatus closeStatus() {
      return closeStatus;
    }

    @Override
    public Throwable error() {
      return error;
    }

    @Override
    public RestartAttempt restartAttempt() {
      return restartAttempt;
    }
  }
}
