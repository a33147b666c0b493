package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.OnMessage;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad builder input: an exception naming the option, the value and what is accepted. */
class EngineBuilderTest {
  private final RecordingHandler handler = new RecordingHandler();

  private static WebSocketEngine.Builder builder() {
    return WebSocketEngine.builder(Engines.URI, new RecordingHandler())
        .transport(new InMemoryTransport());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://example.com/x", "https://example.com/", "example.com/x", "mailto:a@b.c"})
  void uriWithAnotherSchemeIsRejected(String uri) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebSocketEngine.builder(URI.create(uri), handler));
    assertThat(e).hasMessageThat().startsWith("uri must start with ws:// or wss://; got ");
  }

  @Test
  void uriSchemeIsCaseInsensitive() {
    WebSocketEngine.builder(URI.create("WSS://example.com/x"), handler);
  }

  @Test
  void uriWithoutHostIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebSocketEngine.builder(URI.create("ws:///path"), handler));
    assertThat(e).hasMessageThat().isEqualTo("uri must name a host; got ws:///path");
  }

  @Test
  void uriWithFragmentIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebSocketEngine.builder(URI.create("ws://example.com/x#frag"), handler));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "uri must not have a fragment (RFC 6455 forbids it); got ws://example.com/x#REDACTED");
  }

  @Test
  void uriWhosePathCannotBeSentIsRefusedNamingTheCharacter() throws Exception {
    URI uri = new URI("ws", "//example.com/a\uD800b", null); // an unpaired surrogate

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocketEngine.builder(uri, handler));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "uri path must be valid UTF-16; it has the unpaired surrogate U+D800 at index 2");
  }

  @Test
  void uriWhoseQueryCannotBeSentIsRefusedWithoutShowingTheQuery() throws Exception {
    URI uri = new URI("ws", "//example.com/a?token=s3cret\uDC00", null);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebSocketEngine.builder(uri, handler));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "uri query must be valid UTF-16; it has the unpaired surrogate U+DC00 at index 12");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ws://example.com/inject%0d%0aX-Injected:%20p?x=%00",
        "ws://example.com/%C3%A9?q=%E2%82%AC"
      })
  void uriWithPercentEncodedCharactersIsAcceptedToBeSentAsWritten(String uri) {
    WebSocketEngine.builder(URI.create(uri), handler);
  }

  @Test
  void uriInMessagesHidesCredentialsAndQueryValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                WebSocketEngine.builder(
                    URI.create("http://bob:hunter2@example.com:8080/feed?token=s3cret&raw"),
                    handler));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "uri must start with ws:// or wss://; got http://REDACTED@example.com:8080/feed?token=REDACTED&raw");
    assertThat(e).hasMessageThat().doesNotContain("hunter2");
    assertThat(e).hasMessageThat().doesNotContain("s3cret");
  }

  @Test
  void nullArgumentsAreNamed() {
    NullPointerException uri =
        assertThrows(NullPointerException.class, () -> WebSocketEngine.builder(null, handler));
    assertThat(uri).hasMessageThat().isEqualTo("uri");
    NullPointerException h =
        assertThrows(NullPointerException.class, () -> WebSocketEngine.builder(Engines.URI, null));
    assertThat(h).hasMessageThat().isEqualTo("handler");
    assertThat(assertThrows(NullPointerException.class, () -> builder().threadFactory(null)))
        .hasMessageThat()
        .isEqualTo("threadFactory");
    assertThat(assertThrows(NullPointerException.class, () -> builder().reconnect(null)))
        .hasMessageThat()
        .isEqualTo("reconnect");
    assertThat(assertThrows(NullPointerException.class, () -> builder().openTimeout(null)))
        .hasMessageThat()
        .isEqualTo("openTimeout");
    assertThat(assertThrows(NullPointerException.class, () -> builder().transport(null)))
        .hasMessageThat()
        .isEqualTo("transport");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1025, Integer.MAX_VALUE})
  void readersOutOfRangeAreRejected(int readers) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder().readers(readers));
    assertThat(e).hasMessageThat().isEqualTo("readers must be between 1 and 1024; got " + readers);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 1024})
  void readersInRangeAreAccepted(int readers) {
    builder().readers(readers).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S", "P2D"})
  void openTimeoutOutOfRangeIsRejected(String timeout) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> builder().openTimeout(Duration.parse(timeout)));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "openTimeout must be more than 0 and at most PT24H; got " + Duration.parse(timeout));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-0.001S", "PT24H0.001S"})
  void stopTimeoutOutOfRangeIsRejected(String timeout) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> builder().stopTimeout(Duration.parse(timeout)));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "stopTimeout must be more than 0 and at most PT24H; got " + Duration.parse(timeout));
  }

  @Test
  void missingTransportNamesTheArtifactToAdd() {
    // The runtime's own test class path has no transport on it.
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> WebSocketEngine.builder(Engines.URI, handler).build());
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "no wsengine transport on the class path: add the dependency dev.wsengine:wsengine-tyrus"
                + " or dev.wsengine:wsengine-jdk, or pass one with"
                + " WebSocketEngine.Builder.transport(...)");
  }

  @Test
  void handlerBreakingTheRulesIsRejectedAtBuild() {
    // Anonymous classes never meet the processor, so only the run-time check can catch this.
    Object anonymous =
        new Object() {
          @OnMessage
          void text(String text) {}
        };
    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class,
            () ->
                WebSocketEngine.builder(Engines.URI, anonymous)
                    .transport(new InMemoryTransport())
                    .dispatcherMode(DispatcherMode.AUTO)
                    .build());
    assertThat(e.problems()).hasSize(1);
    assertThat(e)
        .hasMessageThat()
        .startsWith(
            "dev.wsengine.runtime.EngineBuilderTest$1 is not a valid wsengine handler (1 problem):");
  }

  @Test
  void handlerWithoutCallbacksIsRejectedAtBuild() {
    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class,
            () ->
                WebSocketEngine.builder(Engines.URI, new Object())
                    .transport(new InMemoryTransport())
                    .build());
    assertThat(e)
        .hasMessageThat()
        .startsWith("java.lang.Object is not a valid wsengine handler (1 problem):");
  }

  @Test
  void builtEngineIsNewAndNeedsNoStop() throws Exception {
    WebSocketEngine engine = builder().build();
    assertThat(engine.state()).isEqualTo(EngineState.NEW);
    assertThat(engine.awaitTermination(Duration.ofMillis(1))).isTrue();
    engine.stop(); // nothing to stop: does nothing
    engine.exit();
    engine.restart();
    assertThat(engine.state()).isEqualTo(EngineState.NEW);
    assertThat(engine.connection()).isEmpty();
    IllegalStateException e = assertThrows(IllegalStateException.class, engine::pause);
    assertThat(e).hasMessageThat().isEqualTo("cannot pause: the engine is NEW");
  }
}
