package dev.wsengine.runtime.internal.telemetry;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parts of {@link EngineTelemetry} the engine tests cannot pin: that with the no-op API the
 * message path gets shared constants (nothing built per message), UTF-8 sizes, and the redactor.
 */
class EngineTelemetryTest {
  private static final URI URI = java.net.URI.create("ws://u:pass@host:1/p?k=value&flag");
  private static final String REDACTED = "ws://REDACTED@host:1/p?k=REDACTED&flag";

  private static EngineTelemetry noop() {
    return new EngineTelemetry(
        OpenTelemetry.noop(), URI, REDACTED, ConnectOptions.defaults(), true, System::nanoTime);
  }

  @Test
  void withTheNoopApiTheMessagePathHandsOutSharedInstances() throws Exception {
    EngineTelemetry telemetry = noop();
    SessionTelemetry session = telemetry.session(UUID.randomUUID(), Span.getInvalid());
    Attributes reader = session.readerAttributes(1);
    Message message = Message.text("hello");

    Span read = telemetry.startRead(reader, message);
    Span callback = telemetry.startCallback(TracedCallback.ON_MESSAGE);
    Span write = session.startWrite("reply");

    // The invalid span is a constant, and activating it leaves the context alone: no Context, no
    // Scope, no span builder is made for a message.
    assertThat(read).isSameInstanceAs(Span.getInvalid());
    assertThat(callback).isSameInstanceAs(Span.getInvalid());
    assertThat(write).isSameInstanceAs(Span.getInvalid());
    Context before = Context.current();
    try (Scope scope = EngineTelemetry.activate(read)) {
      assertThat(scope).isSameInstanceAs(Scope.noop());
      assertThat(Context.current()).isSameInstanceAs(before);
    }
    telemetry.endCallback(
        TracedCallback.ON_MESSAGE, callback, System.nanoTime(), new RuntimeException());
    session.endWrite(write, true, null);
    read.end();
  }

  @Test
  void withTheNoopApiNothingIsPropagated() {
    EngineTelemetry telemetry = noop();
    ConnectOptions options = ConnectOptions.defaults();
    assertThat(telemetry.withTraceContext(options, telemetry.startConnect()))
        .isSameInstanceAs(options);
    assertThat(
            telemetry.startShutdown(
                telemetry.session(UUID.randomUUID(), Span.getInvalid()),
                "LOST",
                CloseStatus.NORMAL,
                null))
        .isSameInstanceAs(Span.getInvalid());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii",
        "héllo",
        "€uro",
        "😀 emoji",
        "mixed ü € 😀 a",
        "\ud800 lone",
        "end \udc00"
      })
  void utf8LengthIsWhatGetBytesEncodes(String text) {
    assertThat(EngineTelemetry.utf8Length(text))
        .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void binarySizeIsTheRemainingBytes() {
    assertThat(EngineTelemetry.size(Message.binary(ByteBuffer.wrap(new byte[] {1, 2, 3}))))
        .isEqualTo(3);
  }
}
