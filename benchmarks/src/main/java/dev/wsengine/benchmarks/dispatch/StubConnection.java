package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.Connection;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** A connection that is never used, only passed: the dispatch benchmarks inject it. */
final class StubConnection implements Connection {
  private final UUID id = UUID.randomUUID();

  @Override
  public UUID sessionId() {
    return id;
  }

  @Override
  public Handshake handshake() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void sendText(String text) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void sendBinary(ByteBuffer data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void sendBinary(byte[] data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void send(Object message) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Object> decode(Message message) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Duration ping(Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Message> receive(Duration timeout) {
    throw new UnsupportedOperationException();
  }
}
