package dev.wsengine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The live connection of one session, as handlers see it.
 *
 * <p>Valid from {@link OnOpen} to the end of {@link OnClose} of its session; after that, sends
 * throw {@link ConnectionClosedException}. Keeping it past the session is allowed but useless: each
 * session has its own {@code Connection}.
 *
 * <p>Threads: all methods may be called from any thread. Sends are serialized, so messages sent
 * from several threads at once are never interleaved on the wire.
 *
 * <p><b>Sending.</b> Every send, blocking or async, goes through one bounded outbound queue per
 * session and is written in the order the calls entered it. A blocking send ({@link #sendText},
 * {@link #sendBinary}, {@link #send}) waits for its own message to be written; an async one ({@link
 * #sendTextAsync}, {@link #sendBinaryAsync}, {@link #sendAsync}) returns at once with a future
 * completed once the message is written. Both are bounded by the engine's send timeout ({@code
 * sendTimeout(d)}, queue time included): a server that stops reading cannot hold a caller forever.
 * A full queue ({@code sendQueue(maxMessages, maxBytes)}) refuses the send at once with {@link
 * SendQueueFullException}. When the session ends (connection lost, {@code restart()}, {@code
 * exit()}, {@code stop()}), the messages still queued fail with {@link ConnectionClosedException}
 * at once; sends made after that (from {@link OnClose}, say) are still written while the transport
 * accepts them. See docs/concurrency.md ("Sending").
 */
public interface Connection {
  /** The id of this session, unique per open connection; also on every span of the session. */
  UUID sessionId();

  /** The server's answer to the opening handshake. */
  Handshake handshake();

  /** Whether the connection is still open. */
  boolean isOpen();

  /**
   * Sends a text message and returns once it is written: queued behind the messages sent before it,
   * written in order.
   *
   * @throws SendQueueFullException at once if the outbound queue is full; nothing was queued
   * @throws SendTimeoutException if it was not written within the send timeout
   * @throws ConnectionClosedException if the connection is closed, or the session ended while the
   *     message was queued
   * @throws java.io.InterruptedIOException if the calling thread was interrupted while waiting; the
   *     message stays queued and may still be written
   * @throws IllegalStateException if called from a dependent action of a send's future running on
   *     the engine's writer, which would wait for itself: use the async sends there
   * @throws IOException if writing fails
   */
  void sendText(String text) throws IOException;

  /**
   * Queues a text message and returns at once. The future completes when the message is written, or
   * fails with {@link SendQueueFullException} (at once: the queue was full, nothing queued), {@link
   * TimeoutException} (not written within the send timeout), {@link ConnectionClosedException} (the
   * connection closed or the session ended first), or the {@link IOException} the write threw.
   * Dependent actions you attach may run on an engine thread, which writes the next messages only
   * once they return: keep them short, or use the {@code ...Async} variants of {@link
   * CompletableFuture}.
   *
   * <p>The default implementation (for test doubles) sends with {@link #sendText} on the calling
   * thread and returns a completed or failed future; the engine's connection queues.
   *
   * @throws NullPointerException if {@code text} is null
   */
  default CompletableFuture<Void> sendTextAsync(String text) {
    return Connections.completed(() -> sendText(text));
  }

  /**
   * Sends the remaining bytes of {@code data} as a binary message and returns once they are
   * written. The buffer's position is not changed. Fails as {@link #sendText} does.
   *
   * @throws ConnectionClosedException if the connection is closed
   * @throws IOException if writing fails
   */
  void sendBinary(ByteBuffer data) throws IOException;

  /**
   * Queues the remaining bytes of {@code data} as a binary message and returns at once; the future
   * completes as for {@link #sendTextAsync}. The buffer's position is not changed, but its content
   * is read when the message is written: do not change it before the future completes.
   *
   * @throws NullPointerException if {@code data} is null
   */
  default CompletableFuture<Void> sendBinaryAsync(ByteBuffer data) {
    return Connections.completed(() -> sendBinary(data));
  }

  /**
   * Queues {@code data} as a binary message and returns at once; the future completes as for {@link
   * #sendTextAsync}. The array is read when the message is written: do not change it before the
   * future completes.
   *
   * @throws NullPointerException if {@code data} is null
   */
  default CompletableFuture<Void> sendBinaryAsync(byte[] data) {
    return Connections.completed(() -> sendBinary(data));
  }

  /**
   * Sends {@code data} as a binary message and returns once it is written; fails as {@link
   * #sendText} does.
   *
   * @throws ConnectionClosedException if the connection is closed
   * @throws IOException if writing fails
   */
  void sendBinary(byte[] data) throws IOException;

  /**
   * Sends an object and returns once it is written: a {@link String} as text, a {@code byte[]} or
   * {@link ByteBuffer} as binary, a {@link Message} as what it is, anything else encoded by the
   * first of the handler's encoders ({@link Codecs#encoders()}, then those given to the engine
   * builder) whose type it is an instance of.
   *
   * @throws IllegalArgumentException if no encoder takes the object's class; the message names the
   *     class and the encoders known
   * @throws EncodeException if the encoder failed; nothing was sent
   * @throws ConnectionClosedException if the connection is closed
   * @throws IOException if writing fails
   */
  void send(Object message) throws IOException;

  /**
   * Encodes an object as {@link #send(Object)} does, on the calling thread, then queues it and
   * returns at once; the future completes as for {@link #sendTextAsync}, and fails with the {@link
   * EncodeException} if the encoder failed (nothing was queued).
   *
   * @throws IllegalArgumentException if no encoder takes the object's class
   * @throws NullPointerException if {@code message} is null
   */
  default CompletableFuture<Void> sendAsync(Object message) {
    return Connections.completed(() -> send(message));
  }

  /**
   * Decodes a message with the handler's decoders, as the engine does before calling {@link
   * OnMessage} methods: the first decoder, in declaration order, that takes it. Meant for messages
   * from {@link #receive(Duration)} while holding a {@link Pause}, so that a request/response
   * exchange needs no decoding of its own.
   *
   * @return the decoded object, or empty if no decoder takes the message
   * @throws DecodeException if the decoder that took the message failed; it carries the message
   */
  Optional<Object> decode(Message message) throws DecodeException;

  /**
   * Sends a ping and waits for the pong.
   *
   * @return the round-trip time
   * @throws TimeoutException if no pong arrived within {@code timeout}
   * @throws InterruptedException if the calling thread was interrupted while waiting
   * @throws IOException if the ping could not be sent
   */
  Duration ping(Duration timeout) throws IOException, InterruptedException, TimeoutException;

  /**
   * Reads the next message yourself, while holding a {@link Pause}: request/response without ids.
   *
   * @return the next message, or empty if none arrived within {@code timeout}
   * @throws IllegalStateException if the calling thread's engine is not paused by a {@link Pause}
   *     that is still open
   * @throws ConnectionClosedException if the connection closed; it carries the close status
   * @throws InterruptedException if the calling thread was interrupted while waiting; no message is
   *     lost
   * @throws IOException if reading fails
   */
  Optional<Message> receive(Duration timeout) throws IOException, InterruptedException;

  // ---------------------------------------------------------------------------------------------
  // Requests (docs/requests.md)

  /**
   * Sends {@code text} as a request and returns the text of its reply, matched by the engine's
   * {@link Correlation} ({@code correlation.requestId(text)} is the id it carries). The matched
   * reply is not given to {@link OnMessage} (unless the engine was built with {@code
   * repliesAlsoToOnMessage(true)}); a reply that comes after the request ended (a late one) is.
   *
   * <p>The future fails with {@link java.util.concurrent.TimeoutException} if no reply came within
   * {@code timeout} (measured on the engine's clock, from this call), with {@link
   * ConnectionClosedException} as soon as the session ends (lost, restart, exit, stop) or if it has
   * ended, with {@link IllegalStateException} if the request's id is already in flight or the
   * engine's {@code maxRequestsInFlight} is reached, with the send's {@link IOException} if the
   * message could not be sent, and with {@link IllegalStateException} if the reply was binary.
   *
   * <p>Valid from {@link OnOpen} (where the future may be waited for: the engine reads replies
   * before its readers start, and keeps the other messages for them, in order) to the end of the
   * session. Threads: any. The future completes on an engine thread (a reader, or a timer task):
   * stages added with {@code thenAccept} and the like, not {@code ...Async}, run there and should
   * be quick; do not wait for a request inside {@link OnMessage} with {@code readers(1)}: the only
   * reader is the one that would read the reply.
   *
   * @throws IllegalStateException if the engine was built without a correlation ({@code
   *     WebSocketEngine.Builder.correlation(...)})
   * @throws IllegalArgumentException if {@code timeout} is not positive, or the correlation gives
   *     the request no id
   * @throws UnsupportedOperationException if this {@code Connection} is not the engine's (a test
   *     double that does not implement requests)
   */
  default CompletableFuture<String> request(String text, Duration timeout) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not implement request(String, Duration)");
  }

  /**
   * Sends {@code message} as a request (as {@link #send(Object)} would: a {@code String} as text,
   * bytes as binary, anything else through the handler's encoders) and returns its reply as a
   * {@code replyType}: the text for {@code String}, the message itself for {@link Message}, a copy
   * of the bytes for {@code byte[]}, else what the handler's decoders make of it. The id is {@code
   * correlation.requestId(message)}, read from the object before it is encoded.
   *
   * <p>Fails and completes as {@link #request(String, Duration)}; also with {@link DecodeException}
   * if the decoder that took the reply failed, and with {@link IllegalStateException} if no decoder
   * took it or it decoded to another type (the message names both types); with {@link
   * EncodeException} or {@link IllegalArgumentException} if it could not be encoded (nothing was
   * sent). Valid and threads as {@link #request(String, Duration)}.
   *
   * @throws IllegalStateException if the engine was built without a correlation
   * @throws IllegalArgumentException if {@code timeout} is not positive, or the correlation gives
   *     the request no id
   * @throws UnsupportedOperationException if this {@code Connection} is not the engine's
   */
  default <R> CompletableFuture<R> request(Object message, Class<R> replyType, Duration timeout) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not implement request(Object, Class, Duration)");
  }
}
