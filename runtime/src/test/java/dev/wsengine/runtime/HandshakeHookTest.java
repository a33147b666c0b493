package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's per-attempt handshake: {@code beforeHandshake} runs before every dial, the first and
 * each reconnect, and what it sets holds for that attempt only; a failing hook fails the attempt;
 * the values it sets are kept out of spans. With real servers: {@code HandshakeHookEndToEndTest} in
 * the Tyrus module.
 */
class HandshakeHookTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private WebSocketEngine engine;

  @AfterEach
  void nothingLeftRunning() {
    if (engine != null) {
      engine.stop();
    }
    Engines.assertNoEngineThreads();
  }

  @BothDispatchers
  void everyAttemptSendsWhatTheHookSetForIt_andOnlyThat(DispatcherMode mode) throws Exception {
    AtomicInteger tokens = new AtomicInteger();
    List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    transport.accept().failDial(new ConnectException("refused")).accept();
    engine =
        Engines.builder(mode, handler, transport)
            .connectOptions(
                ConnectOptions.builder()
                    .header("X-Token", "from-options")
                    .header("X-Client", "app")
                    .subprotocol("v1")
                    .build())
            .clock(VirtualClock.skippingSleeps())
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10)))
            .beforeHandshake(
                request -> {
                  attempts.add(request.attempt());
                  request
                      .setHeader("x-token", "t" + tokens.incrementAndGet())
                      .addHeader("X-Attempt", String.valueOf(request.attempt()));
                })
            .build();

    engine.start();
    transport.connection(0).dropLink();
    handler.await("open restart 2", WAIT);

    List<InMemoryTransport.Dial> dials = transport.dials();
    assertThat(dials).hasSize(3);
    for (int i = 0; i < 3; i++) {
      InMemoryTransport.Dial dial = dials.get(i);
      assertThat(dial.header("X-Token")).containsExactly("t" + (i + 1));
      assertThat(dial.header("X-Attempt")).containsExactly(String.valueOf(i));
      assertThat(dial.header("X-Client")).containsExactly("app");
      assertThat(dial.subprotocols()).containsExactly("v1");
    }
    assertThat(attempts).containsExactly(0, 1, 2).inOrder();
  }

  @BothDispatchers
  void theHookChoosesSubprotocolsAndSeesTheOptionsItStartsFrom(DispatcherMode mode)
      throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    transport.accept();
    engine =
        Engines.builder(mode, handler, transport)
            .connectOptions(ConnectOptions.builder().header("X-A", "1").subprotocol("v1").build())
            .beforeHandshake(
                request -> {
                  seen.set(request.headers() + " " + request.subprotocols());
                  request.setSubprotocols(List.of("v2", "v3")).removeHeader("x-a");
                })
            .build();

    engine.start();

    assertThat(seen.get()).isEqualTo("{X-A=[1]} [v1]");
    assertThat(transport.dials().get(0).subprotocols()).containsExactly("v2", "v3").inOrder();
    assertThat(transport.dials().get(0).headers()).isEmpty();
  }

  @BothDispatchers
  void aHookThatThrowsFailsStart_andNothingIsDialed(DispatcherMode mode) {
    IllegalStateException vaultDown = new IllegalStateException("token vault down");
    transport.accept();
    engine =
        Engines.builder(mode, handler, transport)
            .beforeHandshake(
                request -> {
                  throw vaultDown;
                })
            .build();

    EngineStartException failed = assertThrows(EngineStartException.class, engine::start);

    assertThat(failed)
        .hasMessageThat()
        .isEqualTo(
            "beforeHandshake failed, so ws://127.0.0.1:9/test was not dialed:"
                + " java.lang.IllegalStateException: token vault down");
    assertThat(failed).hasCauseThat().isSameInstanceAs(vaultDown);
    assertThat(transport.dialCount()).isEqualTo(0);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @BothDispatchers
  void aBadHeaderFromTheHookFailsTheAttemptNamingTheHeader(DispatcherMode mode) {
    transport.accept();
    engine =
        Engines.builder(mode, handler, transport)
            .beforeHandshake(request -> request.setHeader("X-Token", "line\r\nHost: evil"))
            .build();

    EngineStartException failed = assertThrows(EngineStartException.class, engine::start);

    assertThat(failed).hasCauseThat().isInstanceOf(IllegalArgumentException.class);
    assertThat(failed)
        .hasCauseThat()
        .hasMessageThat()
        .endsWith("header 'X-Token' has U+000D at index 4");
    assertThat(transport.dialCount()).isEqualTo(0);
  }

  @BothDispatchers
  void aHookFailingOnAReconnectGoesToOnRestartError_andTheNextAttemptDials(DispatcherMode mode)
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    transport.accept().accept();
    engine =
        Engines.builder(mode, handler, transport)
            .clock(VirtualClock.skippingSleeps())
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10)))
            .beforeHandshake(
                request -> {
                  if (calls.incrementAndGet() == 2) {
                    throw new java.io.IOException("token endpoint unreachable");
                  }
                  request.setHeader("X-Token", "t" + calls.get());
                })
            .build();

    engine.start();
    transport.connection(0).dropLink();
    handler.await("open restart 2", WAIT);

    assertThat(handler.events()).contains("restart error 1 IOException");
    assertThat(transport.dials()).hasSize(2);
    assertThat(transport.dials().get(1).header("X-Token")).containsExactly("t3");
  }

  @BothDispatchers
  void theOpenTimeoutBoundsAHookThatHangs_andInterruptsIt(DispatcherMode mode) throws Exception {
    VirtualClock clock = new VirtualClock();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    transport.accept();
    engine =
        Engines.builder(mode, handler, transport)
            .clock(clock)
            .openTimeout(Duration.ofSeconds(5))
            .beforeHandshake(
                request -> {
                  entered.countDown();
                  try {
                    new CountDownLatch(1).await(); // a token endpoint that never answers
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                  }
                })
            .build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                engine.start();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "test-starter");
    starter.start();
    assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    clock.awaitTimeoutPending(WAIT);
    clock.advance(Duration.ofSeconds(5));
    starter.join(WAIT.toMillis());

    assertThat(starter.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(EngineStartException.class);
    assertThat(failure.get())
        .hasMessageThat()
        .isEqualTo("could not open ws://127.0.0.1:9/test within openTimeout PT5S");
    assertThat(interrupted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(transport.dialCount()).isEqualTo(0);
  }

  @Test
  void theRequestRefusesChangesOnceItsCallIsOver() throws Exception {
    AtomicReference<HandshakeRequest> kept = new AtomicReference<>();
    transport.accept();
    engine =
        Engines.builder(DispatcherMode.AUTO, handler, transport).beforeHandshake(kept::set).build();
    engine.start();

    IllegalStateException late =
        assertThrows(IllegalStateException.class, () -> kept.get().setHeader("X-Late", "1"));

    assertThat(late)
        .hasMessageThat()
        .isEqualTo(
            "this HandshakeRequest was for attempt 0, which has been made; change headers only"
                + " within beforeHandshake");
    assertThat(kept.get().toString())
        .isEqualTo(
            "HandshakeRequest[ws://127.0.0.1:9/test, attempt 0, headers=[], subprotocols=[]]");
  }

  @Test
  void aBadSubprotocolChangesNothing() throws Exception {
    AtomicReference<String> rejected = new AtomicReference<>();
    transport.accept();
    engine =
        Engines.builder(DispatcherMode.AUTO, handler, transport)
            .connectOptions(ConnectOptions.builder().subprotocol("v1").build())
            .beforeHandshake(
                request -> {
                  try {
                    request.setSubprotocols(List.of("v2", "not a token"));
                  } catch (IllegalArgumentException e) {
                    rejected.set(e.getMessage());
                  }
                })
            .build();

    engine.start();

    assertThat(rejected.get())
        .isEqualTo(
            "subprotocol must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~); got \"not a"
                + " token\"");
    assertThat(transport.dials().get(0).subprotocols()).containsExactly("v1");
  }

  @Test
  void secretsTheHookSetsAreKeptOutOfSpans() throws Exception {
    TelemetryRecorder otel = new TelemetryRecorder();
    try {
      transport
          .accept()
          // A careless transport quotes the attempt's header in its error.
          .failDial(new ConnectException("refused (Authorization: Bearer hook-s3cr3t-2)"))
          .accept();
      AtomicInteger calls = new AtomicInteger();
      engine =
          Engines.builder(DispatcherMode.AUTO, handler, transport)
              .openTelemetry(otel.openTelemetry())
              .clock(VirtualClock.skippingSleeps())
              .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10)))
              .beforeHandshake(
                  request ->
                      request.setHeader(
                          "Authorization", "Bearer hook-s3cr3t-" + calls.incrementAndGet()))
              .build();
      engine.start();
      transport.connection(0).dropLink();
      handler.await("open restart 2", WAIT);
      engine.stop();

      SpanData refused = otel.spans("websocket.connect").get(1);
      EventData exception = refused.getEvents().get(0);
      assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
          .isEqualTo("refused (Authorization: REDACTED)");
      for (SpanData span : otel.spans()) {
        assertThat(span.toString()).doesNotContain("s3cr3t");
      }
      otel.assertAllEnded();
    } finally {
      otel.close();
    }
  }
}
