package dev.wsengine.runtime.internal.engine;

import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Connection} handlers see: the transport connection of one session plus its id.
 * Holds no mutable state; the transport serializes sends.
 */
final class SessionConnection implements Connection {
  private final UUID id;
  private final TransportConnection transport;
  private final EngineCore engine;

  SessionConnection(UUID id, TransportConnection transport, EngineCore engine) {
    this.id = id;
    this.transport = transport;
    this.engine = engine;
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
    transport.sendText(Objects.requireNonNull(text, "text"));
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    // A duplicate, so the caller's position stays where it was, as documented.
    transport.sendBinary(Objects.requireNonNull(data, "data").duplicate());
  }

  @Override
  public void sendBinary(byte[] data) throws IOException {
    transport.sendBinary(ByteBuffer.wrap(Objects.requireNonNull(data, "data")));
  }

  @Override
  public Duration ping(Duration timeout) throws IOException, InterruptedException, TimeoutException {
    return transport.ping(EngineCore.checkPositive("timeout", timeout));
  }

  @Override
  public Optional<Message> receive(Duration timeout) throws IOException, InterruptedException {
    EngineCore.checkPositive("timeout", timeout);
    if (!engine.pausedByCurrentThread()) {
      throw new IllegalStateException(
          "receive() needs the connection to itself: call it on the thread that holds an open Pause"
              + " (try (Pause p = control.pause()) { ... })");
    }
    try {
      return Optional.ofNullable(transport.read(timeout));
    } catch (ConnectionClosedException e) {
      engine.connectionLost(this, e.status());
      throw e;
    }
  }

  @Override
  public String toString() {
    return "Connection[session " + id + (transport.isOpen() ? ", open]" : ", closed]");
  }
}
