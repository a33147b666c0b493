package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawConnection.Frame;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Edges of {@link TyrusConnection} against a raw server: text in fragments, text at its byte limit,
 * a send blocked on a link that dies, a handshake that completes after the connect gave up, and
 * what the connection says about itself.
 */
class TyrusConnectionEdgesTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();
  private final CountDownLatch release = new CountDownLatch(1);
  private RawServer raw;
  private TyrusConnection connection;

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    if (connection != null) {
      connection.abort();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private TyrusConnection connect(RawServer.Script script, ConnectOptions options)
      throws Exception {
    raw = new RawServer(script);
    connection = (TyrusConnection) transport.connect(raw.uri("/"), options);
    return connection;
  }

  @Test
  void textSentInFragmentsIsReadAsOneMessage() throws Exception {
    byte[] text = "fragments of wörld".getBytes(StandardCharsets.UTF_8);
    int inside = "fragments of w".length() + 1; // between the two bytes of 'ö'
    connect(
        c -> {
          c.handshake();
          c.readInBackground();
          ByteArrayOutputStream frames = new ByteArrayOutputStream();
          frames.writeBytes(
              RawConnection.frame(RawConnection.TEXT, Arrays.copyOfRange(text, 0, 4)));
          frames.writeBytes(
              RawConnection.frame(RawConnection.CONTINUATION, Arrays.copyOfRange(text, 4, inside)));
          c.write(frames.toByteArray());
          c.sendFrame(
              RawConnection.fin(RawConnection.CONTINUATION),
              Arrays.copyOfRange(text, inside, text.length));
          c.sendText("whole");
          c.awaitEnd(WAIT);
        },
        ConnectOptions.defaults());

    assertThat(connection.read(WAIT).text()).isEqualTo("fragments of wörld");
    assertThat(connection.read(WAIT).text()).isEqualTo("whole");
  }

  @Test
  void textOfMultibyteCharactersIsMeasuredInBytesUpToTheLimit() throws Exception {
    String twelveBytes = "éééééé"; // 6 characters, 2 bytes each
    CompletableFuture<Frame> clientClose = new CompletableFuture<>();
    connect(
        c -> {
          c.handshake();
          c.readInBackground();
          c.sendText(twelveBytes);
          c.sendText(twelveBytes + "a");
          clientClose.complete(c.awaitFrame(RawConnection.CLOSE, WAIT));
          c.awaitEnd(WAIT);
        },
        ConnectOptions.builder().maxTextMessageBytes(12).build());

    assertThat(connection.read(WAIT).text()).isEqualTo(twelveBytes);
    ConnectionClosedException e =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
    assertThat(e.status().code()).isEqualTo(1009);
    assertThat(clientClose.get(WAIT.toNanos(), TimeUnit.NANOSECONDS).closeCode()).isEqualTo(1009);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "binary"})
  void sendBlockedOnALinkThatDiesFailsInsteadOfHanging(String kind) throws Exception {
    // More than the socket buffers of both ends hold, so the send waits for the server to read.
    int size = 16 << 20;
    connect(
        c -> {
          c.handshake();
          release.await(WAIT.toNanos(), TimeUnit.NANOSECONDS);
          c.reset();
        },
        ConnectOptions.builder().maxTextMessageBytes(size).maxBinaryMessageBytes(size).build());
    String method = kind.equals("text") ? "sendText" : "sendBinary";
    String text = kind.equals("text") ? "x".repeat(size) : null;
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                if (text != null) {
                  connection.sendText(text);
                } else {
                  connection.sendBinary(ByteBuffer.allocate(size));
                }
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            },
            "test-sender");
    sender.start();
    Await.until(() -> waitsInside(sender, method), WAIT, "the send to wait for the socket");

    release.countDown(); // the server resets the connection

    Throwable e = outcome.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
    assertThat(e).isInstanceOf(IOException.class);
    if (e instanceof ConnectionClosedException closed) { // when the read side saw the reset first
      assertThat(closed.status()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
    }
    ConnectionClosedException read =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
    assertThat(read.status()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
    sender.join(WAIT.toMillis());
  }

  @Test
  void handshakeCompletingAfterTheConnectGaveUpIsClosedAtOnce() throws Exception {
    CountDownLatch requestRead = new CountDownLatch(1);
    CompletableFuture<Frame> clientClose = new CompletableFuture<>();
    raw =
        new RawServer(
            c -> {
              Map<String, String> request = c.readRequest();
              requestRead.countDown();
              release.await(WAIT.toNanos(), TimeUnit.NANOSECONDS);
              c.write(switchingProtocols(request.get("sec-websocket-key")));
              clientClose.complete(c.readFrame());
              c.drainUntilClosed();
            });
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread connecting =
        new Thread(
            () -> {
              try {
                transport.connect(
                    raw.uri("/"), ConnectOptions.builder().handshakeTimeout(WAIT).build());
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            },
            "test-connect");
    connecting.start();
    assertThat(requestRead.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    connecting.interrupt();
    assertThat(outcome.get(WAIT.toNanos(), TimeUnit.NANOSECONDS))
        .isInstanceOf(InterruptedException.class);

    release.countDown(); // now the server completes the handshake nobody waits for

    Frame close = clientClose.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
    assertThat(close.opcode()).isEqualTo(RawConnection.CLOSE);
    assertThat(close.closeCode()).isEqualTo(1001);
    assertThat(close.closeReason()).isEqualTo("connect gave up");
  }

  @Test
  void toStringNamesTheUriWithoutItsSecretsAndTheCloseStatus() throws Exception {
    raw =
        new RawServer(
            c -> {
              c.handshake();
              c.drainUntilClosed();
            });
    connection =
        (TyrusConnection)
            transport.connect(raw.uri("/feed?token=tok-tostring-edge"), ConnectOptions.defaults());
    String uri = "ws://127.0.0.1:" + raw.port() + "/feed?token=REDACTED";

    assertThat(connection.toString()).isEqualTo("TyrusConnection[" + uri + ", open]");
    connection.close(CloseStatus.NORMAL);
    assertThat(connection.toString())
        .isEqualTo("TyrusConnection[" + uri + ", closed " + CloseStatus.NORMAL + "]");
  }

  /** Whether {@code thread} is parked inside {@code TyrusConnection.<method>}. */
  private static boolean waitsInside(Thread thread, String method) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(TyrusConnection.class.getName())
          && frame.getMethodName().equals(method)) {
        return true;
      }
    }
    return false;
  }

  /** The server's 101 answer to a request with {@code key} (RFC 6455, 4.2.2). */
  private static byte[] switchingProtocols(String key) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-1")
            .digest(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.ISO_8859_1));
    return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + Base64.getEncoder().encodeToString(digest)
            + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }
}
