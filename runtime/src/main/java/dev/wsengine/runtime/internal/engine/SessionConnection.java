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

  SessionConnection(
      UUID id, TransportConnection transport, EngineCore engine, SessionTelemetry telemetry) {
    this.id = id;
    this.transport = transport;
    this.engine = engine;
    this.telemetry = telemetry;
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

  @Override
  public String toString() {
    return "Connection[session " + id + (transport.isOpen() ? ", open]" : ", closed]");
  }
}
