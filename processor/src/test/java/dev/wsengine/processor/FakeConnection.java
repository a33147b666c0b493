package dev.wsengine.processor;

import dev.wsengine.Connection;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link Connection} that records what is sent on it, so that a test can see the replies a
 * generated dispatcher sends, typed replies included ({@link #send(Object)} records the object as
 * it is: encoding is the engine's job). Only the send methods work; the rest is never needed by a
 * dispatcher.
 */
final class FakeConnection implements Connection {
  /**
   * One send call: which method ran ({@code sendText}, {@code sendBinary(ByteBuffer)}, {@code
   * sendBinary(byte[])} or {@code send(Object)}) and the very object it was given.
   */
  record Sent(String method, Object payload) {}

  private final UUID sessionId = UUID.randomUUID();
  private final Handshake handshake =
      Handshake.of(URI.create("ws://127.0.0.1/fake"), Map.of(), null);
  private final List<Sent> sent = new ArrayList<>();
  private IOException sendFailure;

  /** Makes every later send throw {@code failure} (after recording the attempt). */
  FakeConnection failSendsWith(IOException failure) {
    this.sendFailure = failure;
    return this;
  }

  /** Every send, in call order. */
  List<Sent> sent() {
    return sent;
  }

  @Override
  public UUID sessionId() {
    return sessionId;
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void sendText(String text) throws IOException {
    recordSend(new Sent("sendText", text));
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    recordSend(new Sent("sendBinary(ByteBuffer)", data));
  }

  @Override
  public void sendBinary(byte[] data) throws IOException {
    recordSend(new Sent("sendBinary(byte[])", data));
  }

  private void recordSend(Sent send) throws IOException {
    sent.add(send);
    if (sendFailure != null) {
      throw sendFailure;
    }
  }

  @Override
  public void send(Object message) throws IOException {
    recordSend(new Sent("send(Object)", message));
  }

  @Override
  public Optional<Object> decode(Message message) {
    throw new UnsupportedOperationException("a dispatcher never decodes");
  }

  @Override
  public Duration ping(Duration timeout) {
    throw new UnsupportedOperationException("a dispatcher never pings");
  }

  @Override
  public Optional<Message> receive(Duration timeout) {
    throw new UnsupportedOperationException("a dispatcher never receives");
  }
}
