package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.tyrus.internal.FrameGuard;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The adapter's guards against its own misuse, each with the error it promises, and a logged
 * exception whose causes form a cycle, which redaction must copy without looping.
 */
class MisuseGuardsTest {
  @Test
  void keepaliveReleasedMoreOftenThanAcquiredIsRefused() {
    KeepaliveScheduler scheduler = new KeepaliveScheduler();
    scheduler.acquire();
    scheduler.release();

    IllegalStateException e = assertThrows(IllegalStateException.class, scheduler::release);

    assertThat(e).hasMessageThat().isEqualTo("release() without acquire()");
    assertThat(scheduler.isRunning()).isFalse();
  }

  @Test
  void frameGuardScanningOnAfterAViolationIsRefused() {
    FrameGuard guard = new FrameGuard();
    byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x' ^ 1};
    assertThat(guard.scan(ByteBuffer.wrap(masked))).isEqualTo(1);

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> guard.scan(ByteBuffer.wrap(new byte[] {(byte) 0x81})));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("the stream broke the protocol already: " + FrameGuard.MASKED_FRAME);
  }

  @Test
  void handshakeOfAConnectionNotYetOpenIsRefused() {
    TyrusConnection connecting =
        new TyrusConnection(URI.create("ws://127.0.0.1:9/"), ConnectOptions.defaults());

    IllegalStateException e = assertThrows(IllegalStateException.class, connecting::handshake);

    assertThat(e).hasMessageThat().isEqualTo("the connection is not open yet");
  }

  @Test
  void causeCycleIsRedactedWithoutLooping() {
    URI secret = URI.create("ws://127.0.0.1:9/?token=tok-cycle");
    IOException first = new IOException("failed at " + secret);
    IllegalStateException second = new IllegalStateException("while closing", first);
    first.initCause(second); // first -> second -> first -> ...

    Throwable redacted;
    try (LogRedaction.Registration registration = LogRedaction.register(secret, secret, Map.of())) {
      redacted = LogRedaction.redact(first);
    }

    List<String> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = redacted; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t.toString());
    }
    assertThat(chain)
        .containsExactly(
            "java.io.IOException: failed at ws://127.0.0.1:9/?token=REDACTED",
            "java.lang.IllegalStateException: while closing",
            "java.io.IOException: failed at ws://127.0.0.1:9/?token=REDACTED")
        .inOrder();
  }
}
