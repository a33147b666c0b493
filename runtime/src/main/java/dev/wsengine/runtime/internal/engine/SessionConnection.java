package dev.wsengine.runtime.internal.engine;

import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.DecodeException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.runtime.internal.telemetry.SessionTelemetry;
import dev.wsengine.spi.TransportConnection;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Connection} handlers see: the transport connection of one session plus its id. Holds
 * no mutable state; the transport serializes sends.
 *
 * <p>Each send, ping and receive is a span, a child of the caller's current context: called from a
 * callback, of the callback's span, so a reply nests under the message it answers.
 */
final class SessionConnection implements Connection {
  private final UUID id;
  private final TransportConnection transport;
  private final EngineCore engine;
  private final SessionTelemetry telemetry;

  /** The session's pending requests; null when the engine has no correlation. */
  private final PendingRequests requests;

  /** Reads replies before the readers start; null when the engine has no correlation. */
  private final EarlyReader early;

  SessionConnection(
      UUID id, TransportConnection transport, EngineCore engine, SessionTelemetry telemetry) {
    this(id, transport, engine, telemetry, null, null);
  }

  SessionConnection(
      UUID id,
      TransportConnection transport,
      EngineCore engine,
      SessionTelemetry telemetry,
      PendingRequests requests,
      EarlyReader early) {
    this.id = id;
    this.transport = transport;
    this.engine = engine;
    this.telemetry = telemetry;
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

  @Override
  public void sendText(String text) throws IOException {
    Objects.requireNonNull(text, "text");
    Span span = telemetry.startWrite(text);
    Throwable failure = null;
    try {
      transport.sendText(text);
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.endWrite(span, true, failure);
    }
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    // A duplicate, so the caller's position stays where it was, as documented.
    send(Objects.requireNonNull(data, "data").duplicate());
  }

  @Override
  public void sendBinary(byte[] data) throws IOException {
    send(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  private void send(ByteBuffer data) throws IOException {
    Span span = telemetry.startWrite(data);
    Throwable failure = null;
    try {
      transport.sendBinary(data);
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.endWrite(span, false, failure);
    }
  }

  @Override
  public void send(Object message) throws IOException {
    Objects.requireNonNull(message, "message");
    if (message instanceof String text) {
      sendText(text);
    } else if (message instanceof byte[] bytes) {
      sendBinary(bytes);
    } else if (message instanceof ByteBuffer bytes) {
      sendBinary(bytes);
    } else {
      Message encoded = message instanceof Message m ? m : engine.codecs().encode(message);
      if (encoded.isText()) {
        sendText(encoded.text());
      } else {
        send(encoded.binary());
      }
    }
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
    return cast(pending.request(text, null, timeout, () -> sendText(text), early));
  }

  @Override
  public <R> CompletableFuture<R> request(Object message, Class<R> replyType, Duration timeout) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(replyType, "replyType");
    EngineCore.checkPositive("timeout", timeout);
    PendingRequests pending = requests();
    return cast(pending.request(message, replyType, timeout, () -> send(message), early));
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
