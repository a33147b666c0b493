package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Correlation;
import dev.wsengine.Message;
import dev.wsengine.internal.Durations;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry.RequestOutcome;
import dev.wsengine.runtime.internal.telemetry.SessionTelemetry;
import dev.wsengine.spi.EngineClock;
import io.opentelemetry.api.trace.Span;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's requests waiting for their reply ({@code docs/requests.md}): request id to {@link
 * Pending}. A request ends exactly once, by whichever comes first: its reply ({@link #claim}, then
 * {@link #complete}), its timeout (a wake-up on the engine's clock), or the end of the session
 * ({@link #closeAll}), or a failed send.
 *
 * <p>Threads: {@link #request} on the caller's thread (any); {@link #claim} and {@link #complete}
 * on a reader (or the {@link EarlyReader}'s task before the readers start); the timeout as a task
 * handed over by the engine's timer; {@link #closeAll} on whichever thread ends the session. {@link
 * #lock} guards the map and the closed state; it is held only to add, find and remove entries,
 * never while sending, calling the correlation or completing a future (whose dependent stages run
 * user code).
 */
final class PendingRequests {
  /**
   * Queues the request's message: the connection's async send, so that the caller never waits and
   * the request's timeout covers the time the message spends in the send queue.
   */
  interface Send {
    CompletableFuture<Void> send();
  }

  /** One request waiting for its reply. */
  static final class Pending {
    final String id;

    /** What the reply becomes: null for a text request's raw text reply. */
    final Class<?> replyType;

    final Duration timeout;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    final Span span;
    final long startedNanos = System.nanoTime();

    /** Ended: by its reply, timeout, failed send or the session's end. Guarded by the lock. */
    private boolean done;

    /** Its timeout's wake-up, once armed. Guarded by the lock. */
    private EngineClock.Cancellable wake;

    Pending(String id, Class<?> replyType, Duration timeout, Span span) {
      this.id = id;
      this.replyType = replyType;
      this.timeout = timeout;
      this.span = span;
    }
  }

  private final RequestOptions options;
  private final Correlation correlation;
  private final MessageCodecs codecs;
  private final EngineTelemetry telemetry;
  private final SessionTelemetry session;
  private final EngineClock clock;
  private final EngineExecutor executor;
  private final String sessionName;

  private final ReentrantLock lock = new ReentrantLock();

  @GuardedBy("lock")
  private final Map<String, Pending> pending = new HashMap<>();

  /**
   * How many are pending, readable without the lock: a reader asks the correlation about a message
   * only while some are (a reply never comes before its request is registered).
   */
  private volatile int inFlight;

  /** Why the session ended, once it has: every request from then on fails with it. */
  @GuardedBy("lock")
  private ConnectionClosedException closed;

  PendingRequests(
      RequestOptions options,
      MessageCodecs codecs,
      EngineTelemetry telemetry,
      SessionTelemetry session,
      EngineClock clock,
      EngineExecutor executor,
      String sessionName) {
    this.options = options;
    this.correlation = options.correlation();
    this.codecs = codecs;
    this.telemetry = telemetry;
    this.session = session;
    this.clock = clock;
    this.executor = executor;
    this.sessionName = sessionName;
  }

  /**
   * Registers a request, arms its timeout, then sends it with {@code send} (in the request span, so
   * the write is its child); {@code early}, if not null, reads replies before the readers start.
   *
   * @param request what the correlation reads the id from
   * @param replyType what the reply becomes; null for the raw text of a text request
   */
  @SuppressWarnings("try") // the scope makes the request span current for the send
  CompletableFuture<Object> request(
      Object request, Class<?> replyType, Duration timeout, Send send, EarlyReader early) {
    String id = correlation.requestId(request);
    if (id == null) {
      throw new IllegalArgumentException(
          "the correlation gave no id (null) for the request, a "
              + request.getClass().getName()
              + "; Correlation.requestId must return the id the request carries");
    }
    Pending added = new Pending(id, replyType, timeout, session.startRequest(id));
    RuntimeException refused = null;
    ConnectionClosedException ended;
    lock.lock();
    try {
      ended = closed;
      if (ended != null) {
        refused = null; // failed below with the session's end
      } else if (pending.containsKey(id)) {
        refused =
            new IllegalStateException(
                "a request with id "
                    + id
                    + " is already waiting for its reply on "
                    + sessionName
                    + "; the ids of pending requests must be unique");
      } else if (pending.size() >= options.maxInFlight()) {
        refused =
            new IllegalStateException(
                "maxRequestsInFlight "
                    + options.maxInFlight()
                    + " reached: that many requests already wait for their reply on "
                    + sessionName
                    + "; wait for some to end, or raise WebSocketEngine.Builder"
                    + ".maxRequestsInFlight(int)");
      } else {
        pending.put(id, added);
        inFlight = pending.size();
      }
    } finally {
      lock.unlock();
    }
    if (refused != null) {
      fail(added, RequestOutcome.ERROR, refused);
      return added.future;
    }
    if (ended != null) {
      fail(added, RequestOutcome.CLOSED, closedFor(ended, added.id));
      return added.future;
    }
    armTimeout(added);
    if (early != null) {
      early.demand();
    }
    CompletableFuture<Void> sent;
    try (var inRequest = EngineTelemetry.activate(added.span)) {
      sent = send.send();
    } catch (RuntimeException e) {
      end(added, RequestOutcome.ERROR, e);
      return added.future;
    }
    var unused =
        sent.whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                return;
              }
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              end(
                  added,
                  cause instanceof ConnectionClosedException
                      ? RequestOutcome.CLOSED
                      : RequestOutcome.ERROR,
                  cause);
            });
    return added.future;
  }

  private void armTimeout(Pending request) {
    // Saturated: a timeout of centuries means no deadline, not an overflow.
    long nanos = Math.min(Durations.saturatedNanos(request.timeout), Long.MAX_VALUE / 4);
    EngineClock.Cancellable wake;
    try {
      wake = clock.timeout(clock.nanoTime() + nanos, () -> timeoutDue(request), executor.timer());
    } catch (RuntimeException refused) {
      end(request, RequestOutcome.ERROR, refused); // no timer thread: the engine is stopping
      return;
    }
    boolean cancel;
    lock.lock();
    try {
      cancel = request.done;
      request.wake = wake;
    } finally {
      lock.unlock();
    }
    if (cancel) {
      wake.cancel();
    }
  }

  /** The timeout passed: on the timer's thread, so the request's end is a task of its own. */
  private void timeoutDue(Pending request) {
    Runnable timedOut =
        () ->
            end(
                request,
                RequestOutcome.TIMEOUT,
                new TimeoutException(
                    "no reply to request "
                        + request.id
                        + " on "
                        + sessionName
                        + " within its timeout "
                        + request.timeout));
    try {
      executor.execute("request-timeout", timedOut);
    } catch (RuntimeException refused) {
      timedOut.run(); // no thread to hand it to: the engine is stopping
    }
  }

  /** Whether a request waits for its reply: the early reader reads on only while one does. */
  boolean hasPending() {
    return inFlight > 0;
  }

  /**
   * The request {@code incoming} answers, taken out of the map (so its timeout and the session's
   * end no longer end it), or null when it answers none that is pending. Asks the correlation only
   * while a request is pending. Any thread; the caller then calls {@link #complete}.
   */
  Pending claim(Message incoming) {
    if (inFlight == 0) {
      return null;
    }
    String id;
    try {
      id = correlation.replyId(incoming);
    } catch (RuntimeException e) {
      return null; // not readable as a reply: @OnMessage gets it
    }
    if (id == null) {
      return null;
    }
    lock.lock();
    try {
      Pending found = pending.get(id);
      if (found == null || found.done) {
        return null;
      }
      take(found);
      return found;
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private void take(Pending request) {
    request.done = true;
    pending.remove(request.id, request);
    inFlight = pending.size();
  }

  /**
   * Completes a request {@link #claim}ed for {@code reply} with the reply, converted to its reply
   * type, in a {@code wsengine.request.reply} span (a child of the request's span, linked to {@code
   * read}); a reply that cannot be converted fails it. Call with no lock held: the future's
   * dependent stages run here.
   */
  @SuppressWarnings("try") // the scope makes the reply span current for the future's stages
  void complete(Pending request, Message reply, Span read) {
    cancelWake(request);
    Span replySpan = telemetry.startReply(request.span, read);
    try (var inReply = EngineTelemetry.activate(replySpan)) {
      Object value;
      try {
        value = convert(request, reply);
      } catch (Exception e) {
        telemetry.endRequest(request.span, request.startedNanos, RequestOutcome.ERROR, e);
        request.future.completeExceptionally(e);
        return;
      }
      telemetry.endRequest(request.span, request.startedNanos, RequestOutcome.OK, null);
      request.future.complete(value);
    } finally {
      replySpan.end();
    }
  }

  private Object convert(Pending request, Message reply) throws Exception {
    Class<?> type = request.replyType;
    if (type == null || type == String.class) {
      if (!reply.isText()) {
        throw new IllegalStateException(
            "the reply to request "
                + request.id
                + " is a binary message, but a String was asked for; ask for Message.class or"
                + " byte[].class to take binary replies");
      }
      return reply.text();
    }
    if (type == Message.class) {
      return reply.isText() ? reply : Message.binary(reply.binaryAsArray()); // the view is not ours
    }
    if (type == byte[].class || type == ByteBuffer.class) {
      if (reply.isText()) {
        throw new IllegalStateException(
            "the reply to request "
                + request.id
                + " is a text message, but "
                + type.getSimpleName()
                + " was asked for; ask for String.class or Message.class to take text replies");
      }
      byte[] bytes = reply.binaryAsArray();
      return type == byte[].class ? bytes : ByteBuffer.wrap(bytes);
    }
    Optional<Object> decoded = codecs.decode(reply);
    if (decoded.isEmpty()) {
      throw new IllegalStateException(
          "no decoder of the handler takes the reply to request "
              + request.id
              + " (a "
              + (reply.isText() ? "text" : "binary")
              + " message), so it cannot become the reply type "
              + type.getName()
              + "; add a decoder for it to the handler's @Codecs or the builder's codec(...)");
    }
    Object value = decoded.get();
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "the reply to request "
              + request.id
              + " decoded to a "
              + value.getClass().getName()
              + ", not the reply type "
              + type.getName());
    }
    return value;
  }

  /**
   * The session ended ({@code why}: lost, restart, exit, stop, or its open failed): every pending
   * request fails at once with a {@link ConnectionClosedException}, and so does every later one.
   * Idempotent: the first call's reason stays. Call with no lock held.
   */
  void closeAll(String why, CloseStatus status) {
    List<Pending> ended;
    ConnectionClosedException cause;
    lock.lock();
    try {
      if (closed == null) {
        closed =
            new ConnectionClosedException(
                status, new IllegalStateException(sessionName + " ended: " + why));
      }
      cause = closed;
      ended = new ArrayList<>(pending.values());
      for (Pending request : ended) {
        request.done = true;
      }
      pending.clear();
      inFlight = 0;
    } finally {
      lock.unlock();
    }
    for (Pending request : ended) {
      finish(request, RequestOutcome.CLOSED, closedFor(cause, request.id));
    }
  }

  private ConnectionClosedException closedFor(ConnectionClosedException ended, String id) {
    return new ConnectionClosedException(
        ended.status(),
        new IllegalStateException(
            ended.getCause().getMessage() + ", before the reply to request " + id + " came"));
  }

  /** Ends {@code request} with {@code failure} unless it has ended already. */
  private void end(Pending request, RequestOutcome outcome, Throwable failure) {
    lock.lock();
    try {
      if (request.done) {
        return;
      }
      take(request);
    } finally {
      lock.unlock();
    }
    finish(request, outcome, failure);
  }

  /** Fails a request that was never registered. */
  private void fail(Pending request, RequestOutcome outcome, Throwable failure) {
    lock.lock();
    try {
      request.done = true;
    } finally {
      lock.unlock();
    }
    finish(request, outcome, failure);
  }

  private void finish(Pending request, RequestOutcome outcome, Throwable failure) {
    cancelWake(request);
    telemetry.endRequest(request.span, request.startedNanos, outcome, failure);
    request.future.completeExceptionally(failure);
  }

  private void cancelWake(Pending request) {
    EngineClock.Cancellable wake;
    lock.lock();
    try {
      wake = request.wake;
      request.wake = null;
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      wake.cancel();
    }
  }
}
