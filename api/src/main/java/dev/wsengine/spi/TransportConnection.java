package dev.wsengine.spi;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One open WebSocket connection, pull-style. SPI for transport adapters; the engine is its only
 * user.
 *
 * <p>Reading: {@link #read()} and {@link #poll()} hand out one whole data message at a time, in
 * arrival order; {@link #whenReadable} says when {@code poll} has one. Control frames never reach
 * it: pings are answered by the transport, pongs complete {@link #ping}, a close frame ends the
 * connection. A transport buffers a bounded number of messages and stops reading the socket when
 * the buffer is full, so a fast server meets TCP back-pressure instead of filling the heap. A
 * message over the configured maximum size closes the connection with {@link
 * CloseStatus#MESSAGE_TOO_BIG} and is never buffered whole.
 *
 * <p>Closing: once the connection is closed, by either side or because the link died, every read
 * and send throws {@link ConnectionClosedException} carrying the status: the server's close frame,
 * or {@link CloseStatus#ABNORMAL_CLOSURE} when the link died without one. Messages that arrived
 * before the close frame (or before a frame that broke the protocol) are still handed out first. So
 * that the replies to them can still be sent, a transport may hold back its answer to the server's
 * close (or its close for the protocol error) until {@link #close} or {@link #abort} is called, for
 * a bounded time; until then sends of data messages still go out. The engine calls {@code close}
 * once it has processed those messages.
 *
 * <p>Threads: {@code read} is called by one thread at a time (the engine serializes readers), and
 * may be interrupted from another; sends and pings may come from several threads at once and must
 * not interleave frames; {@link #close} and {@link #abort} may be called from any thread, also
 * while another thread is blocked in {@code read}.
 */
public interface TransportConnection {
  /** The server's answer to the opening handshake. */
  Handshake handshake();

  /**
   * Takes the next message, blocking until one arrives.
   *
   * @throws ConnectionClosedException once the connection is closed and all earlier messages were
   *     taken
   * @throws InterruptedException if the thread was interrupted while waiting; no message is lost:
   *     the next call returns the message this one would have
   * @throws IOException if reading failed without closing the connection
   */
  Message read() throws IOException, InterruptedException;

  /**
   * Takes the next message, waiting at most {@code timeout}.
   *
   * @return the message, or {@code null} if none arrived in time
   * @throws ConnectionClosedException once the connection is closed and all earlier messages were
   *     taken
   * @throws InterruptedException as {@link #read()}
   * @throws IOException if reading failed without closing the connection
   */
  Message read(Duration timeout) throws IOException, InterruptedException;

  /**
   * Takes the next message if one has arrived, without blocking. With {@link #whenReadable} this is
   * how the engine reads: it asks to be told when there is something to take, then takes it on one
   * of its own threads, so no thread waits on a quiet connection. Taking a message makes room in
   * the transport's buffer, as {@link #read()} does.
   *
   * @return the message, or {@code null} if none is waiting
   * @throws ConnectionClosedException once the connection is closed and all earlier messages were
   *     taken
   * @throws IOException if reading failed without closing the connection
   */
  Message poll() throws IOException;

  /**
   * Asks to be told, once, as soon as {@link #poll()} has something other than {@code null} to
   * give: a message has arrived, the connection has closed, or a read failed. If that is already
   * so, {@code listener} runs at once, on the calling thread, before this method returns; otherwise
   * on whichever thread sees the arrival, usually the transport's I/O thread. It must therefore be
   * quick and must not block or call back into the transport: the engine's listener only hands work
   * to its executor. Nothing is taken from the connection: the message stays for the next {@code
   * poll} or {@code read}.
   *
   * <p>At most one listener waits at a time; asking again replaces the one waiting, which is then
   * not called. Closing or aborting the connection calls a waiting listener, since {@code poll}
   * then throws. Called from any thread.
   */
  void whenReadable(Runnable listener);

  /** Sends a text message; returns once written. */
  void sendText(String text) throws IOException;

  /** Sends the remaining bytes of {@code data} as a binary message; returns once written. */
  void sendBinary(ByteBuffer data) throws IOException;

  /**
   * Sends a ping and blocks until its pong arrives.
   *
   * @return the round-trip time
   * @throws TimeoutException if no pong arrived within {@code timeout}
   */
  Duration ping(Duration timeout) throws IOException, InterruptedException, TimeoutException;

  /**
   * Starts the closing handshake with {@code status} (which must be sendable) and returns once the
   * close frame has been handed to the network layer (a transport may not see it written: Tyrus,
   * for one, does not say). Threads blocked in {@link #read} then get {@link
   * ConnectionClosedException}. Closing a closed connection sends nothing more, but lets a close
   * the transport held back go out now.
   */
  void close(CloseStatus status) throws IOException;

  /**
   * Drops the connection at once, without waiting for a closing handshake, and releases its
   * resources. A transport that cannot drop a socket silently may send a best-effort close frame
   * first (1001); it must not wait for the answer. Idempotent; never throws.
   */
  void abort();

  /** Whether the connection is open: no close frame sent or received, and the link is up. */
  boolean isOpen();
}
