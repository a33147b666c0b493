package dev.wsengine.runtime.internal.engine;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.DecodeException;
import dev.wsengine.EncodeException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.SendTimeoutException;
import dev.wsengine.internal.Utf8;
import dev.wsengine.runtime.internal.telemetry.SessionTelemetry;
import dev.wsengine.spi.TransportConnection;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Connection} handlers see: the transport connection of one session plus its id. Every
 * send goes through the session's {@link Outbox}, which owns the only mutable state and writes the
 * messages in order, one at a time.
 *
 * <p>Each send, ping and receive is a span, a child of the caller's current context: called from a
 * callback, of the callback's span, so a reply nests under the message it answers.
 */
final class SessionConnection implements Connection {
  private final UUID id;
  private final TransportConnection transport;
  private final EngineCore engine;
  private final SessionTelemetry telemetry;

  private final Outbox outbox;

  /** The session's pending requests; null when the engine has no correlation. */
  private final PendingRequests requests;

  /** Reads replies before the readers start; null when the engine has no correlation. */
  private final EarlyReader early;

  SessionConnection(
      UUID id,
      TransportConnection transport,
      EngineCore engine,
      SessionTelemetry telemetry,
      EngineExecutor executor,
      EngineConfig config,
      PendingRequests requests,
      EarlyReader early) {
    this.id = id;
    this.transport = transport;
    this.engine = engine;
    this.telemetry = telemetry;
    this.outbox =
        new Outbox(
            new Outbox.Link() {
              @Override
              public void write(Outbox.Outgoing message) throws IOException {
                SessionConnection.this.write(message);
              }

              @Override
              public void abort() {
                transport.abort();
              }

              @Override
              public void depthChanged(int delta) {
                telemetry.sendQueueDepthChanged(delta);
              }

              @Override
              public void timedOut() {
                telemetry.sendTimedOut();
              }
            },
            executor,
            config.clock(),
            config.sendQueueMessages(),
            config.sendQueueBytes(),
            config.sendTimeout(),
            config.stopTimeout());
    this.requests = requests;
    this.early = early;
  }

  EngineCore engine() {
    return engine;
  }

  @Override
  public UUID sessionId() {
    return id;
  }

  @Override
  public Handshake handshake() {
    return transport.handshake();
  }

  @Override
  public boolean isOpen() {
    return transport.isOpen();
  }

  /** The session's outbound queue; see {@link Outbox}. */
  Outbox outbox() {
    return outbox;
  }

  @Override
  public void sendText(String text) throws IOException {
    Objects.requireNonNull(text, "text");
    checkNotWriter();
    await(queue(text, true));
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    checkNotWriter();
    // A duplicate, so the caller's position stays where it was, as documented.
    await(queue(Objects.requireNonNull(data, "data").duplicate(), true));
  }

  @Override
  public void sendBinary(byte[] data) throws IOException {
    checkNotWriter();
    await(queue(ByteBuffer.wrap(Objects.requireNonNull(data, "data")), true));
  }

  @Override
  public void send(Object message) throws IOException {
    Objects.requireNonNull(message, "message");
    checkNotWriter();
    await(queue(encode(message), true));
  }

  @Override
  public CompletableFuture<Void> sendTextAsync(String text) {
    return queue(Objects.requireNonNull(text, "text"), false);
  }

  @Override
  public CompletableFuture<Void> sendBinaryAsync(ByteBuffer data) {
    return queue(Objects.requireNonNull(data, "data").duplicate(), false);
  }

  @Override
  public CompletableFuture<Void> sendBinaryAsync(byte[] data) {
    return queue(ByteBuffer.wrap(Objects.requireNonNull(data, "data")), false);
  }

  @Override
  public CompletableFuture<Void> sendAsync(Object message) {
    Objects.requireNonNull(message, "message");
    Object payload;
    try {
      payload = encode(message);
    } catch (EncodeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return queue(payload, false);
  }

  /** What goes on the wire for {@code message}: a {@code String} or a {@code ByteBuffer}. */
  private Object encode(Object message) throws EncodeException {
    if (message instanceof String text) {
      return text;
    } else if (message instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    } else if (message instanceof ByteBuffer bytes) {
      return bytes.duplicate();
    }
    Message encoded = message instanceof Message m ? m : engine.codecs().encode(message);
    return encoded.isText() ? encoded.text() : encoded.binary();
  }

  /**
   * Queues a {@code String} or {@code ByteBuffer}, in a write span started now, in the caller's
   * context (so a reply nests under the callback that sent it) and ended when the message is
   * written or fails.
   *
   * @param blocking the caller waits for the write: if nothing is queued, it writes the message
   *     itself ({@link Outbox#offer})
   */
  private CompletableFuture<Void> queue(Object payload, boolean blocking) {
    boolean text = payload instanceof String;
    Span span;
    long bytes;
    if (text) {
      String string = (String) payload;
      span = telemetry.startWrite(string);
      bytes = Utf8.length(string);
    } else {
      ByteBuffer buffer = (ByteBuffer) payload;
      span = telemetry.startWrite(buffer);
      bytes = buffer.remaining();
    }
    Outbox.Outgoing message = new Outbox.Outgoing(payload, bytes);
    // Registered first, so the span has ended when the caller sees the future complete.
    var unused =
        message.done.whenComplete((ok, failure) -> telemetry.endWrite(span, text, failure));
    return outbox.offer(message, blocking);
  }

  private void checkNotWriter() {
    if (outbox.isWriterThread()) {
      throw new IllegalStateException(
          "a blocking send from a dependent action of a send's future would wait for itself: it"
              + " runs on the engine's writer, which writes the next message only once it returns;"
              + " use sendTextAsync/sendBinaryAsync/sendAsync there, or attach the action with"
              + " thenRunAsync");
    }
  }

  /** Waits for a queued message's write; throws what failed it, as the blocking sends document. */
  private static void await(CompletableFuture<Void> written) throws IOException {
    try {
      written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted while waiting for the message to be written; it stays queued and may still"
              + " be written");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException timeout) {
        throw new SendTimeoutException(timeout.getMessage(), timeout);
      } else if (cause instanceof IOException io) {
        throw io;
      } else if (cause instanceof RuntimeException runtime) {
        throw runtime;
      } else if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("the write failed", cause);
    }
  }

  /** The writer's step: one message, with the transport's blocking send. */
  private void write(Outbox.Outgoing message) throws IOException {
    if (message.payload instanceof String text) {
      transport.sendText(text);
    } else {
      transport.sendBinary((ByteBuffer) message.payload);
    }
  }

  /** The session ended: queued messages fail with {@link ConnectionClosedException}. */
  void sessionEnded(CloseStatus status, String why) {
    outbox.sessionEnded(status, why, false);
  }

  /**
   * The connection was lost: queued messages are still written while the transport takes them (it
   * may hold back the server's close until the replies to earlier messages went out), within the
   * end's grace; a transport that refuses them fails them with {@link ConnectionClosedException}.
   */
  void sessionLost(CloseStatus status, String why) {
    outbox.sessionEnded(status, why, true);
  }

  @Override
  public Optional<Object> decode(Message message) throws DecodeException {
    return engine.codecs().decode(Objects.requireNonNull(message, "message"));
  }

  @Override
  public Duration ping(Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    EngineCore.checkPositive("timeout", timeout);
    Span span = telemetry.startPing();
    Throwable failure = null;
    try {
      return transport.ping(timeout);
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.end(span, failure);
    }
  }

  @Override
  public Optional<Message> receive(Duration timeout) throws IOException, InterruptedException {
    EngineCore.checkPositive("timeout", timeout);
    int receiving = engine.beginReceive();
    if (receiving < 0) {
      throw new IllegalStateException(
          "receive() needs the connection to itself: call it on the thread that holds an open Pause"
              + " (try (Pause p = control.pause()) { ... })");
    }
    Span span = telemetry.startReceive();
    Message message = null;
    Throwable failure = null;
    try {
      message = transport.read(timeout);
      return Optional.ofNullable(message);
    } catch (ConnectionClosedException e) {
      failure = e;
      engine.connectionLost(this, e.status());
      throw e;
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      engine.endReceive(receiving);
      telemetry.endReceive(span, message, failure);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Requests (docs/requests.md)

  @Override
  public CompletableFuture<String> request(String text, Duration timeout) {
    Objects.requireNonNull(text, "text");
    EngineCore.checkPositive("timeout", timeout);
    PendingRequests pending = requests();
    return cast(pending.request(text, null, timeout, () -> sendTextAsync(text), early));
  }

  @Override
  public <R> CompletableFuture<R> request(Object message, Class<R> replyType, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(replyType, "replyType");
    EngineCore.checkPositive("timeout", timeout);
    PendingRequests pending = requests();
    return cast(pending.request(message, replyType, timeout, () -> sendAsync(message), early));
  }

  /** The request's own future: it completes only with a value of the type it was made for. */
  @SuppressWarnings("unchecked")
  private static <R> CompletableFuture<R> cast(CompletableFuture<Object> future) {
    return (CompletableFuture<R>) (CompletableFuture<?>) future;
  }

  private PendingRequests requests() {
    if (requests == null) {
      throw new IllegalStateException(
          "request() needs a correlation, to match replies to requests: build the engine with"
              + " WebSocketEngine.Builder.correlation(...) (for a JSON field:"
              + " JsonCorrelation.field(\"id\") of wsengine-jackson)");
    }
    return requests;
  }

  @Override
  public String toString() {
    return "Connection[session " + id + (transport.isOpen() ? ", open]" : ", closed]");
  }
}
