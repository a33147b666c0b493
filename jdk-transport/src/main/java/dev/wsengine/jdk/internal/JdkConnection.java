package dev.wsengine.jdk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.internal.Durations;
import dev.wsengine.internal.Inbox;
import dev.wsengine.internal.Redaction;
import dev.wsengine.internal.Utf8;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link WebSocket} of the JDK as a pull-style {@link TransportConnection}. Not API.
 *
 * <p>Receiving: the JDK calls {@link JdkListener} sequentially, once per {@code request(1)}. The
 * listener assembles the parts of a message, counting bytes against the limits as they arrive (a
 * message crossing its limit is dropped there and the connection closes with 1009), and {@link
 * Inbox#offer offers} whole messages; it requests the next callback only while the inbox has room,
 * else the read that makes room does. So the socket is not read while the engine is behind: real
 * TCP back-pressure, and no JDK thread is ever parked.
 *
 * <p>Closing: whatever ends the connection (the server's close, an error or EOF, our close, a
 * keepalive deadline, an oversized message) closes the {@link Inbox} first with the status reads
 * then report; the first status wins. The JDK sends its reply to the server's close when the stage
 * {@code onClose} returns completes: that stage completes when the engine calls {@link #close} or
 * {@link #abort} (it has replied to the messages before the close), or after {@link #REPLY_GRACE}.
 * Until then data sends still go out.
 *
 * <p>Threads: sends are serialized by {@link #sendLock} and pings by {@link #pingPermit} (the JDK
 * allows one outstanding data send and one outstanding ping); the assembly fields are confined to
 * the listener; the keepalive runs on the transport's {@link Keepalive} thread, the other timers on
 * {@link CompletableFuture#delayedExecutor}'s shared daemon thread itself; none of them blocks.
 */
public final class JdkConnection implements TransportConnection {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.jdk");

  /** Bytes of the id a ping carries. */
  private static final int PING_ID_BYTES = Long.BYTES;

  /** How long the reply to the server's close waits for the engine, at most. */
  static final Duration REPLY_GRACE = Duration.ofSeconds(5);

  /** How long after our close frame the link is dropped if the server does not answer. */
  static final Duration CLOSE_ANSWER_GRACE = Duration.ofSeconds(5);

  private final URI uri;
  private final int maxTextBytes;
  private final int maxBinaryBytes;
  private final Inbox inbox;
  private final Runnable onEnd;
  private final ReentrantLock sendLock = new ReentrantLock();

  /** One ping on its way at a time, as the JDK allows; released when the send completes. */
  private final Semaphore pingPermit = new Semaphore(1);

  private final JdkListener listener = new JdkListener();

  /** Completes when the engine is done with the messages before the server's close. */
  private final CompletableFuture<Void> replyReleased = new CompletableFuture<>();

  private final Object stateLock = new Object();

  @GuardedBy("stateLock")
  private WebSocket webSocket;

  @GuardedBy("stateLock")
  private Handshake handshake;

  @GuardedBy("stateLock")
  private boolean finished;

  @GuardedBy("stateLock")
  private Keepalive keepalive;

  /** When the keepalive's last ping went out. Confined to the keepalive's thread. */
  private long keepalivePingSentAt;

  /** Whether a keepalive ping's deadline is ahead. Confined to the keepalive's thread. */
  private boolean pongDeadlinePending;

  private final AtomicLong pingIds = new AtomicLong();

  private final ConcurrentNavigableMap<Long, CompletableFuture<Long>> pendingPings =
      new ConcurrentSkipListMap<>();

  private volatile long lastHeardNanos = System.nanoTime();

  // Message assembly: confined to the listener (the JDK calls it sequentially).
  private StringBuilder textParts;

  /** The UTF-8 bytes of textParts: exactly, or while textExact is false an upper bound. */
  private long textBytes;

  private boolean textExact;
  private ByteBuffer binaryParts;
  private boolean tooBig;

  /**
   * A connection to {@code uri}, not yet open.
   *
   * @param onEnd run once when the connection has ended (to release a shared client)
   */
  public JdkConnection(URI uri, ConnectOptions options, Runnable onEnd) {
    this.uri = uri;
    this.maxTextBytes = options.maxTextMessageBytes();
    this.maxBinaryBytes = options.maxBinaryMessageBytes();
    this.inbox = new Inbox(options.bufferedMessages());
    this.onEnd = onEnd;
  }

  /** What the JDK calls. */
  public WebSocket.Listener listener() {
    return listener;
  }

  /**
   * The handshake completed: keeps the socket, builds the {@link Handshake}, starts the keepalive.
   * The JDK does not expose the response's headers, so the handshake has none.
   *
   * @param keepalive the transport's keepalive, null for none
   */
  public void opened(WebSocket socket, Keepalive keepalive) {
    synchronized (stateLock) {
      webSocket = socket;
      handshake = Handshake.of(uri, Map.of(), socket.getSubprotocol());
      this.keepalive = keepalive;
    }
    if (keepalive != null) {
      keepalive.add(this);
      boolean ended;
      synchronized (stateLock) {
        ended = finished;
      }
      if (ended) {
        keepalive.remove(this); // finish() ran before the add: it removed nothing
      }
    }
  }

  /** The connect gave up: nothing will read this connection. */
  public void cancel() {
    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);
    finish();
  }

  // ---------------------------------------------------------------------------------------------
  // TransportConnection

  @Override
  public Handshake handshake() {
    synchronized (stateLock) {
      if (handshake == null) {
        throw new IllegalStateException("the connection is not open yet");
      }
      return handshake;
    }
  }

  @Override
  public Message read() throws IOException, InterruptedException {
    return inbox.take(-1, this::requestOne);
  }

  @Override
  public Message read(Duration timeout) throws IOException, InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    long nanos = timeout.isNegative() ? 0 : Durations.saturatedNanos(timeout);
    return inbox.take(nanos, this::requestOne);
  }

  /**
   * Takes the next message if one has arrived; the poll that makes room in a full buffer asks the
   * socket for the next message ({@code request(1)}), as {@link #read()} does.
   */
  @Override
  public Message poll() throws IOException {
    return inbox.poll(this::requestOne);
  }

  /**
   * Runs {@code listener} once a message or the close is there: at once on the caller if so now;
   * else on the thread the JDK calls {@link JdkListener} on for the next whole message, the
   * server's close or an error (the client's executor: by default the transport's {@code
   * wsengine-jdk-N} pool), on the transport's keepalive thread for a missing pong, or on the
   * engine's thread in {@link #close} or {@link #abort}.
   */
  @Override
  public void whenReadable(Runnable listener) {
    inbox.whenReadable(listener);
  }

  @Override
  public void sendText(String text) throws IOException {
    Objects.requireNonNull(text, "text");
    WebSocket socket = socketForData();
    sendLock.lock();
    try {
      await(socket.sendText(text, true));
    } finally {
      sendLock.unlock();
    }
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    Objects.requireNonNull(data, "data");
    WebSocket socket = socketForData();
    sendLock.lock();
    try {
      await(socket.sendBinary(data, true));
    } finally {
      sendLock.unlock();
    }
  }

  @Override
  public Duration ping(Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    Objects.requireNonNull(timeout, "timeout");
    long id = pingIds.incrementAndGet();
    CompletableFuture<Long> pong = new CompletableFuture<>();
    pendingPings.put(id, pong);
    try {
      // Registered before the closed check: finish() fails what it finds, so none waits forever.
      long sentAt = System.nanoTime();
      sendPing(id);
      try {
        return Duration.ofNanos(
            pong.get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS) - sentAt);
      } catch (ExecutionException e) {
        throw closedException(e.getCause());
      } catch (TimeoutException e) {
        TimeoutException timedOut = new TimeoutException("no pong within " + timeout);
        timedOut.initCause(e);
        throw timedOut;
      }
    } finally {
      pendingPings.remove(id);
    }
  }

  @Override
  public void close(CloseStatus status) throws IOException {
    Objects.requireNonNull(status, "status");
    if (!status.isSendable()) {
      throw new IllegalArgumentException("close status must be sendable; got " + status);
    }
    // The caller is done with the messages it read: a reply the JDK holds back may go now.
    replyReleased.complete(null);
    if (!inbox.close(status, null)) {
      return;
    }
    finish();
    sendCloseAndDrop(status);
  }

  @Override
  public void abort() {
    replyReleased.complete(null);
    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);
    finish();
    WebSocket socket = socket();
    if (socket != null) {
      socket.abort();
    }
  }

  @Override
  public boolean isOpen() {
    WebSocket socket = socket();
    return inbox.closedWith() == null
        && socket != null
        && !socket.isInputClosed()
        && !socket.isOutputClosed();
  }

  /** Whether the socket is left unread because the engine's buffer is full (for tests). */
  public boolean receivingBlocked() {
    return inbox.starved();
  }

  /** The most messages that ever waited at once (for tests). */
  public int bufferedHighWater() {
    return inbox.highWater();
  }

  @Override
  public String toString() {
    CloseStatus closed = inbox.closedWith();
    return "JdkConnection["
        + Redaction.uri(uri)
        + (closed == null ? ", open]" : ", closed " + closed + "]");
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving (the JDK's listener calls, one at a time)

  private final class JdkListener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket socket) {
      socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
      lastHeardNanos = System.nanoTime();
      if (tooBig || inbox.closedWith() != null) {
        socket.request(1); // read on to the close frame, dropping data
        return null;
      }
      long size = textSize(part);
      if (size > maxTextBytes) {
        messageTooBig(socket, "text", maxTextBytes);
        return null;
      }
      if (last && textParts == null) {
        textExact = false;
        deliver(socket, Message.text(part.toString()));
        return null;
      }
      if (textParts == null) {
        textParts = new StringBuilder(part.length() * 2);
      }
      textParts.append(part);
      textBytes = size;
      if (last) {
        String text = textParts.toString();
        textParts = null;
        textBytes = 0;
        textExact = false;
        deliver(socket, Message.text(text));
      } else {
        socket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer part, boolean last) {
      lastHeardNanos = System.nanoTime();
      if (tooBig || inbox.closedWith() != null) {
        socket.request(1);
        return null;
      }
      long size = (binaryParts == null ? 0 : binaryParts.position()) + (long) part.remaining();
      if (size > maxBinaryBytes) {
        messageTooBig(socket, "binary", maxBinaryBytes);
        return null;
      }
      if (last && binaryParts == null) {
        // The JDK may reuse the part's buffer once this returns: copy it.
        ByteBuffer copy = ByteBuffer.allocate(part.remaining()).put(part);
        deliver(socket, Message.binary(copy.flip()));
        return null;
      }
      if (binaryParts == null) {
        binaryParts = ByteBuffer.allocate((int) Math.min(maxBinaryBytes, Math.max(size, 256)));
      } else if (binaryParts.remaining() < part.remaining()) {
        long grown = Math.max(size, 2L * binaryParts.capacity());
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(maxBinaryBytes, grown));
        binaryParts.flip();
        bigger.put(binaryParts);
        binaryParts = bigger;
      }
      binaryParts.put(part);
      if (last) {
        ByteBuffer whole = binaryParts.flip();
        binaryParts = null;
        deliver(socket, Message.binary(whole));
      } else {
        socket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
      // The JDK answers with a pong itself.
      lastHeardNanos = System.nanoTime();
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
      long now = System.nanoTime();
      lastHeardNanos = now;
      if (message.remaining() == PING_ID_BYTES) {
        long id = message.getLong(message.position());
        // A pong answers its ping and, as servers may answer only the latest, every earlier one.
        pendingPings.headMap(id, true).values().forEach(f -> f.complete(now));
      }
      socket.request(1);
      return null;
    }

    /**
     * The server's close frame. The JDK sends its reply when the returned stage completes: once the
     * engine has processed the messages before it and closes (or aborts), or after {@link
     * #REPLY_GRACE}.
     */
    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      CloseStatus status = fromServer(statusCode, reason);
      boolean first = inbox.close(status, null);
      finish();
      if (!first) {
        return null; // our own close (or a keepalive's, or 1009's): its answer
      }
      if (statusCode < 1000 || statusCode > 4999) {
        // A code no endpoint may send: the JDK would echo it. Answer the protocol error instead.
        sendCloseAndDrop(status);
        return null;
      }
      return replyReleased.completeOnTimeout(
          null, Durations.saturatedNanos(REPLY_GRACE), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      CloseStatus status;
      if (error instanceof ProtocolException
          || error.getClass().getSimpleName().equals("FailWebSocketException")) {
        // The JDK found the server's stream broke the protocol; it has sent its close frame.
        status = CloseStatus.PROTOCOL_ERROR.withReason(Utf8.closeReason(firstMessage(error)));
      } else {
        status = CloseStatus.ABNORMAL_CLOSURE;
      }
      LOG.log(Level.DEBUG, "the JDK reported an error on " + JdkConnection.this, error);
      if (inbox.close(status, error)) {
        finish();
      }
      socket.abort();
    }
  }

  private void deliver(WebSocket socket, Message message) {
    switch (inbox.offer(message)) {
      case ADDED_ROOM_LEFT -> socket.request(1);
      case ADDED_FULL -> {} // the read that makes room requests
      case CLOSED -> {
        LOG.log(Level.TRACE, "{0}: {1} arrived after the close and was dropped", this, message);
        socket.request(1);
      }
    }
  }

  /**
   * The UTF-8 size of the text message so far with {@code part}: an upper bound while that is
   * within the limit (a char is at most 3 bytes of UTF-8; a surrogate pair, two chars, 4), counted
   * exactly only once the bound crosses it. Counting every part char by char cost the listener more
   * than decoding it. Listener only.
   */
  private long textSize(CharSequence part) {
    if (!textExact) {
      long bound = textBytes + 3L * part.length();
      if (bound <= maxTextBytes) {
        return bound;
      }
      textBytes = textParts == null ? 0 : Utf8.length(textParts);
      textExact = true;
    }
    return textBytes + Utf8.length(part);
  }

  /** A message crossed its limit: drop what we have of it and close with 1009. */
  private void messageTooBig(WebSocket socket, String kind, int limit) {
    tooBig = true;
    textParts = null;
    binaryParts = null;
    CloseStatus status =
        CloseStatus.MESSAGE_TOO_BIG.withReason(
            Utf8.closeReason(kind + " message over the limit of " + limit + " bytes"));
    if (inbox.close(status, null)) {
      finish();
      sendCloseAndDrop(status);
    }
    socket.request(1); // read on to the server's answer
  }

  /** The first message in {@code error}'s causes: the JDK's ProtocolException has none itself. */
  private static String firstMessage(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  private static CloseStatus fromServer(int code, String reason) {
    String phrase = reason == null ? "" : Utf8.closeReason(reason);
    if (code == CloseStatus.ABNORMAL_CLOSURE.code()) {
      return CloseStatus.ABNORMAL_CLOSURE;
    }
    if (code < 1000 || code > 4999) {
      return CloseStatus.received(CloseStatus.PROTOCOL_ERROR.code(), "close code " + code);
    }
    return CloseStatus.received(code, phrase);
  }

  // ---------------------------------------------------------------------------------------------
  // Keepalive (on the transport's keepalive thread, one pass for all its connections; never blocks)

  /**
   * Sends a keepalive ping unless there is no need: the connection ended, the engine is behind
   * (then the engine is slow, not the server), the last ping's deadline is still ahead, or a user's
   * ping is on its way (it speaks for this one).
   *
   * @return whether a ping went out, so that {@link #keepaliveDeadline} is due
   */
  boolean keepalivePing() {
    if (pongDeadlinePending || inbox.closedWith() != null || inbox.starved()) {
      return false;
    }
    WebSocket socket;
    synchronized (stateLock) {
      if (finished) {
        return false;
      }
      socket = webSocket;
    }
    if (!pingPermit.tryAcquire()) {
      return false;
    }
    keepalivePingSentAt = System.nanoTime();
    pongDeadlinePending = true;
    CompletableFuture<?> unused =
        socket
            .sendPing(ByteBuffer.allocate(PING_ID_BYTES).putLong(0, pingIds.incrementAndGet()))
            .whenComplete((s, failure) -> pingPermit.release());
    return true;
  }

  /**
   * The pong deadline of the ping {@link #keepalivePing} sent: without a frame since, it is dead.
   */
  void keepaliveDeadline() {
    pongDeadlinePending = false;
    if (lastHeardNanos - keepalivePingSentAt >= 0 || inbox.starved()) {
      return; // heard from the server since, or not reading by choice
    }
    Duration pongTimeout;
    synchronized (stateLock) {
      pongTimeout = keepalive.pongTimeout();
    }
    CloseStatus dead =
        CloseStatus.received(CloseStatus.ABNORMAL_CLOSURE.code(), "no pong within " + pongTimeout);
    if (inbox.close(dead, new TimeoutException("keepalive: no pong within " + pongTimeout))) {
      LOG.log(Level.DEBUG, "{0}: no pong within {1}; the connection is dead", this, pongTimeout);
      finish();
      WebSocket socket = socket();
      if (socket != null) {
        socket.abort();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private void requestOne() {
    WebSocket socket = socket();
    if (socket != null) {
      socket.request(1);
    }
  }

  private void sendPing(long id) throws IOException, InterruptedException {
    WebSocket socket = openSocket();
    pingPermit.acquire();
    try {
      await(socket.sendPing(ByteBuffer.allocate(PING_ID_BYTES).putLong(0, id)));
    } finally {
      pingPermit.release();
    }
  }

  /** Sends our close frame; drops the link if the server has not answered after a grace. */
  private void sendCloseAndDrop(CloseStatus status) {
    WebSocket socket = socket();
    if (socket == null) {
      return;
    }
    CompletableFuture<?> unused =
        socket
            .sendClose(codeTheJdkSends(status.code()), status.reason())
            .whenComplete(
                (s, failure) -> {
                  if (failure != null) {
                    socket.abort();
                  } else {
                    // Run on the JDK's delay scheduler itself: its default, the common pool, is
                    // a new thread per task where the pool's parallelism is 1 (2 cores).
                    CompletableFuture.delayedExecutor(
                            Durations.saturatedNanos(CLOSE_ANSWER_GRACE),
                            TimeUnit.NANOSECONDS,
                            Runnable::run)
                        .execute(socket::abort);
                  }
                });
  }

  /**
   * The code the JDK lets a client send for {@code code}. {@link WebSocket#sendClose} refuses 1002,
   * 1003, 1007, 1009, 1010, 1012, 1013, 1014 (and the codes no endpoint may send) from a client, so
   * those go out as 1008 (Policy Violation), which RFC 6455 names for "no other more suitable
   * status code", with the reason unchanged; reads still report the status the connection closed
   * with. docs/jdk.md lists this beside the other differences from the Tyrus transport.
   */
  static int codeTheJdkSends(int code) {
    return switch (code) {
      case 1002, 1003, 1004, 1005, 1006, 1007, 1009, 1010, 1012, 1013, 1014, 1015 ->
          CloseStatus.POLICY_VIOLATION.code();
      default -> code >= 1016 && code < 3000 ? CloseStatus.POLICY_VIOLATION.code() : code;
    };
  }

  /** Stops the keepalive, fails waiting pings, tells the transport; runs once. */
  private void finish() {
    Keepalive pinging;
    synchronized (stateLock) {
      if (finished) {
        return;
      }
      finished = true;
      pinging = keepalive;
    }
    if (pinging != null) {
      pinging.remove(this);
    }
    ConnectionClosedException closed = new ConnectionClosedException(closedStatus());
    pendingPings.values().forEach(f -> f.completeExceptionally(closed));
    onEnd.run();
  }

  /**
   * Waits for a send, uninterruptibly (the SPI's sends do not throw InterruptedException; the
   * interrupt status is kept), and translates its failure.
   */
  private void await(CompletableFuture<WebSocket> sending) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          sending.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | CancellationException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          CloseStatus closed = inbox.closedWith();
          if (closed != null || cause instanceof IOException) {
            throw closed != null ? closedException(cause) : (IOException) cause;
          }
          throw new IOException("sending on " + this + " failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private CloseStatus closedStatus() {
    CloseStatus closed = inbox.closedWith();
    return closed == null ? CloseStatus.ABNORMAL_CLOSURE : closed;
  }

  private ConnectionClosedException closedException(Throwable cause) {
    return new ConnectionClosedException(closedStatus(), cause);
  }

  /** The socket for a data message: also while the reply to the server's close is held back. */
  private WebSocket socketForData() throws ConnectionClosedException {
    CloseStatus closed = inbox.closedWith();
    WebSocket socket = socket();
    if (closed != null && (socket == null || socket.isOutputClosed() || replyReleased.isDone())) {
      throw new ConnectionClosedException(closed);
    }
    return socket;
  }

  private WebSocket openSocket() throws ConnectionClosedException {
    CloseStatus closed = inbox.closedWith();
    if (closed != null) {
      throw new ConnectionClosedException(closed);
    }
    return socket();
  }

  private WebSocket socket() {
    synchronized (stateLock) {
      return webSocket;
    }
  }
}
