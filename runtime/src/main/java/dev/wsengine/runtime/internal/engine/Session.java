package dev.wsengine.runtime.internal.engine;

import dev.wsengine.CloseStatus;
import dev.wsengine.runtime.internal.telemetry.SessionTelemetry;
import dev.wsengine.spi.TransportConnection;
import java.util.UUID;
import java.util.function.Function;

/**
 * One open connection, from a successful {@code @OnOpen} to its {@code @OnClose}.
 *
 * <p>Threading: {@link #ending} and {@link #discarding} are volatile so readers can check them
 * without the engine's lock; they only go from false to true, always under the engine's lock. The
 * other mutable fields are guarded by the engine's lock ({@code EngineCore.lock}).
 */
final class Session {
  /**
   * Why a session ends, by increasing precedence: a later, stronger reason replaces a weaker one.
   */
  enum End {
    /** The connection closed or died under us; the server's status is in {@link #received}. */
    LOST,
    /** {@code restart()} was called. */
    RESTART,
    /** {@code exit()} or {@code stop()} was called. */
    EXIT
  }

  final UUID id;
  final TransportConnection transport;
  final SessionConnection connection;

  /** Its id as span attributes, and the open span its later spans link to. */
  final SessionTelemetry telemetry;

  private volatile boolean ending;

  /** Whether messages read but not yet dispatched are dropped: on restart, exit and stop only. */
  private volatile boolean discarding;

  /** Guarded by the engine's lock. */
  End end;

  /**
   * Guarded by the engine's lock. The status the transport reported if the connection was lost,
   * else null.
   */
  CloseStatus received;

  /** Guarded by the engine's lock. When the session became current, by the engine's clock. */
  long openedAtNanos;

  /** Reads and processes the session's messages, from the end of {@code @OnOpen}. */
  final MessagePump pump;

  /** What {@code @OnMessage} and {@code @OnReadError} of this session are called with. */
  final Scope scope;

  /** Its requests waiting for replies; null when the engine has no correlation. */
  final PendingRequests requests;

  Session(
      UUID id,
      TransportConnection transport,
      SessionConnection connection,
      SessionTelemetry telemetry,
      Function<Session, MessagePump> pump,
      PendingRequests requests) {
    this.id = id;
    this.requests = requests;
    this.transport = transport;
    this.connection = connection;
    this.telemetry = telemetry;
    this.scope = Scope.message(connection, connection.engine());
    this.pump = pump.apply(this);
  }

  boolean isEnding() {
    return ending;
  }

  boolean isDiscarding() {
    return discarding;
  }

  /** Records why the session ends; the strongest reason wins. Caller holds the engine's lock. */
  void end(End reason, CloseStatus status) {
    if (end == null || reason.compareTo(end) > 0) {
      end = reason;
    }
    if (reason == End.LOST && received == null) {
      received = status; // the server closed it, whatever else was asked: OnClose gets its status
    }
    if (reason != End.LOST) {
      // A lost connection still hands out what arrived before the close, and it is dispatched.
      discarding = true;
    }
    ending = true;
  }

  /**
   * Fails the session's pending requests, and every later one, with {@code
   * ConnectionClosedException} ({@code why} says how it ended). Call once the session is marked
   * ending (or its open failed), with no lock held; idempotent.
   */
  void failRequests(String why, CloseStatus status) {
    if (requests != null) {
      requests.closeAll(why, status);
    }
  }

  @Override
  public String toString() {
    return "session " + id;
  }
}
