package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.testing.RecordingHandler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's send queue and send timeout options: each bad value, and its message. */
class SendQueueOptionsTest {
  private static WebSocketEngine.Builder builder() {
    return WebSocketEngine.builder(Engines.URI, new RecordingHandler());
  }

  private static String refused(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  @Test
  void sendQueueMaxMessagesIsBetween1AndTheLimit() {
    assertThat(refused(() -> builder().sendQueue(0, 1024)))
        .isEqualTo("sendQueue maxMessages must be between 1 and 1048576; got 0");
    assertThat(refused(() -> builder().sendQueue(-3, 1024)))
        .isEqualTo("sendQueue maxMessages must be between 1 and 1048576; got -3");
    assertThat(refused(() -> builder().sendQueue(WebSocketEngine.MAX_SEND_QUEUE_MESSAGES + 1, 1)))
        .isEqualTo("sendQueue maxMessages must be between 1 and 1048576; got 1048577");
    builder().sendQueue(1, 1).sendQueue(WebSocketEngine.MAX_SEND_QUEUE_MESSAGES, 1);
  }

  @Test
  void sendQueueMaxBytesIsBetween1And1GiB() {
    assertThat(refused(() -> builder().sendQueue(10, 0)))
        .isEqualTo("sendQueue maxBytes must be between 1 and 1073741824 (1 GiB); got 0");
    assertThat(refused(() -> builder().sendQueue(10, (1L << 30) + 1)))
        .isEqualTo("sendQueue maxBytes must be between 1 and 1073741824 (1 GiB); got 1073741825");
    builder().sendQueue(10, WebSocketEngine.MAX_SEND_QUEUE_BYTES);
  }

  @Test
  void sendTimeoutIsMoreThan0AndAtMostADay() {
    assertThat(refused(() -> builder().sendTimeout(Duration.ZERO)))
        .isEqualTo("sendTimeout must be more than 0 and at most PT24H; got PT0S");
    assertThat(refused(() -> builder().sendTimeout(Duration.ofSeconds(-1))))
        .isEqualTo("sendTimeout must be more than 0 and at most PT24H; got PT-1S");
    assertThat(refused(() -> builder().sendTimeout(Duration.ofDays(2))))
        .isEqualTo("sendTimeout must be more than 0 and at most PT24H; got PT48H");
    assertThat(assertThrows(NullPointerException.class, () -> builder().sendTimeout(null)))
        .hasMessageThat()
        .isEqualTo("sendTimeout");
    builder().sendTimeout(Duration.ofNanos(1)).sendTimeout(WebSocketEngine.MAX_TIMEOUT);
  }

  @Test
  void theDefaultsAreDocumentedConstants() {
    assertThat(WebSocketEngine.DEFAULT_SEND_QUEUE_MESSAGES).isEqualTo(1024);
    assertThat(WebSocketEngine.DEFAULT_SEND_QUEUE_BYTES).isEqualTo(16L << 20);
  }
}
