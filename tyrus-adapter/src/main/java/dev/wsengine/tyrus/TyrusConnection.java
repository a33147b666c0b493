package dev.wsengine.tyrus;

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
import dev.wsengine.tyrus.internal.PerMessageDeflate;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.glassfish.tyrus.core.TyrusRemoteEndpoint;

/**
 * One Tyrus session as a pull-style {@link TransportConnection}.
 *
 * <p>Receiving: Tyrus calls the partial message handlers of {@link TyrusEndpoint} on its container
 * thread, one frame at a time. They assemble whole messages, counting bytes against the limits (an
 * oversized message is dropped as soon as it crosses the limit, and the connection closes with
 * 1009), and {@link Inbox#put} them, which blocks when the engine is behind: that is the
 * back-pressure. Tyrus's own frame buffer is sized from the limits too, so no single frame is
 * buffered much beyond them either ({@link #frameBufferBytes}).
 *
 * <p>Closing: whatever ends the session (a close frame, the link dying, our close, a keepalive
 * deadline, an oversized message) closes the {@link Inbox} first with the status reads then report;
 * the first status wins. Then the keepalive stops and pending pings fail.
 *
 * <p>When Tyrus closes on what it read (the server's close frame, a protocol error), the messages
 * before it are still in the inbox, and the engine will reply to them. So {@link
 * TyrusEndpoint#onClose} keeps Tyrus's thread, and with it Tyrus's own close frame, in a {@link
 * CloseHold} until the engine is done with them and calls {@link #close} or {@link #abort} (or
 * {@link #REPLY_GRACE} has passed); meanwhile reads drain the inbox and then throw, but data sends
 * still go out. Pings do not: their pongs could not be read.
 *
 * <p>Threads: {@link #stateLock} guards the session fields below; the message assembly fields are
 * confined to Tyrus's delivery thread (one thread at a time, ordered by Tyrus's task lock); sends
 * are serialized by {@link #sendLock}; {@link CloseHold} and {@link Inbox} guard themselves. No
 * lock is held while calling Tyrus, except {@code sendLock} around a send, which is its purpose.
 * Tyrus's thread waits in {@link CloseHold#await} holding no lock of ours (only Tyrus's per-socket
 * close lock, which nothing of ours takes) for {@link #close}, {@link #abort} or {@link #cancel};
 * those release it before anything else, taking only {@link CloseHold}'s lock, so the wait cannot
 * deadlock, and {@link #REPLY_GRACE} bounds it.
 */
final class TyrusConnection implements TransportConnection {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.tyrus");

  /** Bytes of a frame header at most (2 + 8 length + 4 mask). */
  private static final int FRAME_HEADER_BYTES = 14;

  /** Bytes of the id a ping carries. */
  private static final int PING_ID_BYTES = Long.BYTES;

  /**
   * How long Tyrus's close may be held back for replies to the messages before it, at most. The
   * engine ends the hold as soon as it has processed them; this bounds it for a user of the
   * connection that never closes it, and for a handler that takes that long.
   */
  static final Duration REPLY_GRACE = Duration.ofSeconds(5);

  private final URI uri;
  private final int maxTextBytes;
  private final int maxBinaryBytes;
  private final Inbox inbox;

  /** The permessage-deflate offer and, once accepted, its state; null when compression is off. */
  private final PerMessageDeflate compression;

  private final TyrusEndpoint endpoint = new TyrusEndpoint();
  private final CloseHold closeHold = new CloseHold();
  private final ReentrantLock sendLock = new ReentrantLock();

  private final Object stateLock = new Object();

  /** Set by Tyrus's onOpen, before connect() returns. */
  @GuardedBy("stateLock")
  private Session session;

  /** The session's basic remote, taken while it is open (Tyrus refuses it once closing). */
  @GuardedBy("stateLock")
  private RemoteEndpoint.Basic remote;

  /** connect() gave up on this connection: a session that opens anyway is closed at once. */
  @GuardedBy("stateLock")
  private boolean cancelled;

  @GuardedBy("stateLock")
  private Map<String, List<String>> responseHeaders = Map.of();

  /** Whether Tyrus called afterResponse: the handshake's response, 101 or a refusal, was read. */
  @GuardedBy("stateLock")
  private boolean responded;

  @GuardedBy("stateLock")
  private Handshake handshake;

  /** Whether {@link #finish} ran: keepalive stopped, pings failed. */
  @GuardedBy("stateLock")
  private boolean finished;

  @GuardedBy("stateLock")
  private KeepaliveScheduler keepaliveScheduler;

  /** The connect's secrets, kept out of Tyrus's log until {@link #finish} (then for a grace). */
  @GuardedBy("stateLock")
  private LogRedaction.Registration logSecrets;

  @GuardedBy("stateLock")
  private Duration logSecretsGrace;

  @GuardedBy("stateLock")
  private ScheduledFuture<?> keepaliveTicks;

  @GuardedBy("stateLock")
  private ScheduledFuture<?> pongDeadline;

  private final AtomicLong pingIds = new AtomicLong();

  /** Pings waiting for their pong, by id; a pong completes its ping and every earlier one. */
  private final ConcurrentNavigableMap<Long, CompletableFuture<Long>> pendingPings =
      new ConcurrentSkipListMap<>();

  /** When anything last arrived: a message fragment or a pong. For the keepalive deadline. */
  private volatile long lastHeardNanos = System.nanoTime();

  // Message assembly: confined to Tyrus's delivery thread.
  private StringBuilder textParts;
  private long textBytes;
  private List<ByteBuffer> binaryParts;
  private long binaryBytes;
  private boolean tooBig;

  TyrusConnection(URI uri, ConnectOptions options) {
    this.uri = uri;
    this.maxTextBytes = options.maxTextMessageBytes();
    this.maxBinaryBytes = options.maxBinaryMessageBytes();
    this.inbox = new Inbox(options.bufferedMessages());
    this.compression =
        options.compression().enabled()
            ? new PerMessageDeflate(
                options.compression(),
                maxTextBytes,
                maxBinaryBytes,
                new PerMessageDeflate.Failures() {
                  @Override
                  public void tooBig(String kind, int limit) {
                    messageTooBig(kind, limit);
                  }

                  @Override
                  public void protocolError(String reason) {
                    TyrusConnection.this.protocolError(reason);
                  }
                })
            : null;
  }

  /** The permessage-deflate extension offered, or null when compression is off. */
  PerMessageDeflate compression() {
    return compression;
  }

  /**
   * The size of Tyrus's incoming frame buffer: the largest message plus a header, plus room for one
   * read from the socket. Tyrus appends each read to the unparsed rest of the previous one and
   * fails when the sum exceeds this buffer, so without that room a read carrying the end of one
   * large frame and the start of the next would fail although both frames are within the limits.
   */
  static int frameBufferBytes(ConnectOptions options) {
    long bytes =
        (long) Math.max(options.maxTextMessageBytes(), options.maxBinaryMessageBytes())
            + FRAME_HEADER_BYTES
            + SocketReads.MAX_READ_BYTES;
    return (int) Math.min(Integer.MAX_VALUE - 8, bytes);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Adds the extra headers to the upgrade request and keeps the response's headers.
   *
   * <p>Tyrus's request map ignores case ({@code RequestContext}: a {@code TreeMap} with {@code
   * CASE_INSENSITIVE_ORDER}), so a name put twice in two spellings keeps only the last values; and
   * its Grizzly client writes one line per name, the values joined by {@code ", "} except after an
   * empty one ({@code GrizzlyClientFilter.getHttpContent}), which loses an empty value's place. So
   * the values of each name, in any spelling, are joined here, the RFC 9110 section 5.3 way, and
   * put as one value: the line carries every value in order. A header Tyrus sets itself that the
   * options also give ({@code Origin}) takes the options' values.
   */
  ClientEndpointConfig.Configurator configurator(Map<String, List<String>> headers) {
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    return new ClientEndpointConfig.Configurator() {
      @Override
      public void beforeRequest(Map<String, List<String>> request) {
        byName.forEach(
            (name, values) ->
                request.put(name, new ArrayList<>(List.of(String.join(", ", values)))));
      }

      @Override
      public void afterResponse(HandshakeResponse response) {
        synchronized (stateLock) {
          responseHeaders = Map.copyOf(response.getHeaders());
          responded = true;
          stateLock.notifyAll();
        }
      }
    };
  }

  /**
   * The headers of the response that refused the handshake. Tyrus fails the connect first and calls
   * {@code afterResponse} (which keeps them) just after, on its own thread; so this waits for that
   * call, at most {@code wait}, and gives empty headers if it did not come (a redirect, for which
   * Tyrus does not call it). Called on the thread that connects, once the connect failed.
   */
  Map<String, List<String>> refusedResponseHeaders(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (stateLock) {
      try {
        while (!responded) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return Map.of();
          }
          TimeUnit.NANOSECONDS.timedWait(stateLock, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller sees it; the headers are not worth more
        return responded ? responseHeaders : Map.of();
      }
      return responseHeaders;
    }
  }

  /**
   * connect() succeeded: builds the handshake and starts the keepalive.
   *
   * @param scheduler the keepalive timer, or null for no keepalive
   */
  void opened(KeepaliveScheduler scheduler, Duration interval, Duration pongTimeout) {
    Session opened;
    Map<String, List<String>> headers;
    synchronized (stateLock) {
      opened = session;
      headers = responseHeaders;
    }
    Handshake made = Handshake.of(uri, headers, opened.getNegotiatedSubprotocol());
    synchronized (stateLock) {
      handshake = made;
    }
    if (scheduler != null) {
      startKeepalive(scheduler, interval, pongTimeout);
    }
  }

  /**
   * Keeps {@code secrets} registered while the connection is open and for {@code grace} after it
   * ended: Tyrus logs about a session after connect() returned (a session's toString holds the
   * URI).
   */
  void redactLogsUntilEnd(LogRedaction.Registration secrets, Duration grace) {
    synchronized (stateLock) {
      if (!finished) {
        logSecrets = secrets;
        logSecretsGrace = grace;
        return;
      }
    }
    secrets.closeAfter(grace); // ended already
  }

  /** connect() gave up (timeout, interrupt, failure): nothing will read this connection. */
  void cancel() {
    Session opened;
    synchronized (stateLock) {
      cancelled = true;
      opened = session;
    }
    closeHold.release();
    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);
    finish();
    if (opened != null) {
      closeQuietly(opened, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "connect gave up"));
    }
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
    return inbox.take(-1);
  }

  @Override
  public Message read(Duration timeout) throws IOException, InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return inbox.take(timeout.isNegative() ? 0 : Durations.saturatedNanos(timeout));
  }

  /**
   * Takes the next message if one has arrived; taking makes room, so a Grizzly worker parked in
   * {@link Inbox#put} for this connection goes on reading its socket.
   */
  @Override
  public Message poll() throws IOException {
    return inbox.poll();
  }

  /**
   * Runs {@code listener} once a message or the close is there: at once on the caller if so now;
   * else on the Grizzly worker that delivers the next message (Tyrus's container thread for this
   * connection), or on the thread that closes: that worker for the server's close frame or a
   * protocol error (before it waits for the engine's replies), the transport's keepalive timer for
   * a missing pong, or the engine's thread in {@link #close} or {@link #abort}.
   */
  @Override
  public void whenReadable(Runnable listener) {
    inbox.whenReadable(listener);
  }

  @Override
  public void sendText(String text) throws IOException {
    Objects.requireNonNull(text, "text");
    RemoteEndpoint.Basic basic = remoteForData();
    sendLock.lock();
    try {
      basic.sendText(text);
    } catch (IllegalStateException e) {
      throw closedException(e);
    } catch (IOException e) {
      throw inbox.closedWith() == null ? e : closedException(e);
    } finally {
      sendLock.unlock();
    }
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    Objects.requireNonNull(data, "data");
    RemoteEndpoint.Basic basic = remoteForData();
    sendLock.lock();
    try {
      basic.sendBinary(data);
    } catch (IllegalStateException e) {
      throw closedException(e);
    } catch (IOException e) {
      throw inbox.closedWith() == null ? e : closedException(e);
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
      // Registered before the closed check: finish() fails what it finds, so no ping waits forever.
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
    // The caller is done with the messages it read: a close Tyrus holds back may go on.
    closeHold.release();
    // Reads report what we sent, after the messages that came before; a parked Tyrus thread is
    // released (its message dropped), so Tyrus can process the close without waiting for readers.
    if (!inbox.close(status, null)) {
      return; // closed already, by either side; if by Tyrus, its close frame goes out now
    }
    finish();
    Session open = session();
    try {
      open.close(CloseStatuses.toTyrus(status));
    } catch (IllegalStateException alreadyClosed) {
      // Tyrus closed it meanwhile (the server's close frame or the link); nothing left to send.
    }
  }

  @Override
  public void abort() {
    closeHold.release();
    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);
    finish();
    Session open = session();
    if (open != null) {
      // Tyrus offers no abort: close sends a close frame without waiting and drops the socket.
      closeQuietly(open, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "aborted"));
    }
  }

  @Override
  public boolean isOpen() {
    Session open = session();
    return inbox.closedWith() == null && open != null && open.isOpen();
  }

  /** Whether Tyrus's thread waits for room in the hand-off: the socket is not being read. */
  boolean receivingBlocked() {
    return inbox.producerParked();
  }

  /** The Tyrus session's idle timeout: -1, off (for tests). */
  long tyrusIdleTimeout() {
    return session().getMaxIdleTimeout();
  }

  @Override
  public String toString() {
    CloseStatus closed = inbox.closedWith();
    return "TyrusConnection["
        + Redaction.uri(uri)
        + (closed == null ? ", open]" : ", closed " + closed + "]");
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving (Tyrus's delivery thread)

  private void onText(String part, boolean last) {
    lastHeardNanos = System.nanoTime();
    if (tooBig) {
      return;
    }
    if (textParts == null && last && 3L * part.length() <= maxTextBytes) {
      deliver(Message.text(part)); // one frame, surely within the limit: no counting, no copy
      return;
    }
    long size = textBytes + Utf8.length(part);
    if (size > maxTextBytes) {
      messageTooBig("text", maxTextBytes);
      return;
    }
    if (last && textParts == null) {
      deliver(Message.text(part));
      return;
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
      deliver(Message.text(text));
    }
  }

  private void onBinary(ByteBuffer part, boolean last) {
    lastHeardNanos = System.nanoTime();
    if (tooBig) {
      return;
    }
    long size = binaryBytes + part.remaining();
    if (size > maxBinaryBytes) {
      messageTooBig("binary", maxBinaryBytes);
      return;
    }
    if (last && binaryParts == null) {
      // Tyrus copies each frame's payload into a fresh array for us: safe to keep without a copy.
      deliver(Message.binary(part));
      return;
    }
    if (binaryParts == null) {
      binaryParts = new ArrayList<>();
    }
    binaryParts.add(part);
    binaryBytes = size;
    if (last) {
      ByteBuffer whole = ByteBuffer.allocate((int) size);
      binaryParts.forEach(whole::put);
      whole.flip();
      binaryParts = null;
      binaryBytes = 0;
      deliver(Message.binary(whole));
    }
  }

  private void onPong(PongMessage pong) {
    long now = System.nanoTime();
    lastHeardNanos = now;
    ByteBuffer data = pong.getApplicationData();
    if (data.remaining() == PING_ID_BYTES) {
      long id = data.getLong(data.position());
      // A pong answers its ping and, as servers may answer only the latest, every earlier one.
      ConcurrentNavigableMap<Long, CompletableFuture<Long>> answered =
          pendingPings.headMap(id, true);
      answered.values().forEach(f -> f.complete(now));
    }
  }

  private void deliver(Message message) {
    if (!inbox.put(message)) {
      LOG.log(Level.TRACE, "{0}: {1} arrived after the close and was dropped", this, message);
    }
  }

  /** A message crossed its limit: drop what we have of it and close with 1009. */
  private void messageTooBig(String kind, int limit) {
    tooBig = true;
    textParts = null;
    binaryParts = null;
    CloseStatus status =
        CloseStatuses.tooBig(kind + " message over the limit of " + limit + " bytes");
    if (inbox.close(status, null)) {
      finish();
      Session open = session();
      closeQuietly(open, CloseStatuses.toTyrus(status));
    }
  }

  /**
   * The server's stream broke the protocol where Tyrus does not look (a masked frame, a negative
   * length; see {@link dev.wsengine.tyrus.internal.GuardedGrizzlyContainer}): close with 1002, as
   * Tyrus does for the violations it finds, and as there, only once the engine is done with the
   * messages before it (their replies still go out) and closes, or after {@link #REPLY_GRACE}.
   * Called on Tyrus's delivery thread, after the frames before the offending one were delivered;
   * nothing of it or after it will be. That thread waits in the {@link CloseHold}, as in {@link
   * TyrusEndpoint#onClose}, holding no lock of ours.
   */
  void protocolError(String reason) {
    CloseStatus status = CloseStatus.PROTOCOL_ERROR.withReason(Utf8.closeReason(reason));
    // As for a protocol error Tyrus finds (TyrusEndpoint.onClose): the engine replies to the
    // messages before it, then closes, which ends the hold; only then does 1002 go out.
    boolean hold = closeHold.begin();
    if (inbox.close(status, null)) {
      finish();
      if (hold) {
        awaitReplies(status);
      }
      closeQuietly(session(), CloseStatuses.toTyrus(status));
    } else if (hold) {
      closeHold.release(); // closed already, by either side: nothing to wait for
    }
  }

  /**
   * Holds the calling Grizzly worker, and with it the close for {@code status}, until the engine
   * has replied to the messages before it and closes, or {@link #REPLY_GRACE} has passed.
   */
  private void awaitReplies(CloseStatus status) {
    if (!closeHold.await(Durations.saturatedNanos(REPLY_GRACE))) {
      LOG.log(
          Level.DEBUG,
          "{0}: not closed within {1} of {2}; replies to the messages before it are no longer sent",
          this,
          REPLY_GRACE,
          status);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keepalive (the transport's timer thread)

  private void startKeepalive(
      KeepaliveScheduler scheduler, Duration interval, Duration pongTimeout) {
    ScheduledExecutorService timer = scheduler.acquire();
    boolean release;
    synchronized (stateLock) {
      release = finished;
      if (!finished) {
        keepaliveScheduler = scheduler;
        long every = Durations.saturatedNanos(interval);
        keepaliveTicks =
            timer.scheduleWithFixedDelay(
                () -> {
                  try {
                    keepaliveTick(timer, pongTimeout);
                  } catch (RuntimeException e) {
                    // A periodic task that throws is never run again; keep the keepalive alive.
                    LOG.log(Level.WARNING, "keepalive of " + this + " failed; it goes on", e);
                  }
                },
                every,
                every,
                TimeUnit.NANOSECONDS);
      }
    }
    if (release) {
      scheduler.release(); // closed while we were starting
    }
  }

  private void keepaliveTick(ScheduledExecutorService timer, Duration pongTimeout) {
    if (inbox.closedWith() != null || inbox.producerParked()) {
      return; // closed, or full: then the engine is slow, not the server, and pongs wait behind
      // data
    }
    synchronized (stateLock) {
      if (finished || (pongDeadline != null && !pongDeadline.isDone())) {
        return; // the last ping's deadline is still ahead: that ping speaks for this one too
      }
    }
    long sentAt = System.nanoTime();
    try {
      sendPing(pingIds.incrementAndGet());
    } catch (IOException closed) {
      return;
    }
    synchronized (stateLock) {
      if (!finished) {
        pongDeadline =
            timer.schedule(
                () -> pongDeadline(sentAt, pongTimeout),
                Durations.saturatedNanos(pongTimeout),
                TimeUnit.NANOSECONDS);
      }
    }
  }

  private void pongDeadline(long pingSentAt, Duration pongTimeout) {
    if (lastHeardNanos - pingSentAt >= 0 || inbox.producerParked()) {
      return; // heard from the server since, or not reading by choice
    }
    CloseStatus dead =
        CloseStatus.received(CloseStatus.ABNORMAL_CLOSURE.code(), "no pong within " + pongTimeout);
    if (inbox.close(dead, new TimeoutException("keepalive: no pong within " + pongTimeout))) {
      LOG.log(
          Level.DEBUG,
          "{0}: no pong within {1}; treating the connection as dead",
          this,
          pongTimeout);
      finish();
      closeQuietly(session(), new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "no pong"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private void sendPing(long id) throws IOException {
    RemoteEndpoint.Basic basic = openRemote();
    try {
      // Tyrus writes a ping without waiting for the socket, so this does not block.
      basic.sendPing(ByteBuffer.allocate(PING_ID_BYTES).putLong(0, id));
    } catch (IllegalStateException e) {
      throw closedException(e);
    }
  }

  /** Stops the keepalive and fails waiting pings; runs once, after the inbox closed. */
  private void finish() {
    KeepaliveScheduler release;
    LogRedaction.Registration secrets;
    Duration grace;
    synchronized (stateLock) {
      if (finished) {
        return;
      }
      finished = true;
      if (keepaliveTicks != null) {
        keepaliveTicks.cancel(false);
      }
      if (pongDeadline != null) {
        pongDeadline.cancel(false);
      }
      release = keepaliveScheduler;
      keepaliveScheduler = null;
      secrets = logSecrets;
      grace = logSecretsGrace;
      logSecrets = null;
    }
    if (release != null) {
      release.release();
    }
    if (secrets != null) {
      secrets.closeAfter(grace);
    }
    ConnectionClosedException closed = new ConnectionClosedException(closedStatus());
    pendingPings.values().forEach(f -> f.completeExceptionally(closed));
  }

  private CloseStatus closedStatus() {
    CloseStatus closed = inbox.closedWith();
    return closed == null ? CloseStatus.ABNORMAL_CLOSURE : closed;
  }

  private ConnectionClosedException closedException(Throwable cause) {
    return new ConnectionClosedException(closedStatus(), cause);
  }

  /**
   * The remote for a message: also while Tyrus's close is held back, so that the replies to the
   * messages before it go out (Tyrus itself refuses once it has moved on).
   */
  private RemoteEndpoint.Basic remoteForData() throws ConnectionClosedException {
    CloseStatus closed = inbox.closedWith();
    if (closed != null && !closeHold.holding()) {
      throw new ConnectionClosedException(closed);
    }
    synchronized (stateLock) {
      return remote;
    }
  }

  private RemoteEndpoint.Basic openRemote() throws ConnectionClosedException {
    CloseStatus closed = inbox.closedWith();
    if (closed != null) {
      throw new ConnectionClosedException(closed);
    }
    synchronized (stateLock) {
      return remote;
    }
  }

  private Session session() {
    synchronized (stateLock) {
      return session;
    }
  }

  private static void closeQuietly(Session open, CloseReason reason) {
    if (open == null) {
      return;
    }
    try {
      open.close(reason);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.TRACE, "closing a Tyrus session failed; it is gone either way", e);
    }
  }

  /** What Tyrus calls: one instance per connection. */
  private final class TyrusEndpoint extends Endpoint {
    @Override
    public void onOpen(Session opened, EndpointConfig config) {
      // Tyrus's idle timeout reschedules a timer task on every message and cannot tell a dead link
      // from a quiet one anyway; liveness is the keepalive's job.
      opened.setMaxIdleTimeout(-1);
      opened.addMessageHandler(
          String.class, (MessageHandler.Partial<String>) TyrusConnection.this::onText);
      opened.addMessageHandler(
          ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) TyrusConnection.this::onBinary);
      opened.addMessageHandler(
          PongMessage.class, (MessageHandler.Whole<PongMessage>) TyrusConnection.this::onPong);
      boolean giveUp;
      synchronized (stateLock) {
        session = opened;
        remote = opened.getBasicRemote();
        giveUp = cancelled;
      }
      if (giveUp) {
        closeQuietly(opened, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "connect gave up"));
      }
    }

    /**
     * Tyrus closes: called before Tyrus writes its close frame, on the thread that closes (for a
     * close frame or a protocol error, the Grizzly worker that read it; for our own close, ours).
     * If Tyrus closes on what it read and the link is up, holds that thread until the engine is
     * done with the messages before the close (see {@link CloseHold}).
     */
    @Override
    public void onClose(Session closed, CloseReason reason) {
      CloseStatus status = CloseStatuses.fromTyrus(reason);
      boolean overflow = CloseStatuses.isFrameOverflow(reason);
      // Begun before the inbox closes, so no reply to an earlier message finds it closed meanwhile.
      // Not when the link is gone (nothing can be sent) or a frame overflowed (we close with 1009).
      boolean hold =
          status.code() != CloseStatus.ABNORMAL_CLOSURE.code() && !overflow && closeHold.begin();
      boolean first = inbox.close(status, null);
      if (first && overflow) {
        sendTooBigInstead(status);
      }
      finish();
      if (hold && !first) {
        closeHold.release(); // our own close (or a keepalive's, or 1009's): nothing to wait for
      } else if (hold) {
        awaitReplies(status);
      }
    }

    @Override
    public void onError(Session failed, Throwable error) {
      LOG.log(Level.DEBUG, "Tyrus reported an error on " + TyrusConnection.this, error);
    }
  }

  /**
   * A frame overflowed Tyrus's buffer, and Tyrus is about to answer with 1011. Close with 1009
   * first, as for any message over the limit: Tyrus tells the endpoint before it changes the
   * socket's state, so the remote endpoint still sends, and Tyrus then skips its own close frame.
   */
  private void sendTooBigInstead(CloseStatus status) {
    RemoteEndpoint.Basic basic;
    synchronized (stateLock) {
      basic = remote;
    }
    if (basic instanceof TyrusRemoteEndpoint tyrus) {
      try {
        tyrus.close(CloseStatuses.toTyrus(status));
      } catch (RuntimeException e) {
        LOG.log(Level.TRACE, "sending 1009 instead of Tyrus's 1011 failed", e);
      }
    }
  }
}
