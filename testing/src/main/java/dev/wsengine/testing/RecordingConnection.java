package dev.wsengine.testing;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import dev.wsengine.Encoder;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.internal.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Connection} that records what is sent on it, for testing a handler's methods directly,
 * without an engine or a network:
 *
 * <pre>{@code
 * RecordingConnection connection = new RecordingConnection();
 * handler.onMessage("hi", connection);
 * assertThat(connection.sent()).containsExactly(Message.text("re: hi"));
 * }</pre>
 *
 * <p>It records every text and binary message sent ({@link #sent()}, copied when sent, and {@link
 * #sentArguments()}, the very objects passed) and every ping ({@link #pings()}). The test may make
 * sends fail ({@link #failSendsWith}), close the connection as the end of a session would ({@link
 * #close}), and queue messages for {@link #receive} ({@link #queueIncoming}). A ping is answered at
 * once, with a round trip of zero.
 *
 * <p>Unlike the engine's connection, {@link #receive} does not check that the caller holds a {@link
 * dev.wsengine.Pause}: pair it with a {@link RecordingEngineControl} to check that the handler
 * paused.
 *
 * <p>Threads: every method may be called from any thread, so a handler may send from engine or
 * executor threads while the test reads what was recorded. Sends from several threads are recorded
 * in the order in which they took the connection's lock; the lists returned are snapshots. To wait
 * for sends made on another thread, use {@link Await}: {@code Await.until(() ->
 * connection.sent().size() == 2, timeout, "two replies")}.
 */
public final class RecordingConnection implements Connection {
  private static final Handshake DEFAULT_HANDSHAKE =
      Handshake.of(URI.create("ws://127.0.0.1/"), Map.of(), null);

  private final UUID sessionId = UUID.randomUUID();
  private final Handshake handshake;

  // Guards every field below; notified when a message is queued or the connection closes. Nothing
  // blocks while holding it: receive() waits on it, which releases it.
  private final Object lock = new Object();

  /** Guarded by lock. What was sent, each copied when it was sent. */
  private final List<Message> sent = new ArrayList<>();

  /** Guarded by lock. The objects passed to the send methods, same order as {@link #sent}. */
  private final List<Object> sentArguments = new ArrayList<>();

  /** Guarded by lock. The timeout of each ping. */
  private final List<Duration> pings = new ArrayList<>();

  /** Guarded by lock. What {@link #receive} hands out next. */
  private final ArrayDeque<Message> incoming = new ArrayDeque<>();

  /** Encoders for {@link #send(Object)}, in order; registered before use, read by any thread. */
  private final List<TypedEncoder<?>> encoders = new CopyOnWriteArrayList<>();

  /** Decoders for {@link #decode}, in order. */
  private final List<Decoder> decoders = new CopyOnWriteArrayList<>();

  /** Guarded by lock. Thrown by every send and ping once set. */
  private IOException sendFailure;

  /** Guarded by lock. Set once, by {@link #close}. */
  private CloseStatus closeStatus;

  /** An open connection with a new session id, whose handshake dialled {@code ws://127.0.0.1/}. */
  public RecordingConnection() {
    this(DEFAULT_HANDSHAKE);
  }

  /**
   * An open connection with a new session id and the given handshake, for handlers that read
   * response headers or the subprotocol ({@link Handshake#of}).
   */
  public RecordingConnection(Handshake handshake) {
    this.handshake = Objects.requireNonNull(handshake, "handshake");
  }

  /**
   * Makes every later send and ping throw {@code failure}; what fails is not recorded. Returns this
   * connection.
   */
  public RecordingConnection failSendsWith(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    synchronized (lock) {
      sendFailure = failure;
    }
    return this;
  }

  /**
   * Queues {@code message} for {@link #receive}, which hands messages out in the order queued; a
   * caller blocked in {@code receive} gets it at once. Returns this connection.
   *
   * @throws IllegalStateException if the connection is closed: no message arrives after the close
   */
  public RecordingConnection queueIncoming(Message message) {
    Objects.requireNonNull(message, "message");
    synchronized (lock) {
      if (closeStatus != null) {
        throw new IllegalStateException(
            "queueIncoming needs an open connection; this one was closed with " + closeStatus);
      }
      incoming.add(message);
      lock.notifyAll();
    }
    return this;
  }

  /**
   * Closes the connection as the end of its session would, with {@code status} (a status the server
   * sent, or {@link CloseStatus#ABNORMAL_CLOSURE} for a dropped link). Afterwards {@link #isOpen}
   * is false, sends and pings throw {@link ConnectionClosedException} carrying {@code status}, and
   * {@link #receive} hands out the messages still queued, then throws it too. Closing a closed
   * connection does nothing: the first status stays.
   */
  public void close(CloseStatus status) {
    Objects.requireNonNull(status, "status");
    synchronized (lock) {
      if (closeStatus == null) {
        closeStatus = status;
        lock.notifyAll();
      }
    }
  }

  /** The status {@link #close} was called with, or empty while the connection is open. */
  public Optional<CloseStatus> closeStatus() {
    synchronized (lock) {
      return Optional.ofNullable(closeStatus);
    }
  }

  /**
   * Every message sent, in the order sent, as it was when sent: a buffer or array the caller
   * changes afterwards does not change what was recorded. A snapshot: later sends do not show in
   * it.
   */
  public List<Message> sent() {
    synchronized (lock) {
      return List.copyOf(sent);
    }
  }

  /**
   * The very objects passed to the send methods (a {@code String}, {@code ByteBuffer} or {@code
   * byte[]}, which also tells which method ran), in the order sent and not copied: for checking
   * that the code under test hands its own object through. A snapshot.
   */
  public List<Object> sentArguments() {
    synchronized (lock) {
      return List.copyOf(sentArguments);
    }
  }

  /** The timeout of each {@link #ping} that succeeded, in call order. A snapshot. */
  public List<Duration> pings() {
    synchronized (lock) {
      return List.copyOf(pings);
    }
  }

  @Override
  public UUID sessionId() {
    return sessionId;
  }

  @Override
  public Handshake handshake() {
    return handshake;
  }

  /** True until {@link #close} is called. */
  @Override
  public boolean isOpen() {
    synchronized (lock) {
      return closeStatus == null;
    }
  }

  /** Records {@code text}. */
  @Override
  public void sendText(String text) throws IOException {
    Objects.requireNonNull(text, "text");
    record(Message.text(text), text);
  }

  /** Records a copy of the remaining bytes of {@code data}; its position is not changed. */
  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    Objects.requireNonNull(data, "data");
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    record(Message.binary(copy), data);
  }

  /** Records a copy of {@code data}. */
  @Override
  public void sendBinary(byte[] data) throws IOException {
    Objects.requireNonNull(data, "data");
    record(Message.binary(data), data);
  }

  /**
   * Records {@code message} as the engine's connection would send it: a {@code String} as text, a
   * {@code byte[]} or {@code ByteBuffer} as binary (copied), a {@link Message} as it is, anything
   * else encoded by the first encoder registered with {@link #textEncoder} or {@link
   * #binaryEncoder} whose type it is an instance of. {@link #sentArguments()} gets {@code message}
   * itself.
   *
   * @throws IllegalArgumentException if no registered encoder takes the object
   * @throws dev.wsengine.EncodeException if the encoder failed; nothing is recorded
   */
  @Override
  public void send(Object message) throws IOException {
    Objects.requireNonNull(message, "message");
    Message encoded;
    if (message instanceof String text) {
      encoded = Message.text(text);
    } else if (message instanceof byte[] bytes) {
      encoded = Message.binary(bytes);
    } else if (message instanceof ByteBuffer bytes) {
      encoded =
          Message.binary(ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip());
    } else if (message instanceof Message m) {
      encoded = m;
    } else {
      encoded = encode(message);
    }
    record(encoded, message);
  }

  private Message encode(Object message) throws IOException {
    for (TypedEncoder<?> encoder : encoders) {
      if (encoder.type.isInstance(message)) {
        return encoder.encode(message);
      }
    }
    throw new IllegalArgumentException(
        "no encoder for "
            + message.getClass().getName()
            + ": register one with RecordingConnection.textEncoder or binaryEncoder");
  }

  /**
   * Decodes {@code message} with the decoders registered with {@link #decoder}, as the engine's
   * connection does with the handler's: the first of its kind whose {@code willDecode} takes it.
   */
  @Override
  public Optional<Object> decode(Message message) throws DecodeException {
    Objects.requireNonNull(message, "message");
    for (Decoder decoder : decoders) {
      if (message.isText() && decoder instanceof Decoder.Text<?> text) {
        if (text.willDecode(message.text())) {
          return Optional.of(text.decode(message.text()));
        }
      } else if (!message.isText() && decoder instanceof Decoder.Binary<?> binary) {
        if (binary.willDecode(message.binary())) {
          return Optional.of(binary.decode(message.binary()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Registers an encoder for {@link #send(Object)} of objects of {@code type}, after those already
   * registered. Call before the handler runs.
   */
  public <T> RecordingConnection textEncoder(Class<T> type, Encoder.Text<? super T> encoder) {
    encoders.add(new TypedEncoder<>(type, encoder));
    return this;
  }

  /**
   * Registers a binary encoder for {@link #send(Object)} of objects of {@code type}, after those
   * already registered. Call before the handler runs.
   */
  public <T> RecordingConnection binaryEncoder(Class<T> type, Encoder.Binary<? super T> encoder) {
    encoders.add(new TypedEncoder<>(type, encoder));
    return this;
  }

  /** Registers a decoder for {@link #decode}, after those already registered. */
  public RecordingConnection decoder(Decoder decoder) {
    decoders.add(Objects.requireNonNull(decoder, "decoder"));
    return this;
  }

  /** An encoder and the class it was registered for. */
  private static final class TypedEncoder<T> {
    final Class<T> type;
    final Encoder encoder;

    TypedEncoder(Class<T> type, Encoder encoder) {
      this.type = Objects.requireNonNull(type, "type");
      this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    @SuppressWarnings("unchecked") // registered for T, which accepts the object's class
    Message encode(Object message) throws IOException {
      T object = type.cast(message);
      if (encoder instanceof Encoder.Text<?> text) {
        return Message.text(((Encoder.Text<? super T>) text).encode(object));
      }
      return Message.binary(((Encoder.Binary<? super T>) encoder).encode(object));
    }
  }

  private void record(Message message, Object argument) throws IOException {
    synchronized (lock) {
      checkSendable();
      sent.add(message);
      sentArguments.add(argument);
    }
  }

  /**
   * Records {@code timeout} and returns a round trip of zero at once.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive, as the engine's does
   */
  @Override
  public Duration ping(Duration timeout) throws IOException {
    checkPositive(timeout);
    synchronized (lock) {
      checkSendable();
      pings.add(timeout);
    }
    return Duration.ZERO;
  }

  /**
   * Hands out the next message queued by {@link #queueIncoming}, waiting up to {@code timeout} for
   * one. Does not check for a {@link dev.wsengine.Pause} (see the class comment).
   *
   * @return the next message, or empty if none was queued within {@code timeout}
   * @throws ConnectionClosedException once the connection is closed and no queued message is left
   * @throws InterruptedException if the calling thread is interrupted while waiting; no message is
   *     lost
   * @throws IllegalArgumentException if {@code timeout} is not positive, as the engine's does
   */
  @Override
  public Optional<Message> receive(Duration timeout) throws IOException, InterruptedException {
    checkPositive(timeout);
    long remaining = Durations.saturatedNanos(timeout);
    long deadline = System.nanoTime() + remaining; // may overflow: only differences are compared
    synchronized (lock) {
      while (incoming.isEmpty()) {
        if (closeStatus != null) {
          throw new ConnectionClosedException(closeStatus);
        }
        if (remaining <= 0) {
          return Optional.empty();
        }
        TimeUnit.NANOSECONDS.timedWait(lock, remaining);
        remaining = deadline - System.nanoTime();
      }
      return Optional.of(incoming.remove());
    }
  }

  /** The session id and whether it is open; never payloads, as the engine's does not. */
  @Override
  public String toString() {
    synchronized (lock) {
      return "RecordingConnection[session "
          + sessionId
          + (closeStatus == null ? ", open" : ", closed with " + closeStatus)
          + ", "
          + sent.size()
          + " sent]";
    }
  }

  // Holds lock.
  private void checkSendable() throws IOException {
    if (closeStatus != null) {
      throw new ConnectionClosedException(closeStatus);
    }
    if (sendFailure != null) {
      throw sendFailure;
    }
  }

  private static void checkPositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive; got " + timeout);
    }
  }
}
